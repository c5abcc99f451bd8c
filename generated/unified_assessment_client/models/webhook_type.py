from ..types import OpenStrEnum


class WebhookType(OpenStrEnum):
    """How the vendor learns of changes (an open enum: see types.OpenStrEnum)."""

    NATIVE = "native"
    VIRTUAL = "virtual"
