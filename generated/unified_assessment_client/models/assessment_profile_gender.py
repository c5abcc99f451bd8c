from ..types import OpenStrEnum


class AssessmentProfileGender(OpenStrEnum):
    """A candidate's gender (an open enum: see types.OpenStrEnum)."""

    FEMALE = "FEMALE"
    INTERSEX = "INTERSEX"
    MALE = "MALE"
    NON_BINARY = "NON_BINARY"
    TRANS = "TRANS"
