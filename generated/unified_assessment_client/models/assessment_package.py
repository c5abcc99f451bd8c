from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.assessment_package_type import AssessmentPackageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentPackage")

# What the contract says of each property, for the checks in from_dict and to_request_dict.
_JSON_TYPES: dict[str, str] = {
    "type": "str",
    "id": "str",
    "created_at": "str",
    "updated_at": "str",
    "workspace_id": "str",
    "connection_id": "str",
    "integration_types": "list[str]",
    "name": "str",
    "aliases": "list[str]",
    "tags": "list[str]",
    "description": "str",
    "has_redirect_url": "bool",
    "has_target_url": "bool",
    "needs_ip_address": "bool",
    "max_score": "float",
    "info_url": "str",
}
_REQUIRED: tuple[str, ...] = ("type",)
_CHECKS = _types.json_type_checks(_JSON_TYPES)
_READ_ONLY: tuple[str, ...] = (
    "workspace_id",
    "connection_id",
)


@_attrs_define
class AssessmentPackage:
    """Used by assessment providers to SUBMIT packages to ATS systems

    Attributes:
        type_ (AssessmentPackageType): Kind of assessment package
        id (str | Unset): Unique identifier for the assessment package
        created_at (datetime.datetime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
        updated_at (datetime.datetime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
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
    """

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties, checked against
        the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        for name in _READ_ONLY:
            field_dict.pop(name, None)
        _types.check_object(field_dict, _CHECKS, _REQUIRED, "")
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _types.check_object(src_dict, _CHECKS, _REQUIRED, "")
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
