from ..types import OpenStrEnum


class WebhookObjectType(OpenStrEnum):
    """The kind of object a webhook watches. The vendor lists 175; these are this API's, and any other value is kept as sent. (an open enum: see types.OpenStrEnum)."""

    ASSESSMENT_ORDER = "assessment_order"
    ASSESSMENT_PACKAGE = "assessment_package"
