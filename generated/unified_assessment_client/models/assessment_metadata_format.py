from enum import StrEnum
from typing import Any


class AssessmentMetadataFormat(StrEnum):
    """Open enum: a value the contract does not list yet (the vendor adds kinds) becomes a
    pseudo-member holding the raw value, which is sent back unchanged."""

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

    @classmethod
    def _missing_(cls, value: Any) -> "AssessmentMetadataFormat | None":
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """Whether the contract lists this value."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)
