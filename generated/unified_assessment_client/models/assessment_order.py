from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.assessment_order_status import AssessmentOrderStatus
from ..models.assessment_profile_gender import AssessmentProfileGender
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assessment_address import AssessmentAddress
    from ..models.assessment_attribute import AssessmentAttribute
    from ..models.assessment_metadata import AssessmentMetadata
    from ..models.assessment_order_raw import AssessmentOrderRaw
    from ..models.assessment_parameter_input import AssessmentParameterInput
    from ..models.assessment_response_detail import AssessmentResponseDetail


T = TypeVar("T", bound="AssessmentOrder")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {
            "type": "string",
            "description": "Unique identifier for the assessment order",
            "x-server-owned": True,
        },
        "created_at": {
            "type": "string",
            "description": "(ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "x-server-owned": True,
            "x-server-value": "creation-time",
            "examples": ["2026-11-29T10:20:00Z"],
        },
        "updated_at": {
            "type": "string",
            "description": "(ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "x-server-owned": True,
            "x-server-value": "update-time",
            "examples": ["2026-11-29T10:20:00Z"],
        },
        "workspace_id": {
            "type": "string",
            "description": "Workspace ID that this order belongs to",
            "readOnly": True,
            "x-server-value": "caller-workspace",
        },
        "connection_id": {
            "type": "string",
            "description": "Connection ID that this order belongs to",
            "readOnly": True,
        },
        "package_id": {"type": "string", "description": "The assessment package ordered"},
        "status": {
            "$ref": "#/components/schemas/AssessmentOrderStatus",
            "description": "Where the order stands",
        },
        "application_id": {
            "type": "string",
            "description": "The ATS's application the order is for",
        },
        "candidate_id": {"type": "string", "description": "The ATS's candidate to assess"},
        "company_id": {"type": "string", "description": "The ATS's company"},
        "employee_id": {
            "type": "string",
            "description": "The employee to assess, when the order is for an employee",
        },
        "job_id": {"type": "string", "description": "The ATS's job the candidate applied to"},
        "reference": {"type": "string", "description": "The ATS's own reference for the order"},
        "webhook_id": {"type": "string", "description": "The webhook that delivered the order"},
        "target_url": {
            "type": "string",
            "description": "Where the provider sends the result",
            "format": "uri",
        },
        "parameters": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentParameterInput"},
            "description": "Filled-in answers to the package's parameter questions",
        },
        "metadata": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentMetadata"},
            "description": "Extra values the integration keeps for this order",
        },
        "raw": {
            "type": "object",
            "additionalProperties": True,
            "description": "The integration's raw record of this order",
        },
        "profile_name": {"type": "string", "description": "The candidate's full name"},
        "profile_first_name": {"type": "string", "description": "The candidate's first name"},
        "profile_last_name": {"type": "string", "description": "The candidate's last name"},
        "profile_emails": {
            "type": "array",
            "items": {"type": "string", "format": "email"},
            "description": "The candidate's email addresses",
        },
        "profile_telephones": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The candidate's telephone numbers",
        },
        "profile_addresses": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentAddress"},
            "description": "The candidate's addresses",
        },
        "profile_date_of_birth": {
            "type": "string",
            "description": "The candidate's date of birth (YYYY-MM-DD)",
            "format": "date",
            "examples": ["1990-12-10"],
        },
        "profile_gender": {
            "$ref": "#/components/schemas/AssessmentProfileGender",
            "description": "The candidate's gender",
        },
        "profile_ip_address": {"type": "string", "description": "The candidate's IP address"},
        "profile_national_identifier": {
            "type": "string",
            "description": "The candidate's national identifier (for a background check, say)",
        },
        "profile_resume_url": {
            "type": "string",
            "description": "Where the candidate's resume can be downloaded",
            "format": "uri",
        },
        "profile_social_media_urls": {
            "type": "array",
            "items": {"type": "string", "format": "uri"},
            "description": "The candidate's social media profiles",
        },
        "response_status": {
            "$ref": "#/components/schemas/AssessmentOrderStatus",
            "description": "Where the assessment itself stands",
        },
        "response_score": {"type": "number", "description": "The candidate's score"},
        "response_max_score": {"type": "number", "description": "The highest score possible"},
        "response_url": {
            "type": "string",
            "description": "Where the result can be seen",
            "format": "uri",
        },
        "response_redirect_url": {
            "type": "string",
            "description": "Where the candidate takes the assessment",
            "format": "uri",
        },
        "response_download_urls": {
            "type": "array",
            "items": {"type": "string", "format": "uri"},
            "description": "Report download URLs",
        },
        "response_source": {"type": "string", "description": "Who produced the result"},
        "response_issued_at": {
            "type": "string",
            "description": "When the result was issued",
            "format": "date-time",
        },
        "response_completed_at": {
            "type": "string",
            "description": "When the candidate completed the assessment",
            "format": "date-time",
        },
        "response_expires_at": {
            "type": "string",
            "description": "When the result expires",
            "format": "date-time",
        },
        "response_attributes": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentAttribute"},
            "description": "Additional result attributes",
        },
        "response_details": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentResponseDetail"},
            "description": "Sections of the result, in words",
        },
    },
    "additionalProperties": True,
    "description": "An ATS's order of an assessment for a candidate, which the provider updates with the result",
}
_READ_ONLY: tuple[str, ...] = (
    "workspace_id",
    "connection_id",
)
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "workspace_id": "workspace_id",
    "connection_id": "connection_id",
    "package_id": "package_id",
    "status": "status",
    "application_id": "application_id",
    "candidate_id": "candidate_id",
    "company_id": "company_id",
    "employee_id": "employee_id",
    "job_id": "job_id",
    "reference": "reference",
    "webhook_id": "webhook_id",
    "target_url": "target_url",
    "parameters": "parameters",
    "metadata": "metadata",
    "raw": "raw",
    "profile_name": "profile_name",
    "profile_first_name": "profile_first_name",
    "profile_last_name": "profile_last_name",
    "profile_emails": "profile_emails",
    "profile_telephones": "profile_telephones",
    "profile_addresses": "profile_addresses",
    "profile_date_of_birth": "profile_date_of_birth",
    "profile_gender": "profile_gender",
    "profile_ip_address": "profile_ip_address",
    "profile_national_identifier": "profile_national_identifier",
    "profile_resume_url": "profile_resume_url",
    "profile_social_media_urls": "profile_social_media_urls",
    "response_status": "response_status",
    "response_score": "response_score",
    "response_max_score": "response_max_score",
    "response_url": "response_url",
    "response_redirect_url": "response_redirect_url",
    "response_download_urls": "response_download_urls",
    "response_source": "response_source",
    "response_issued_at": "response_issued_at",
    "response_completed_at": "response_completed_at",
    "response_expires_at": "response_expires_at",
    "response_attributes": "response_attributes",
    "response_details": "response_details",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {
    "parameters": "AssessmentParameterInput",
    "metadata": "AssessmentMetadata",
    "raw": "AssessmentOrderRaw",
    "profile_addresses": "AssessmentAddress",
    "response_attributes": "AssessmentAttribute",
    "response_details": "AssessmentResponseDetail",
}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "id": "id",
    "workspace_id": "workspace_id",
    "connection_id": "connection_id",
    "package_id": "package_id",
    "application_id": "application_id",
    "candidate_id": "candidate_id",
    "company_id": "company_id",
    "employee_id": "employee_id",
    "job_id": "job_id",
    "reference": "reference",
    "webhook_id": "webhook_id",
    "target_url": "target_url",
    "profile_name": "profile_name",
    "profile_first_name": "profile_first_name",
    "profile_last_name": "profile_last_name",
    "profile_emails": "profile_emails",
    "profile_telephones": "profile_telephones",
    "profile_date_of_birth": "profile_date_of_birth",
    "profile_ip_address": "profile_ip_address",
    "profile_national_identifier": "profile_national_identifier",
    "profile_resume_url": "profile_resume_url",
    "profile_social_media_urls": "profile_social_media_urls",
    "response_score": "response_score",
    "response_max_score": "response_max_score",
    "response_url": "response_url",
    "response_redirect_url": "response_redirect_url",
    "response_download_urls": "response_download_urls",
    "response_source": "response_source",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentOrder(_types.LazyModel):
    """An ATS's order of an assessment for a candidate, which the provider updates with the result

    Attributes:
        id (str | Unset): Unique identifier for the assessment order
        created_at (strtime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
        updated_at (strtime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
        workspace_id (str | Unset): Workspace ID that this order belongs to
        connection_id (str | Unset): Connection ID that this order belongs to
        package_id (str | Unset): The assessment package ordered
        status (AssessmentOrderStatus | Unset): Where an assessment order, or a part of its result, stands
        application_id (str | Unset): The ATS's application the order is for
        candidate_id (str | Unset): The ATS's candidate to assess
        company_id (str | Unset): The ATS's company
        employee_id (str | Unset): The employee to assess, when the order is for an employee
        job_id (str | Unset): The ATS's job the candidate applied to
        reference (str | Unset): The ATS's own reference for the order
        webhook_id (str | Unset): The webhook that delivered the order
        target_url (str | Unset): Where the provider sends the result
        parameters (list[AssessmentParameterInput] | Unset): Filled-in answers to the package's parameter questions
        metadata (list[AssessmentMetadata] | Unset): Extra values the integration keeps for this order
        raw (AssessmentOrderRaw | Unset): The integration's raw record of this order
        profile_name (str | Unset): The candidate's full name
        profile_first_name (str | Unset): The candidate's first name
        profile_last_name (str | Unset): The candidate's last name
        profile_emails (list[str] | Unset): The candidate's email addresses
        profile_telephones (list[str] | Unset): The candidate's telephone numbers
        profile_addresses (list[AssessmentAddress] | Unset): The candidate's addresses
        profile_date_of_birth (str | Unset): The candidate's date of birth (YYYY-MM-DD)
        profile_gender (AssessmentProfileGender | Unset): A candidate's gender
        profile_ip_address (str | Unset): The candidate's IP address
        profile_national_identifier (str | Unset): The candidate's national identifier (for a background check, say)
        profile_resume_url (str | Unset): Where the candidate's resume can be downloaded
        profile_social_media_urls (list[str] | Unset): The candidate's social media profiles
        response_status (AssessmentOrderStatus | Unset): Where an assessment order, or a part of its result, stands
        response_score (float | Unset): The candidate's score
        response_max_score (float | Unset): The highest score possible
        response_url (str | Unset): Where the result can be seen
        response_redirect_url (str | Unset): Where the candidate takes the assessment
        response_download_urls (list[str] | Unset): Report download URLs
        response_source (str | Unset): Who produced the result
        response_issued_at (strtime | Unset): When the result was issued
        response_completed_at (strtime | Unset): When the candidate completed the assessment
        response_expires_at (strtime | Unset): When the result expires
        response_attributes (list[AssessmentAttribute] | Unset): Additional result attributes
        response_details (list[AssessmentResponseDetail] | Unset): Sections of the result, in words
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    id: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    workspace_id: str | Unset = UNSET
    connection_id: str | Unset = UNSET
    package_id: str | Unset = UNSET
    status: AssessmentOrderStatus | Unset = UNSET
    application_id: str | Unset = UNSET
    candidate_id: str | Unset = UNSET
    company_id: str | Unset = UNSET
    employee_id: str | Unset = UNSET
    job_id: str | Unset = UNSET
    reference: str | Unset = UNSET
    webhook_id: str | Unset = UNSET
    target_url: str | Unset = UNSET
    parameters: list[AssessmentParameterInput] | Unset = UNSET
    metadata: list[AssessmentMetadata] | Unset = UNSET
    raw: AssessmentOrderRaw | Unset = UNSET
    profile_name: str | Unset = UNSET
    profile_first_name: str | Unset = UNSET
    profile_last_name: str | Unset = UNSET
    profile_emails: list[str] | Unset = UNSET
    profile_telephones: list[str] | Unset = UNSET
    profile_addresses: list[AssessmentAddress] | Unset = UNSET
    profile_date_of_birth: str | Unset = UNSET
    profile_gender: AssessmentProfileGender | Unset = UNSET
    profile_ip_address: str | Unset = UNSET
    profile_national_identifier: str | Unset = UNSET
    profile_resume_url: str | Unset = UNSET
    profile_social_media_urls: list[str] | Unset = UNSET
    response_status: AssessmentOrderStatus | Unset = UNSET
    response_score: float | Unset = UNSET
    response_max_score: float | Unset = UNSET
    response_url: str | Unset = UNSET
    response_redirect_url: str | Unset = UNSET
    response_download_urls: list[str] | Unset = UNSET
    response_source: str | Unset = UNSET
    response_issued_at: datetime.datetime | Unset = UNSET
    response_completed_at: datetime.datetime | Unset = UNSET
    response_expires_at: datetime.datetime | Unset = UNSET
    response_attributes: list[AssessmentAttribute] | Unset = UNSET
    response_details: list[AssessmentResponseDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = _types.format_datetime(self.created_at, "/created_at")

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = _types.format_datetime(self.updated_at, "/updated_at")

        workspace_id = self.workspace_id

        connection_id = self.connection_id

        package_id = self.package_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = _types.enum_value(self.status)

        application_id = self.application_id

        candidate_id = self.candidate_id

        company_id = self.company_id

        employee_id = self.employee_id

        job_id = self.job_id

        reference = self.reference

        webhook_id = self.webhook_id

        target_url = self.target_url

        parameters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = []
            for parameters_item_data in self.parameters:
                parameters_item = parameters_item_data.to_dict()
                parameters.append(parameters_item)

        metadata: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = []
            for metadata_item_data in self.metadata:
                metadata_item = metadata_item_data.to_dict()
                metadata.append(metadata_item)

        raw: dict[str, Any] | Unset = UNSET
        if not isinstance(self.raw, Unset):
            raw = self.raw.to_dict()

        profile_name = self.profile_name

        profile_first_name = self.profile_first_name

        profile_last_name = self.profile_last_name

        profile_emails: list[str] | Unset = UNSET
        if not isinstance(self.profile_emails, Unset):
            profile_emails = self.profile_emails

        profile_telephones: list[str] | Unset = UNSET
        if not isinstance(self.profile_telephones, Unset):
            profile_telephones = self.profile_telephones

        profile_addresses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.profile_addresses, Unset):
            profile_addresses = []
            for profile_addresses_item_data in self.profile_addresses:
                profile_addresses_item = profile_addresses_item_data.to_dict()
                profile_addresses.append(profile_addresses_item)

        profile_date_of_birth: str | Unset = UNSET
        if not isinstance(self.profile_date_of_birth, Unset):
            profile_date_of_birth = self.profile_date_of_birth

        profile_gender: str | Unset = UNSET
        if not isinstance(self.profile_gender, Unset):
            profile_gender = _types.enum_value(self.profile_gender)

        profile_ip_address = self.profile_ip_address

        profile_national_identifier = self.profile_national_identifier

        profile_resume_url = self.profile_resume_url

        profile_social_media_urls: list[str] | Unset = UNSET
        if not isinstance(self.profile_social_media_urls, Unset):
            profile_social_media_urls = self.profile_social_media_urls

        response_status: str | Unset = UNSET
        if not isinstance(self.response_status, Unset):
            response_status = _types.enum_value(self.response_status)

        response_score = self.response_score

        response_max_score = self.response_max_score

        response_url = self.response_url

        response_redirect_url = self.response_redirect_url

        response_download_urls: list[str] | Unset = UNSET
        if not isinstance(self.response_download_urls, Unset):
            response_download_urls = self.response_download_urls

        response_source = self.response_source

        response_issued_at: str | Unset = UNSET
        if not isinstance(self.response_issued_at, Unset):
            response_issued_at = _types.format_datetime(
                self.response_issued_at, "/response_issued_at"
            )

        response_completed_at: str | Unset = UNSET
        if not isinstance(self.response_completed_at, Unset):
            response_completed_at = _types.format_datetime(
                self.response_completed_at, "/response_completed_at"
            )

        response_expires_at: str | Unset = UNSET
        if not isinstance(self.response_expires_at, Unset):
            response_expires_at = _types.format_datetime(
                self.response_expires_at, "/response_expires_at"
            )

        response_attributes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.response_attributes, Unset):
            response_attributes = []
            for response_attributes_item_data in self.response_attributes:
                response_attributes_item = response_attributes_item_data.to_dict()
                response_attributes.append(response_attributes_item)

        response_details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.response_details, Unset):
            response_details = []
            for response_details_item_data in self.response_details:
                response_details_item = response_details_item_data.to_dict()
                response_details.append(response_details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if id is not UNSET:
            field_dict["id"] = id
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if connection_id is not UNSET:
            field_dict["connection_id"] = connection_id
        if package_id is not UNSET:
            field_dict["package_id"] = package_id
        if status is not UNSET:
            field_dict["status"] = status
        if application_id is not UNSET:
            field_dict["application_id"] = application_id
        if candidate_id is not UNSET:
            field_dict["candidate_id"] = candidate_id
        if company_id is not UNSET:
            field_dict["company_id"] = company_id
        if employee_id is not UNSET:
            field_dict["employee_id"] = employee_id
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if reference is not UNSET:
            field_dict["reference"] = reference
        if webhook_id is not UNSET:
            field_dict["webhook_id"] = webhook_id
        if target_url is not UNSET:
            field_dict["target_url"] = target_url
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if raw is not UNSET:
            field_dict["raw"] = raw
        if profile_name is not UNSET:
            field_dict["profile_name"] = profile_name
        if profile_first_name is not UNSET:
            field_dict["profile_first_name"] = profile_first_name
        if profile_last_name is not UNSET:
            field_dict["profile_last_name"] = profile_last_name
        if profile_emails is not UNSET:
            field_dict["profile_emails"] = profile_emails
        if profile_telephones is not UNSET:
            field_dict["profile_telephones"] = profile_telephones
        if profile_addresses is not UNSET:
            field_dict["profile_addresses"] = profile_addresses
        if profile_date_of_birth is not UNSET:
            field_dict["profile_date_of_birth"] = profile_date_of_birth
        if profile_gender is not UNSET:
            field_dict["profile_gender"] = profile_gender
        if profile_ip_address is not UNSET:
            field_dict["profile_ip_address"] = profile_ip_address
        if profile_national_identifier is not UNSET:
            field_dict["profile_national_identifier"] = profile_national_identifier
        if profile_resume_url is not UNSET:
            field_dict["profile_resume_url"] = profile_resume_url
        if profile_social_media_urls is not UNSET:
            field_dict["profile_social_media_urls"] = profile_social_media_urls
        if response_status is not UNSET:
            field_dict["response_status"] = response_status
        if response_score is not UNSET:
            field_dict["response_score"] = response_score
        if response_max_score is not UNSET:
            field_dict["response_max_score"] = response_max_score
        if response_url is not UNSET:
            field_dict["response_url"] = response_url
        if response_redirect_url is not UNSET:
            field_dict["response_redirect_url"] = response_redirect_url
        if response_download_urls is not UNSET:
            field_dict["response_download_urls"] = response_download_urls
        if response_source is not UNSET:
            field_dict["response_source"] = response_source
        if response_issued_at is not UNSET:
            field_dict["response_issued_at"] = response_issued_at
        if response_completed_at is not UNSET:
            field_dict["response_completed_at"] = response_completed_at
        if response_expires_at is not UNSET:
            field_dict["response_expires_at"] = response_expires_at
        if response_attributes is not UNSET:
            field_dict["response_attributes"] = response_attributes
        if response_details is not UNSET:
            field_dict["response_details"] = response_details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a document; InvalidDocument when the contract does not allow it."""
        _types.validate(src_dict, _SCHEMA)
        return cls._build(src_dict)

    @classmethod
    def _build(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # From a document already checked against the contract.
        from ..models.assessment_address import AssessmentAddress  # noqa: PLC0415
        from ..models.assessment_attribute import AssessmentAttribute  # noqa: PLC0415
        from ..models.assessment_metadata import AssessmentMetadata  # noqa: PLC0415
        from ..models.assessment_order_raw import AssessmentOrderRaw  # noqa: PLC0415
        from ..models.assessment_parameter_input import AssessmentParameterInput  # noqa: PLC0415
        from ..models.assessment_response_detail import AssessmentResponseDetail  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = _types.parse_datetime(_created_at, "/created_at")

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = _types.parse_datetime(_updated_at, "/updated_at")

        workspace_id = d.pop("workspace_id", UNSET)

        connection_id = d.pop("connection_id", UNSET)

        package_id = d.pop("package_id", UNSET)

        _status = d.pop("status", UNSET)
        status: AssessmentOrderStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AssessmentOrderStatus(_status)

        application_id = d.pop("application_id", UNSET)

        candidate_id = d.pop("candidate_id", UNSET)

        company_id = d.pop("company_id", UNSET)

        employee_id = d.pop("employee_id", UNSET)

        job_id = d.pop("job_id", UNSET)

        reference = d.pop("reference", UNSET)

        webhook_id = d.pop("webhook_id", UNSET)

        target_url = d.pop("target_url", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: list[AssessmentParameterInput] | Unset = UNSET
        if _parameters is not UNSET:
            parameters = []
            for parameters_item_data in _parameters:
                parameters_item = AssessmentParameterInput._build(parameters_item_data)

                parameters.append(parameters_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: list[AssessmentMetadata] | Unset = UNSET
        if _metadata is not UNSET:
            metadata = []
            for metadata_item_data in _metadata:
                metadata_item = AssessmentMetadata._build(metadata_item_data)

                metadata.append(metadata_item)

        _raw = d.pop("raw", UNSET)
        raw: AssessmentOrderRaw | Unset
        if isinstance(_raw, Unset):
            raw = UNSET
        else:
            raw = AssessmentOrderRaw._build(_raw)

        profile_name = d.pop("profile_name", UNSET)

        profile_first_name = d.pop("profile_first_name", UNSET)

        profile_last_name = d.pop("profile_last_name", UNSET)

        profile_emails = cast(list[str], d.pop("profile_emails", UNSET))

        profile_telephones = cast(list[str], d.pop("profile_telephones", UNSET))

        _profile_addresses = d.pop("profile_addresses", UNSET)
        profile_addresses: list[AssessmentAddress] | Unset = UNSET
        if _profile_addresses is not UNSET:
            profile_addresses = []
            for profile_addresses_item_data in _profile_addresses:
                profile_addresses_item = AssessmentAddress._build(profile_addresses_item_data)

                profile_addresses.append(profile_addresses_item)

        profile_date_of_birth: str | Unset = d.pop("profile_date_of_birth", UNSET)

        _profile_gender = d.pop("profile_gender", UNSET)
        profile_gender: AssessmentProfileGender | Unset
        if isinstance(_profile_gender, Unset):
            profile_gender = UNSET
        else:
            profile_gender = AssessmentProfileGender(_profile_gender)

        profile_ip_address = d.pop("profile_ip_address", UNSET)

        profile_national_identifier = d.pop("profile_national_identifier", UNSET)

        profile_resume_url = d.pop("profile_resume_url", UNSET)

        profile_social_media_urls = cast(list[str], d.pop("profile_social_media_urls", UNSET))

        _response_status = d.pop("response_status", UNSET)
        response_status: AssessmentOrderStatus | Unset
        if isinstance(_response_status, Unset):
            response_status = UNSET
        else:
            response_status = AssessmentOrderStatus(_response_status)

        response_score = d.pop("response_score", UNSET)

        response_max_score = d.pop("response_max_score", UNSET)

        response_url = d.pop("response_url", UNSET)

        response_redirect_url = d.pop("response_redirect_url", UNSET)

        response_download_urls = cast(list[str], d.pop("response_download_urls", UNSET))

        response_source = d.pop("response_source", UNSET)

        _response_issued_at = d.pop("response_issued_at", UNSET)
        response_issued_at: datetime.datetime | Unset
        if isinstance(_response_issued_at, Unset):
            response_issued_at = UNSET
        else:
            response_issued_at = _types.parse_datetime(_response_issued_at, "/response_issued_at")

        _response_completed_at = d.pop("response_completed_at", UNSET)
        response_completed_at: datetime.datetime | Unset
        if isinstance(_response_completed_at, Unset):
            response_completed_at = UNSET
        else:
            response_completed_at = _types.parse_datetime(
                _response_completed_at, "/response_completed_at"
            )

        _response_expires_at = d.pop("response_expires_at", UNSET)
        response_expires_at: datetime.datetime | Unset
        if isinstance(_response_expires_at, Unset):
            response_expires_at = UNSET
        else:
            response_expires_at = _types.parse_datetime(
                _response_expires_at, "/response_expires_at"
            )

        _response_attributes = d.pop("response_attributes", UNSET)
        response_attributes: list[AssessmentAttribute] | Unset = UNSET
        if _response_attributes is not UNSET:
            response_attributes = []
            for response_attributes_item_data in _response_attributes:
                response_attributes_item = AssessmentAttribute._build(response_attributes_item_data)

                response_attributes.append(response_attributes_item)

        _response_details = d.pop("response_details", UNSET)
        response_details: list[AssessmentResponseDetail] | Unset = UNSET
        if _response_details is not UNSET:
            response_details = []
            for response_details_item_data in _response_details:
                response_details_item = AssessmentResponseDetail._build(response_details_item_data)

                response_details.append(response_details_item)

        assessment_order = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            workspace_id=workspace_id,
            connection_id=connection_id,
            package_id=package_id,
            status=status,
            application_id=application_id,
            candidate_id=candidate_id,
            company_id=company_id,
            employee_id=employee_id,
            job_id=job_id,
            reference=reference,
            webhook_id=webhook_id,
            target_url=target_url,
            parameters=parameters,
            metadata=metadata,
            raw=raw,
            profile_name=profile_name,
            profile_first_name=profile_first_name,
            profile_last_name=profile_last_name,
            profile_emails=profile_emails,
            profile_telephones=profile_telephones,
            profile_addresses=profile_addresses,
            profile_date_of_birth=profile_date_of_birth,
            profile_gender=profile_gender,
            profile_ip_address=profile_ip_address,
            profile_national_identifier=profile_national_identifier,
            profile_resume_url=profile_resume_url,
            profile_social_media_urls=profile_social_media_urls,
            response_status=response_status,
            response_score=response_score,
            response_max_score=response_max_score,
            response_url=response_url,
            response_redirect_url=response_redirect_url,
            response_download_urls=response_download_urls,
            response_source=response_source,
            response_issued_at=response_issued_at,
            response_completed_at=response_completed_at,
            response_expires_at=response_expires_at,
            response_attributes=response_attributes,
            response_details=response_details,
        )

        assessment_order.additional_properties = d
        return assessment_order

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
