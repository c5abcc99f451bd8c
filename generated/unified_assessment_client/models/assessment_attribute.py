from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.assessment_attribute_type import AssessmentAttributeType
from ..models.assessment_order_status import AssessmentOrderStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="AssessmentAttribute")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "required": ["label", "type"],
    "type": "object",
    "properties": {
        "label": {"type": "string", "description": "What the attribute is"},
        "type": {
            "$ref": "#/components/schemas/AssessmentAttributeType",
            "description": "Kind of attribute",
        },
        "reference": {
            "type": "string",
            "description": "The provider's reference for the attribute",
        },
        "score_max": {"type": "number", "description": "The highest score possible"},
        "score_value": {"type": "number", "description": "The score"},
        "status": {
            "$ref": "#/components/schemas/AssessmentOrderStatus",
            "description": "Where this part of the result stands",
        },
        "value": {"type": "string", "description": "The value, for a TEXT or NUMBER attribute"},
    },
    "additionalProperties": True,
    "description": "One attribute of an assessment's result, a sub-result say",
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "label": "label",
    "type": "type_",
    "reference": "reference",
    "score_max": "score_max",
    "score_value": "score_value",
    "status": "status",
    "value": "value",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "label": "label",
    "reference": "reference",
    "score_max": "score_max",
    "score_value": "score_value",
    "value": "value",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class AssessmentAttribute(_types.LazyModel):
    """One attribute of an assessment's result, a sub-result say

    Attributes:
        label (str): What the attribute is
        type_ (AssessmentAttributeType): Kind of result attribute
        reference (str | Unset): The provider's reference for the attribute
        score_max (float | Unset): The highest score possible
        score_value (float | Unset): The score
        status (AssessmentOrderStatus | Unset): Where an assessment order, or a part of its result, stands
        value (str | Unset): The value, for a TEXT or NUMBER attribute
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    label: str
    type_: AssessmentAttributeType
    reference: str | Unset = UNSET
    score_max: float | Unset = UNSET
    score_value: float | Unset = UNSET
    status: AssessmentOrderStatus | Unset = UNSET
    value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        type_ = _types.enum_value(self.type_)

        reference = self.reference

        score_max = self.score_max

        score_value = self.score_value

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = _types.enum_value(self.status)

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "label": label,
                "type": type_,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference
        if score_max is not UNSET:
            field_dict["score_max"] = score_max
        if score_value is not UNSET:
            field_dict["score_value"] = score_value
        if status is not UNSET:
            field_dict["status"] = status
        if value is not UNSET:
            field_dict["value"] = value

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
        label = d.pop("label")

        type_ = AssessmentAttributeType(d.pop("type"))

        reference = d.pop("reference", UNSET)

        score_max = d.pop("score_max", UNSET)

        score_value = d.pop("score_value", UNSET)

        _status = d.pop("status", UNSET)
        status: AssessmentOrderStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = AssessmentOrderStatus(_status)

        value = d.pop("value", UNSET)

        assessment_attribute = cls(
            label=label,
            type_=type_,
            reference=reference,
            score_max=score_max,
            score_value=score_value,
            status=status,
            value=value,
        )

        assessment_attribute.additional_properties = d
        return assessment_attribute

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
