from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentResponseDetail")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "description": "Title of the section"},
        "text": {"type": "string", "description": "The section's text"},
        "download_url": {
            "type": "string",
            "description": "Where the section can be downloaded",
            "format": "uri",
        },
        "parameter_id": {"type": "string", "description": "The parameter the section is about"},
        "is_private": {
            "type": "boolean",
            "description": "Whether the candidate must not see the section",
        },
        "is_failed_reason": {
            "type": "boolean",
            "description": "Whether the section says why the candidate failed",
        },
    },
    "additionalProperties": True,
    "description": "One section of an assessment's result, in words",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "title": "title",
    "text": "text",
    "download_url": "download_url",
    "parameter_id": "parameter_id",
    "is_private": "is_private",
    "is_failed_reason": "is_failed_reason",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "title": "title",
    "text": "text",
    "download_url": "download_url",
    "parameter_id": "parameter_id",
    "is_private": "is_private",
    "is_failed_reason": "is_failed_reason",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentResponseDetail(_types.LazyModel):
    """One section of an assessment's result, in words

    Attributes:
        title (str | Unset): Title of the section
        text (str | Unset): The section's text
        download_url (str | Unset): Where the section can be downloaded
        parameter_id (str | Unset): The parameter the section is about
        is_private (bool | Unset): Whether the candidate must not see the section
        is_failed_reason (bool | Unset): Whether the section says why the candidate failed
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    title: str | Unset = UNSET
    text: str | Unset = UNSET
    download_url: str | Unset = UNSET
    parameter_id: str | Unset = UNSET
    is_private: bool | Unset = UNSET
    is_failed_reason: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        text = self.text

        download_url = self.download_url

        parameter_id = self.parameter_id

        is_private = self.is_private

        is_failed_reason = self.is_failed_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if title is not UNSET:
            field_dict["title"] = title
        if text is not UNSET:
            field_dict["text"] = text
        if download_url is not UNSET:
            field_dict["download_url"] = download_url
        if parameter_id is not UNSET:
            field_dict["parameter_id"] = parameter_id
        if is_private is not UNSET:
            field_dict["is_private"] = is_private
        if is_failed_reason is not UNSET:
            field_dict["is_failed_reason"] = is_failed_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a document; InvalidDocument when the contract does not allow it."""
        _types.validate(src_dict, _SCHEMA)
        return cls._build(src_dict)

    @classmethod
    def _build(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # From a document already checked against the contract.
        d = dict(src_dict)
        title = d.pop("title", UNSET)

        text = d.pop("text", UNSET)

        download_url = d.pop("download_url", UNSET)

        parameter_id = d.pop("parameter_id", UNSET)

        is_private = d.pop("is_private", UNSET)

        is_failed_reason = d.pop("is_failed_reason", UNSET)

        assessment_response_detail = cls(
            title=title,
            text=text,
            download_url=download_url,
            parameter_id=parameter_id,
            is_private=is_private,
            is_failed_reason=is_failed_reason,
        )

        assessment_response_detail.additional_properties = d
        return assessment_response_detail

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
