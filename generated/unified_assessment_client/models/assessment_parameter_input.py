from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentParameterInput")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "parameter_id": {
            "type": "string",
            "description": "The parameter answered (an AssessmentParameter's id)",
        },
        "name": {"type": "string", "description": "Name of the parameter"},
        "inputs": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The answers given",
        },
    },
    "additionalProperties": True,
    "description": "The answer to one of the package's parameter questions",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "parameter_id": "parameter_id",
    "name": "name",
    "inputs": "inputs",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "parameter_id": "parameter_id",
    "name": "name",
    "inputs": "inputs",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentParameterInput(_types.LazyModel):
    """The answer to one of the package's parameter questions

    Attributes:
        parameter_id (str | Unset): The parameter answered (an AssessmentParameter's id)
        name (str | Unset): Name of the parameter
        inputs (list[str] | Unset): The answers given
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    parameter_id: str | Unset = UNSET
    name: str | Unset = UNSET
    inputs: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        parameter_id = self.parameter_id

        name = self.name

        inputs: list[str] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if parameter_id is not UNSET:
            field_dict["parameter_id"] = parameter_id
        if name is not UNSET:
            field_dict["name"] = name
        if inputs is not UNSET:
            field_dict["inputs"] = inputs

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
        parameter_id = d.pop("parameter_id", UNSET)

        name = d.pop("name", UNSET)

        inputs = cast(list[str], d.pop("inputs", UNSET))

        assessment_parameter_input = cls(
            parameter_id=parameter_id,
            name=name,
            inputs=inputs,
        )

        assessment_parameter_input.additional_properties = d
        return assessment_parameter_input

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
