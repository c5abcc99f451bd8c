from ..types import OpenStrEnum


class WebhookDeliveryType(OpenStrEnum):
    """Why a delivery was sent: a page of the existing objects after `include_all` (`INITIAL-PARTIAL`, and `INITIAL-COMPLETE` for the last page), or a change found by polling (`VIRTUAL`) or by the integration's own webhook (`NATIVE`) (an open enum: see types.OpenStrEnum)."""

    INITIAL_COMPLETE = "INITIAL-COMPLETE"
    INITIAL_PARTIAL = "INITIAL-PARTIAL"
    NATIVE = "NATIVE"
    VIRTUAL = "VIRTUAL"
