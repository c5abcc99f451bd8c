from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types

T = TypeVar("T", bound="WebhookFilters")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "Filters on the objects sent, by name",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class WebhookFilters(_types.LazyModel):
    """Filters on the objects sent, by name"""

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

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
        webhook_filters = cls()

        webhook_filters.additional_properties = d
        return webhook_filters

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
