from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.assessment_metadata_format import AssessmentMetadataFormat
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assessment_metadata_object import AssessmentMetadataObject


T = TypeVar("T", bound="AssessmentMetadata")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "Unique identifier of the metadata entry"},
        "slug": {"type": "string", "description": "Short machine name of the entry"},
        "namespace": {"type": "string", "description": "Namespace the slug belongs to"},
        "format": {
            "$ref": "#/components/schemas/AssessmentMetadataFormat",
            "description": "How to read value",
        },
        "value": {
            "$ref": "#/components/schemas/AssessmentMetadataValue",
            "description": "The value itself",
        },
        "extra_data": {
            "$ref": "#/components/schemas/AssessmentMetadataExtraData",
            "description": "More data about the value",
        },
    },
    "additionalProperties": True,
    "description": "One extra value the integration keeps for a package or an order",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "id": "id",
    "slug": "slug",
    "namespace": "namespace",
    "format": "format_",
    "value": "value",
    "extra_data": "extra_data",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "id": "id",
    "slug": "slug",
    "namespace": "namespace",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentMetadata(_types.LazyModel):
    """One extra value the integration keeps for a package or an order

    Attributes:
        id (str | Unset): Unique identifier of the metadata entry
        slug (str | Unset): Short machine name of the entry
        namespace (str | Unset): Namespace the slug belongs to
        format_ (AssessmentMetadataFormat | Unset): How to read a metadata value
        value (AssessmentMetadataObject | bool | float | list[AssessmentMetadataObject | bool | float | str] | str |
            Unset): A metadata value, an object, a string, a number or a boolean, or an array of those
        extra_data (AssessmentMetadataObject | bool | float | list[AssessmentMetadataObject | bool | float | str] | str
            | Unset): More data about a metadata value, in the same shapes as the value itself
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    id: str | Unset = UNSET
    slug: str | Unset = UNSET
    namespace: str | Unset = UNSET
    format_: AssessmentMetadataFormat | Unset = UNSET
    value: (
        AssessmentMetadataObject
        | bool
        | float
        | list[AssessmentMetadataObject | bool | float | str]
        | str
        | Unset
    ) = UNSET
    extra_data: (
        AssessmentMetadataObject
        | bool
        | float
        | list[AssessmentMetadataObject | bool | float | str]
        | str
        | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        from ..models.assessment_metadata_object import AssessmentMetadataObject  # noqa: PLC0415

        id = self.id

        slug = self.slug

        namespace = self.namespace

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = _types.enum_value(self.format_)

        value: (
            bool | dict[str, Any] | float | list[bool | dict[str, Any] | float | str] | str | Unset
        )
        if isinstance(self.value, Unset):
            value = UNSET
        elif isinstance(self.value, AssessmentMetadataObject):
            value = self.value.to_dict()
        elif isinstance(self.value, list):
            value = []
            for componentsschemas_assessment_metadata_value_type_4_item_data in self.value:
                componentsschemas_assessment_metadata_value_type_4_item: (
                    bool | dict[str, Any] | float | str
                )
                if isinstance(
                    componentsschemas_assessment_metadata_value_type_4_item_data,
                    AssessmentMetadataObject,
                ):
                    componentsschemas_assessment_metadata_value_type_4_item = (
                        componentsschemas_assessment_metadata_value_type_4_item_data.to_dict()
                    )
                else:
                    componentsschemas_assessment_metadata_value_type_4_item = (
                        componentsschemas_assessment_metadata_value_type_4_item_data
                    )
                value.append(componentsschemas_assessment_metadata_value_type_4_item)

        else:
            value = self.value

        extra_data: (
            bool | dict[str, Any] | float | list[bool | dict[str, Any] | float | str] | str | Unset
        )
        if isinstance(self.extra_data, Unset):
            extra_data = UNSET
        elif isinstance(self.extra_data, AssessmentMetadataObject):
            extra_data = self.extra_data.to_dict()
        elif isinstance(self.extra_data, list):
            extra_data = []
            for (
                componentsschemas_assessment_metadata_extra_data_type_4_item_data
            ) in self.extra_data:
                componentsschemas_assessment_metadata_extra_data_type_4_item: (
                    bool | dict[str, Any] | float | str
                )
                if isinstance(
                    componentsschemas_assessment_metadata_extra_data_type_4_item_data,
                    AssessmentMetadataObject,
                ):
                    componentsschemas_assessment_metadata_extra_data_type_4_item = (
                        componentsschemas_assessment_metadata_extra_data_type_4_item_data.to_dict()
                    )
                else:
                    componentsschemas_assessment_metadata_extra_data_type_4_item = (
                        componentsschemas_assessment_metadata_extra_data_type_4_item_data
                    )
                extra_data.append(componentsschemas_assessment_metadata_extra_data_type_4_item)

        else:
            extra_data = self.extra_data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if id is not UNSET:
            field_dict["id"] = id
        if slug is not UNSET:
            field_dict["slug"] = slug
        if namespace is not UNSET:
            field_dict["namespace"] = namespace
        if format_ is not UNSET:
            field_dict["format"] = format_
        if value is not UNSET:
            field_dict["value"] = value
        if extra_data is not UNSET:
            field_dict["extra_data"] = extra_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a document; InvalidDocument when the contract does not allow it."""
        _types.validate(src_dict, _SCHEMA)
        return cls._build(src_dict)

    @classmethod
    def _build(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # From a document already checked against the contract.
        from ..models.assessment_metadata_object import AssessmentMetadataObject  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        slug = d.pop("slug", UNSET)

        namespace = d.pop("namespace", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: AssessmentMetadataFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = AssessmentMetadataFormat(_format_)

        def _parse_value(
            data: object,
        ) -> (
            AssessmentMetadataObject
            | bool
            | float
            | list[AssessmentMetadataObject | bool | float | str]
            | str
            | Unset
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_assessment_metadata_value_type_0 = (
                    AssessmentMetadataObject._build(data)
                )

                return componentsschemas_assessment_metadata_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_assessment_metadata_value_type_4 = []
                _componentsschemas_assessment_metadata_value_type_4 = data
                for (
                    componentsschemas_assessment_metadata_value_type_4_item_data
                ) in _componentsschemas_assessment_metadata_value_type_4:

                    def _parse_componentsschemas_assessment_metadata_value_type_4_item(
                        data: object,
                    ) -> AssessmentMetadataObject | bool | float | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_assessment_metadata_scalar_type_0 = (
                                AssessmentMetadataObject._build(data)
                            )

                            return componentsschemas_assessment_metadata_scalar_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(AssessmentMetadataObject | bool | float | str, data)

                    componentsschemas_assessment_metadata_value_type_4_item = (
                        _parse_componentsschemas_assessment_metadata_value_type_4_item(
                            componentsschemas_assessment_metadata_value_type_4_item_data
                        )
                    )

                    componentsschemas_assessment_metadata_value_type_4.append(
                        componentsschemas_assessment_metadata_value_type_4_item
                    )

                return componentsschemas_assessment_metadata_value_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                AssessmentMetadataObject
                | bool
                | float
                | list[AssessmentMetadataObject | bool | float | str]
                | str
                | Unset,
                data,
            )

        value = _parse_value(d.pop("value", UNSET))

        def _parse_extra_data(
            data: object,
        ) -> (
            AssessmentMetadataObject
            | bool
            | float
            | list[AssessmentMetadataObject | bool | float | str]
            | str
            | Unset
        ):
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_assessment_metadata_extra_data_type_0 = (
                    AssessmentMetadataObject._build(data)
                )

                return componentsschemas_assessment_metadata_extra_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_assessment_metadata_extra_data_type_4 = []
                _componentsschemas_assessment_metadata_extra_data_type_4 = data
                for (
                    componentsschemas_assessment_metadata_extra_data_type_4_item_data
                ) in _componentsschemas_assessment_metadata_extra_data_type_4:

                    def _parse_componentsschemas_assessment_metadata_extra_data_type_4_item(
                        data: object,
                    ) -> AssessmentMetadataObject | bool | float | str:
                        try:
                            if not isinstance(data, dict):
                                raise TypeError()
                            componentsschemas_assessment_metadata_scalar_type_0 = (
                                AssessmentMetadataObject._build(data)
                            )

                            return componentsschemas_assessment_metadata_scalar_type_0
                        except (TypeError, ValueError, AttributeError, KeyError):
                            pass
                        return cast(AssessmentMetadataObject | bool | float | str, data)

                    componentsschemas_assessment_metadata_extra_data_type_4_item = (
                        _parse_componentsschemas_assessment_metadata_extra_data_type_4_item(
                            componentsschemas_assessment_metadata_extra_data_type_4_item_data
                        )
                    )

                    componentsschemas_assessment_metadata_extra_data_type_4.append(
                        componentsschemas_assessment_metadata_extra_data_type_4_item
                    )

                return componentsschemas_assessment_metadata_extra_data_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                AssessmentMetadataObject
                | bool
                | float
                | list[AssessmentMetadataObject | bool | float | str]
                | str
                | Unset,
                data,
            )

        extra_data = _parse_extra_data(d.pop("extra_data", UNSET))

        assessment_metadata = cls(
            id=id,
            slug=slug,
            namespace=namespace,
            format_=format_,
            value=value,
            extra_data=extra_data,
        )

        assessment_metadata.additional_properties = d
        return assessment_metadata

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
