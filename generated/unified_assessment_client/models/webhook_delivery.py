from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.webhook_delivery_type import WebhookDeliveryType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook import Webhook
    from ..models.webhook_delivery_data_item import WebhookDeliveryDataItem


T = TypeVar("T", bound="WebhookDelivery")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "required": ["data", "webhook", "nonce", "sig"],
    "type": "object",
    "properties": {
        "data": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": True},
            "description": "The objects",
        },
        "webhook": {
            "$ref": "#/components/schemas/Webhook",
            "description": "The webhook this delivery is for",
        },
        "nonce": {
            "type": "string",
            "description": "A random string, the same in every retry of one delivery",
        },
        "sig": {
            "type": "string",
            "description": 'HMAC-SHA1 of the workspace\'s secret over data and nonce (README, "Webhooks")',
        },
        "type": {
            "$ref": "#/components/schemas/WebhookDeliveryType",
            "description": "Why it was sent",
        },
    },
    "additionalProperties": True,
    "description": "A delivery of any other kind of object, as the vendor sends it",
    "x-delivery-fallback": True,
}
_READ_ONLY: tuple[str, ...] = ()
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "data": "data",
    "webhook": "webhook",
    "nonce": "nonce",
    "sig": "sig",
    "type": "type_",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {
    "data": "WebhookDeliveryDataItem",
    "webhook": "Webhook",
}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "nonce": "nonce",
    "sig": "sig",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class WebhookDelivery(_types.LazyModel):
    """A delivery of any other kind of object, as the vendor sends it

    Attributes:
        data (list[WebhookDeliveryDataItem]): The objects
        webhook (Webhook): A subscription: the events of one kind of object of one connection, POSTed to `hook_url` as
            signed deliveries (see `webhooks`)
        nonce (str): A random string, the same in every retry of one delivery
        sig (str): HMAC-SHA1 of the workspace's secret over data and nonce (README, "Webhooks")
        type_ (WebhookDeliveryType | Unset): Why a delivery was sent: a page of the existing objects after `include_all`
            (`INITIAL-PARTIAL`, and `INITIAL-COMPLETE` for the last page), or a change found by polling (`VIRTUAL`) or by
            the integration's own webhook (`NATIVE`)
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    data: list[WebhookDeliveryDataItem]
    webhook: Webhook
    nonce: str
    sig: str
    type_: WebhookDeliveryType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        webhook = self.webhook.to_dict()

        nonce = self.nonce

        sig = self.sig

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = _types.enum_value(self.type_)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "webhook": webhook,
                "nonce": nonce,
                "sig": sig,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a document; InvalidDocument when the contract does not allow it."""
        _types.validate(src_dict, _SCHEMA)
        return cls._build(src_dict)

    @classmethod
    def _build(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # From a document already checked against the contract.
        from ..models.webhook import Webhook  # noqa: PLC0415
        from ..models.webhook_delivery_data_item import WebhookDeliveryDataItem  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = WebhookDeliveryDataItem._build(data_item_data)

            data.append(data_item)

        webhook = Webhook._build(d.pop("webhook"))

        nonce = d.pop("nonce")

        sig = d.pop("sig")

        _type_ = d.pop("type", UNSET)
        type_: WebhookDeliveryType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = WebhookDeliveryType(_type_)

        webhook_delivery = cls(
            data=data,
            webhook=webhook,
            nonce=nonce,
            sig=sig,
            type_=type_,
        )

        webhook_delivery.additional_properties = d
        return webhook_delivery

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
