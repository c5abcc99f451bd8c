from ..types import OpenStrEnum


class AssessmentParameterType(OpenStrEnum):
    """Kind of answer a parameter expects (an open enum: see types.OpenStrEnum)."""

    DATE = "DATE"
    FILE = "FILE"
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE"
    MULTIPLE_SELECT = "MULTIPLE_SELECT"
    NUMBER = "NUMBER"
    TEXT = "TEXT"
