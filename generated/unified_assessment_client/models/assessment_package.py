from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.assessment_package_type import AssessmentPackageType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assessment_metadata import AssessmentMetadata
    from ..models.assessment_package_raw import AssessmentPackageRaw
    from ..models.assessment_package_region import AssessmentPackageRegion
    from ..models.assessment_parameter import AssessmentParameter


T = TypeVar("T", bound="AssessmentPackage")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "required": ["type"],
    "type": "object",
    "properties": {
        "id": {
            "type": "string",
            "description": "Unique identifier for the assessment package",
            "x-server-owned": True,
        },
        "created_at": {
            "type": "string",
            "description": "(ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "x-server-owned": True,
            "x-server-value": "creation-time",
            "examples": ["2026-11-29T10:15:30Z"],
        },
        "updated_at": {
            "type": "string",
            "description": "(ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "x-server-owned": True,
            "x-server-value": "update-time",
            "examples": ["2026-11-29T10:15:30Z"],
        },
        "workspace_id": {
            "type": "string",
            "description": "Workspace ID that this package belongs to (reference to KmsSpace)",
            "readOnly": True,
            "x-server-value": "caller-workspace",
        },
        "connection_id": {
            "type": "string",
            "description": "Connection ID that this package belongs to",
            "readOnly": True,
        },
        "integration_types": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Integration types that support this package",
        },
        "name": {"type": "string", "description": "Name of the assessment package"},
        "type": {
            "$ref": "#/components/schemas/AssessmentPackageType",
            "description": "Kind of assessment package",
        },
        "aliases": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Alternative names/identifiers for this package",
        },
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "description": 'Category tags (e.g., "Assessment", "Background Check")',
        },
        "description": {"type": "string", "description": "Detailed description"},
        "has_redirect_url": {
            "type": "boolean",
            "description": "Whether provider redirects user to complete assessment",
        },
        "has_target_url": {
            "type": "boolean",
            "description": "Where provider redirects user after completion",
        },
        "needs_ip_address": {"type": "boolean", "description": "Whether IP address is required"},
        "max_score": {
            "type": "number",
            "description": "Maximum possible score if this assessment returns a score",
        },
        "info_url": {
            "type": "string",
            "description": "URL to find additional information about this package",
        },
        "parameters": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentParameter"},
            "description": "Questions the ATS asks when it orders this package",
        },
        "regions": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentPackageRegion"},
            "description": "Where the package is offered, with its cost and processing time there",
        },
        "metadata": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/AssessmentMetadata"},
            "description": "Extra values the integration keeps for this package",
        },
        "raw": {
            "type": "object",
            "additionalProperties": True,
            "description": "The integration's raw record of this package",
        },
    },
    "additionalProperties": True,
    "description": "Used by assessment providers to SUBMIT packages to ATS systems",
}
_READ_ONLY: tuple[str, ...] = (
    "workspace_id",
    "connection_id",
)
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "type": "type_",
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "workspace_id": "workspace_id",
    "connection_id": "connection_id",
    "integration_types": "integration_types",
    "name": "name",
    "aliases": "aliases",
    "tags": "tags",
    "description": "description",
    "has_redirect_url": "has_redirect_url",
    "has_target_url": "has_target_url",
    "needs_ip_address": "needs_ip_address",
    "max_score": "max_score",
    "info_url": "info_url",
    "parameters": "parameters",
    "regions": "regions",
    "metadata": "metadata",
    "raw": "raw",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {
    "parameters": "AssessmentParameter",
    "regions": "AssessmentPackageRegion",
    "metadata": "AssessmentMetadata",
    "raw": "AssessmentPackageRaw",
}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "id": "id",
    "workspace_id": "workspace_id",
    "connection_id": "connection_id",
    "integration_types": "integration_types",
    "name": "name",
    "aliases": "aliases",
    "tags": "tags",
    "description": "description",
    "has_redirect_url": "has_redirect_url",
    "has_target_url": "has_target_url",
    "needs_ip_address": "needs_ip_address",
    "max_score": "max_score",
    "info_url": "info_url",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentPackage(_types.LazyModel):
    """Used by assessment providers to SUBMIT packages to ATS systems

    Attributes:
        type_ (AssessmentPackageType): Kind of assessment package
        id (str | Unset): Unique identifier for the assessment package
        created_at (strtime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
        updated_at (strtime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
        workspace_id (str | Unset): Workspace ID that this package belongs to (reference to KmsSpace)
        connection_id (str | Unset): Connection ID that this package belongs to
        integration_types (list[str] | Unset): Integration types that support this package
        name (str | Unset): Name of the assessment package
        aliases (list[str] | Unset): Alternative names/identifiers for this package
        tags (list[str] | Unset): Category tags (e.g., "Assessment", "Background Check")
        description (str | Unset): Detailed description
        has_redirect_url (bool | Unset): Whether provider redirects user to complete assessment
        has_target_url (bool | Unset): Where provider redirects user after completion
        needs_ip_address (bool | Unset): Whether IP address is required
        max_score (float | Unset): Maximum possible score if this assessment returns a score
        info_url (str | Unset): URL to find additional information about this package
        parameters (list[AssessmentParameter] | Unset): Questions the ATS asks when it orders this package
        regions (list[AssessmentPackageRegion] | Unset): Where the package is offered, with its cost and processing time
            there
        metadata (list[AssessmentMetadata] | Unset): Extra values the integration keeps for this package
        raw (AssessmentPackageRaw | Unset): The integration's raw record of this package
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    type_: AssessmentPackageType
    id: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    workspace_id: str | Unset = UNSET
    connection_id: str | Unset = UNSET
    integration_types: list[str] | Unset = UNSET
    name: str | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    tags: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    has_redirect_url: bool | Unset = UNSET
    has_target_url: bool | Unset = UNSET
    needs_ip_address: bool | Unset = UNSET
    max_score: float | Unset = UNSET
    info_url: str | Unset = UNSET
    parameters: list[AssessmentParameter] | Unset = UNSET
    regions: list[AssessmentPackageRegion] | Unset = UNSET
    metadata: list[AssessmentMetadata] | Unset = UNSET
    raw: AssessmentPackageRaw | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        type_ = _types.enum_value(self.type_)

        id = self.id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = _types.format_datetime(self.created_at, "/created_at")

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = _types.format_datetime(self.updated_at, "/updated_at")

        workspace_id = self.workspace_id

        connection_id = self.connection_id

        integration_types: list[str] | Unset = UNSET
        if not isinstance(self.integration_types, Unset):
            integration_types = self.integration_types

        name = self.name

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        description = self.description

        has_redirect_url = self.has_redirect_url

        has_target_url = self.has_target_url

        needs_ip_address = self.needs_ip_address

        max_score = self.max_score

        info_url = self.info_url

        parameters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = []
            for parameters_item_data in self.parameters:
                parameters_item = parameters_item_data.to_dict()
                parameters.append(parameters_item)

        regions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.regions, Unset):
            regions = []
            for regions_item_data in self.regions:
                regions_item = regions_item_data.to_dict()
                regions.append(regions_item)

        metadata: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = []
            for metadata_item_data in self.metadata:
                metadata_item = metadata_item_data.to_dict()
                metadata.append(metadata_item)

        raw: dict[str, Any] | Unset = UNSET
        if not isinstance(self.raw, Unset):
            raw = self.raw.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
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
        if integration_types is not UNSET:
            field_dict["integration_types"] = integration_types
        if name is not UNSET:
            field_dict["name"] = name
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if tags is not UNSET:
            field_dict["tags"] = tags
        if description is not UNSET:
            field_dict["description"] = description
        if has_redirect_url is not UNSET:
            field_dict["has_redirect_url"] = has_redirect_url
        if has_target_url is not UNSET:
            field_dict["has_target_url"] = has_target_url
        if needs_ip_address is not UNSET:
            field_dict["needs_ip_address"] = needs_ip_address
        if max_score is not UNSET:
            field_dict["max_score"] = max_score
        if info_url is not UNSET:
            field_dict["info_url"] = info_url
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if regions is not UNSET:
            field_dict["regions"] = regions
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if raw is not UNSET:
            field_dict["raw"] = raw

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a document; InvalidDocument when the contract does not allow it."""
        _types.validate(src_dict, _SCHEMA)
        return cls._build(src_dict)

    @classmethod
    def _build(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # From a document already checked against the contract.
        from ..models.assessment_metadata import AssessmentMetadata  # noqa: PLC0415
        from ..models.assessment_package_raw import AssessmentPackageRaw  # noqa: PLC0415
        from ..models.assessment_package_region import AssessmentPackageRegion  # noqa: PLC0415
        from ..models.assessment_parameter import AssessmentParameter  # noqa: PLC0415

        d = dict(src_dict)
        type_ = AssessmentPackageType(d.pop("type"))

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

        integration_types = cast(list[str], d.pop("integration_types", UNSET))

        name = d.pop("name", UNSET)

        aliases = cast(list[str], d.pop("aliases", UNSET))

        tags = cast(list[str], d.pop("tags", UNSET))

        description = d.pop("description", UNSET)

        has_redirect_url = d.pop("has_redirect_url", UNSET)

        has_target_url = d.pop("has_target_url", UNSET)

        needs_ip_address = d.pop("needs_ip_address", UNSET)

        max_score = d.pop("max_score", UNSET)

        info_url = d.pop("info_url", UNSET)

        _parameters = d.pop("parameters", UNSET)
        parameters: list[AssessmentParameter] | Unset = UNSET
        if _parameters is not UNSET:
            parameters = []
            for parameters_item_data in _parameters:
                parameters_item = AssessmentParameter._build(parameters_item_data)

                parameters.append(parameters_item)

        _regions = d.pop("regions", UNSET)
        regions: list[AssessmentPackageRegion] | Unset = UNSET
        if _regions is not UNSET:
            regions = []
            for regions_item_data in _regions:
                regions_item = AssessmentPackageRegion._build(regions_item_data)

                regions.append(regions_item)

        _metadata = d.pop("metadata", UNSET)
        metadata: list[AssessmentMetadata] | Unset = UNSET
        if _metadata is not UNSET:
            metadata = []
            for metadata_item_data in _metadata:
                metadata_item = AssessmentMetadata._build(metadata_item_data)

                metadata.append(metadata_item)

        _raw = d.pop("raw", UNSET)
        raw: AssessmentPackageRaw | Unset
        if isinstance(_raw, Unset):
            raw = UNSET
        else:
            raw = AssessmentPackageRaw._build(_raw)

        assessment_package = cls(
            type_=type_,
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            workspace_id=workspace_id,
            connection_id=connection_id,
            integration_types=integration_types,
            name=name,
            aliases=aliases,
            tags=tags,
            description=description,
            has_redirect_url=has_redirect_url,
            has_target_url=has_target_url,
            needs_ip_address=needs_ip_address,
            max_score=max_score,
            info_url=info_url,
            parameters=parameters,
            regions=regions,
            metadata=metadata,
            raw=raw,
        )

        assessment_package.additional_properties = d
        return assessment_package

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
