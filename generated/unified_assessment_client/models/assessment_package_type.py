from ..types import OpenStrEnum


class AssessmentPackageType(OpenStrEnum):
    """Kind of assessment package (an open enum: see types.OpenStrEnum)."""

    BACKGROUND_CHECK = "BACKGROUND_CHECK"
    BEHAVIORAL_ASSESSMENT = "BEHAVIORAL_ASSESSMENT"
    OTHER = "OTHER"
    REFERENCE_CHECK = "REFERENCE_CHECK"
    SKILLS_TEST = "SKILLS_TEST"
    VIDEO_INTERVIEW = "VIDEO_INTERVIEW"
