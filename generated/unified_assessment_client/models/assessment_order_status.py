from ..types import OpenStrEnum


class AssessmentOrderStatus(OpenStrEnum):
    """Where an assessment order, or a part of its result, stands (an open enum: see types.OpenStrEnum)."""

    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    IN_PROGRESS = "IN_PROGRESS"
    OPEN = "OPEN"
    REJECTED = "REJECTED"
