from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.assessment_parameter_type import AssessmentParameterType
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentParameter")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "description": "Unique identifier of the parameter"},
        "name": {"type": "string", "description": "Name of the parameter"},
        "public_question": {"type": "string", "description": "Question to ask the candidate"},
        "is_required": {"type": "boolean", "description": "Whether an answer is required"},
        "type": {
            "$ref": "#/components/schemas/AssessmentParameterType",
            "description": "Kind of answer expected",
        },
        "options": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The choices, for MULTIPLE_CHOICE and MULTIPLE_SELECT",
        },
        "file_types": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Accepted MIME types, for FILE",
        },
        "valid_regions": {
            "type": "array",
            "items": {"type": "string"},
            "description": 'Regions where the parameter applies, as "{country}-{state}" or "{country}"',
        },
    },
    "additionalProperties": True,
    "description": "A question the ATS asks when it orders the assessment",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "id": "id",
    "name": "name",
    "public_question": "public_question",
    "is_required": "is_required",
    "type": "type_",
    "options": "options",
    "file_types": "file_types",
    "valid_regions": "valid_regions",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "id": "id",
    "name": "name",
    "public_question": "public_question",
    "is_required": "is_required",
    "options": "options",
    "file_types": "file_types",
    "valid_regions": "valid_regions",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentParameter(_types.LazyModel):
    """A question the ATS asks when it orders the assessment

    Attributes:
        id (str | Unset): Unique identifier of the parameter
        name (str | Unset): Name of the parameter
        public_question (str | Unset): Question to ask the candidate
        is_required (bool | Unset): Whether an answer is required
        type_ (AssessmentParameterType | Unset): Kind of answer a parameter expects
        options (list[str] | Unset): The choices, for MULTIPLE_CHOICE and MULTIPLE_SELECT
        file_types (list[str] | Unset): Accepted MIME types, for FILE
        valid_regions (list[str] | Unset): Regions where the parameter applies, as "{country}-{state}" or "{country}"
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    id: str | Unset = UNSET
    name: str | Unset = UNSET
    public_question: str | Unset = UNSET
    is_required: bool | Unset = UNSET
    type_: AssessmentParameterType | Unset = UNSET
    options: list[str] | Unset = UNSET
    file_types: list[str] | Unset = UNSET
    valid_regions: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        public_question = self.public_question

        is_required = self.is_required

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = _types.enum_value(self.type_)

        options: list[str] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options

        file_types: list[str] | Unset = UNSET
        if not isinstance(self.file_types, Unset):
            file_types = self.file_types

        valid_regions: list[str] | Unset = UNSET
        if not isinstance(self.valid_regions, Unset):
            valid_regions = self.valid_regions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if public_question is not UNSET:
            field_dict["public_question"] = public_question
        if is_required is not UNSET:
            field_dict["is_required"] = is_required
        if type_ is not UNSET:
            field_dict["type"] = type_
        if options is not UNSET:
            field_dict["options"] = options
        if file_types is not UNSET:
            field_dict["file_types"] = file_types
        if valid_regions is not UNSET:
            field_dict["valid_regions"] = valid_regions

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
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        public_question = d.pop("public_question", UNSET)

        is_required = d.pop("is_required", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: AssessmentParameterType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = AssessmentParameterType(_type_)

        options = cast(list[str], d.pop("options", UNSET))

        file_types = cast(list[str], d.pop("file_types", UNSET))

        valid_regions = cast(list[str], d.pop("valid_regions", UNSET))

        assessment_parameter = cls(
            id=id,
            name=name,
            public_question=public_question,
            is_required=is_required,
            type_=type_,
            options=options,
            file_types=file_types,
            valid_regions=valid_regions,
        )

        assessment_parameter.additional_properties = d
        return assessment_parameter

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
