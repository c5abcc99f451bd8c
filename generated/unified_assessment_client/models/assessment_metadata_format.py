from ..types import OpenStrEnum


class AssessmentMetadataFormat(OpenStrEnum):
    """How to read a metadata value (an open enum: see types.OpenStrEnum)."""

    BOOLEAN = "BOOLEAN"
    CURRENCY = "CURRENCY"
    DATE = "DATE"
    FILE = "FILE"
    MEASUREMENT = "MEASUREMENT"
    MULTIPLE_SELECT = "MULTIPLE_SELECT"
    NUMBER = "NUMBER"
    PRICE = "PRICE"
    SINGLE_SELECT = "SINGLE_SELECT"
    TEXT = "TEXT"
    TEXTAREA = "TEXTAREA"
    URL = "URL"
    YES_NO = "YES_NO"
