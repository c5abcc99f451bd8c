"""Contains all the data models used in inputs/outputs"""

from .assessment_metadata import AssessmentMetadata
from .assessment_metadata_format import AssessmentMetadataFormat
from .assessment_metadata_object import AssessmentMetadataObject
from .assessment_package import AssessmentPackage
from .assessment_package_raw import AssessmentPackageRaw
from .assessment_package_region import AssessmentPackageRegion
from .assessment_package_type import AssessmentPackageType
from .assessment_parameter import AssessmentParameter
from .assessment_parameter_type import AssessmentParameterType
from .error import Error
from .error_detail import ErrorDetail

__all__ = (
    "AssessmentMetadata",
    "AssessmentMetadataFormat",
    "AssessmentMetadataObject",
    "AssessmentPackage",
    "AssessmentPackageRaw",
    "AssessmentPackageRegion",
    "AssessmentPackageType",
    "AssessmentParameter",
    "AssessmentParameterType",
    "Error",
    "ErrorDetail",
)
