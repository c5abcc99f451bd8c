"""Contains all the data models used in inputs/outputs"""

from .assessment_address import AssessmentAddress
from .assessment_attribute import AssessmentAttribute
from .assessment_attribute_type import AssessmentAttributeType
from .assessment_metadata import AssessmentMetadata
from .assessment_metadata_format import AssessmentMetadataFormat
from .assessment_metadata_object import AssessmentMetadataObject
from .assessment_order import AssessmentOrder
from .assessment_order_delivery import AssessmentOrderDelivery
from .assessment_order_raw import AssessmentOrderRaw
from .assessment_order_status import AssessmentOrderStatus
from .assessment_package import AssessmentPackage
from .assessment_package_delivery import AssessmentPackageDelivery
from .assessment_package_raw import AssessmentPackageRaw
from .assessment_package_region import AssessmentPackageRegion
from .assessment_package_type import AssessmentPackageType
from .assessment_parameter import AssessmentParameter
from .assessment_parameter_input import AssessmentParameterInput
from .assessment_parameter_type import AssessmentParameterType
from .assessment_profile_gender import AssessmentProfileGender
from .assessment_response_detail import AssessmentResponseDetail
from .error import Error
from .error_detail import ErrorDetail
from .webhook import Webhook
from .webhook_db_type import WebhookDbType
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_data_item import WebhookDeliveryDataItem
from .webhook_delivery_type import WebhookDeliveryType
from .webhook_event import WebhookEvent
from .webhook_filters import WebhookFilters
from .webhook_object_type import WebhookObjectType
from .webhook_type import WebhookType

__all__ = (
    "AssessmentAddress",
    "AssessmentAttribute",
    "AssessmentAttributeType",
    "AssessmentMetadata",
    "AssessmentMetadataFormat",
    "AssessmentMetadataObject",
    "AssessmentOrder",
    "AssessmentOrderDelivery",
    "AssessmentOrderRaw",
    "AssessmentOrderStatus",
    "AssessmentPackage",
    "AssessmentPackageDelivery",
    "AssessmentPackageRaw",
    "AssessmentPackageRegion",
    "AssessmentPackageType",
    "AssessmentParameter",
    "AssessmentParameterInput",
    "AssessmentParameterType",
    "AssessmentProfileGender",
    "AssessmentResponseDetail",
    "Error",
    "ErrorDetail",
    "Webhook",
    "WebhookDbType",
    "WebhookDelivery",
    "WebhookDeliveryDataItem",
    "WebhookDeliveryType",
    "WebhookEvent",
    "WebhookFilters",
    "WebhookObjectType",
    "WebhookType",
)
