"""Contains all the data models used in inputs/outputs"""

from .assessment_package import AssessmentPackage
from .assessment_package_type import AssessmentPackageType
from .error import Error
from .error_detail import ErrorDetail

__all__ = (
    "AssessmentPackage",
    "AssessmentPackageType",
    "Error",
    "ErrorDetail",
)
