from enum import StrEnum


class AssessmentPackageType(StrEnum):
    BACKGROUND_CHECK = "BACKGROUND_CHECK"
    BEHAVIORAL_ASSESSMENT = "BEHAVIORAL_ASSESSMENT"
    OTHER = "OTHER"
    REFERENCE_CHECK = "REFERENCE_CHECK"
    SKILLS_TEST = "SKILLS_TEST"
    VIDEO_INTERVIEW = "VIDEO_INTERVIEW"

    def __str__(self) -> str:
        return str(self.value)
