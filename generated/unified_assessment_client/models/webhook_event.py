from ..types import OpenStrEnum


class WebhookEvent(OpenStrEnum):
    """What happened to an object (an open enum: see types.OpenStrEnum)."""

    CREATED = "created"
    DELETED = "deleted"
    UPDATED = "updated"
