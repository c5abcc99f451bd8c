from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentAddress")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "City"},
        "country": {"type": "string", "description": "Country"},
        "country_code": {"type": "string", "description": "Country code (ISO 3166-1 alpha-2)"},
        "postal_code": {"type": "string", "description": "Postal code"},
        "region": {"type": "string", "description": "Region, state or province"},
        "region_code": {"type": "string", "description": "Region code"},
    },
    "additionalProperties": True,
    "description": "A postal address",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "city": "city",
    "country": "country",
    "country_code": "country_code",
    "postal_code": "postal_code",
    "region": "region",
    "region_code": "region_code",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "city": "city",
    "country": "country",
    "country_code": "country_code",
    "postal_code": "postal_code",
    "region": "region",
    "region_code": "region_code",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentAddress(_types.LazyModel):
    """A postal address

    Attributes:
        city (str | Unset): City
        country (str | Unset): Country
        country_code (str | Unset): Country code (ISO 3166-1 alpha-2)
        postal_code (str | Unset): Postal code
        region (str | Unset): Region, state or province
        region_code (str | Unset): Region code
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    city: str | Unset = UNSET
    country: str | Unset = UNSET
    country_code: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    region: str | Unset = UNSET
    region_code: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        country = self.country

        country_code = self.country_code

        postal_code = self.postal_code

        region = self.region

        region_code = self.region_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if city is not UNSET:
            field_dict["city"] = city
        if country is not UNSET:
            field_dict["country"] = country
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if region is not UNSET:
            field_dict["region"] = region
        if region_code is not UNSET:
            field_dict["region_code"] = region_code

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
        city = d.pop("city", UNSET)

        country = d.pop("country", UNSET)

        country_code = d.pop("country_code", UNSET)

        postal_code = d.pop("postal_code", UNSET)

        region = d.pop("region", UNSET)

        region_code = d.pop("region_code", UNSET)

        assessment_address = cls(
            city=city,
            country=country,
            country_code=country_code,
            postal_code=postal_code,
            region=region,
            region_code=region_code,
        )

        assessment_address.additional_properties = d
        return assessment_address

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
