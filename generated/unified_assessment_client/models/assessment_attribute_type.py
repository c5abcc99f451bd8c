from ..types import OpenStrEnum


class AssessmentAttributeType(OpenStrEnum):
    """Kind of result attribute (an open enum: see types.OpenStrEnum)."""

    NUMBER = "NUMBER"
    SUB_RESULT = "SUB_RESULT"
    TEXT = "TEXT"
