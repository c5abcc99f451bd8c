from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types as _types
from ..models.webhook_db_type import WebhookDbType
from ..models.webhook_event import WebhookEvent
from ..models.webhook_object_type import WebhookObjectType
from ..models.webhook_type import WebhookType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_filters import WebhookFilters


T = TypeVar("T", bound="Webhook")

# This model's schema in the contract (its $refs point into the copy in contract.json).
_SCHEMA: dict[str, Any] = {
    "required": ["connection_id", "event", "object_type"],
    "type": "object",
    "properties": {
        "id": {
            "type": "string",
            "description": "Unique identifier for the webhook",
            "x-server-owned": True,
        },
        "created_at": {
            "type": "string",
            "description": "(ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "x-server-owned": True,
            "x-server-value": "creation-time",
            "examples": ["2026-12-03T09:00:00Z"],
        },
        "updated_at": {
            "type": "string",
            "description": "(ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "x-server-owned": True,
            "x-server-value": "update-time",
            "examples": ["2026-12-03T09:00:00Z"],
        },
        "workspace_id": {
            "type": "string",
            "description": "The workspace the webhook belongs to (the caller's)",
            "readOnly": True,
            "x-server-value": "caller-workspace",
        },
        "connection_id": {
            "minLength": 1,
            "type": "string",
            "description": "The connection whose objects are watched",
        },
        "object_type": {
            "$ref": "#/components/schemas/WebhookObjectType",
            "description": "The kind of object watched",
        },
        "event": {
            "$ref": "#/components/schemas/WebhookEvent",
            "description": "The event that sends a delivery",
        },
        "hook_url": {
            "type": "string",
            "description": "Where deliveries are POSTed",
            "format": "uri",
        },
        "is_paused": {"type": "boolean", "description": "While true, nothing is sent"},
        "is_healthy": {
            "type": "boolean",
            "description": "False once a delivery has failed every retry; absent until one was tried",
            "readOnly": True,
            "x-server-value": "server-state",
        },
        "checked_at": {
            "type": "string",
            "description": "When a delivery was last tried (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)",
            "format": "date-time",
            "readOnly": True,
            "x-server-value": "server-state",
        },
        "runs": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The most recent delivery attempts, newest last",
            "readOnly": True,
            "x-server-value": "server-state",
        },
        "webhook_type": {
            "$ref": "#/components/schemas/WebhookType",
            "description": "virtual (the vendor polls the integration) or native (the integration's own webhooks)",
        },
        "interval": {"type": "number", "description": "Minutes between polls of a virtual webhook"},
        "fields": {
            "type": "string",
            "description": "The fields of each object to send, comma-separated",
        },
        "filters": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Filters on the objects sent, by name",
        },
        "environment": {
            "type": "string",
            "description": "The integration's environment (the vendor's default is Production)",
        },
        "integration_type": {"type": "string", "description": "The integration of the connection"},
        "page_max_limit": {"type": "number", "description": "The most objects in one delivery"},
        "is_beta": {
            "type": "boolean",
            "description": "Whether the webhook uses the vendor's beta delivery",
        },
        "db_type": {
            "$ref": "#/components/schemas/WebhookDbType",
            "description": "The database a webhook writes to instead of a hook, if any",
        },
        "db_url": {"type": "string", "description": "That database's URL"},
        "db_schema": {"type": "string", "description": "That database's schema"},
        "db_name_prefix": {
            "type": "string",
            "description": "The prefix of that database's table names",
        },
    },
    "additionalProperties": True,
    "description": "A subscription: the events of one kind of object of one connection, POSTed to `hook_url` as signed deliveries (see `webhooks`)",
}
_READ_ONLY: tuple[str, ...] = (
    "workspace_id",
    "is_healthy",
    "checked_at",
    "runs",
)
# The attribute that holds each property (the names differ where Python needs: type -> type_).
_ATTRIBUTES: dict[str, str] = {
    "connection_id": "connection_id",
    "object_type": "object_type",
    "event": "event",
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "workspace_id": "workspace_id",
    "hook_url": "hook_url",
    "is_paused": "is_paused",
    "is_healthy": "is_healthy",
    "checked_at": "checked_at",
    "runs": "runs",
    "webhook_type": "webhook_type",
    "interval": "interval",
    "fields": "fields",
    "filters": "filters",
    "environment": "environment",
    "integration_type": "integration_type",
    "page_max_limit": "page_max_limit",
    "is_beta": "is_beta",
    "db_type": "db_type",
    "db_url": "db_url",
    "db_schema": "db_schema",
    "db_name_prefix": "db_name_prefix",
}
# The properties that hold this contract's objects (or arrays of them), by model class name.
_NESTED: dict[str, str] = {
    "filters": "WebhookFilters",
}
# The attributes that hold the document's own value, by property name (a string, a number, a
# date, a list of them: what _build() takes as it is): a model made by _lazy() reads each of
# them alone, without building the others.
_PLAIN: dict[str, str] = {
    "connection_id": "connection_id",
    "id": "id",
    "workspace_id": "workspace_id",
    "hook_url": "hook_url",
    "is_paused": "is_paused",
    "is_healthy": "is_healthy",
    "runs": "runs",
    "interval": "interval",
    "fields": "fields",
    "environment": "environment",
    "integration_type": "integration_type",
    "page_max_limit": "page_max_limit",
    "is_beta": "is_beta",
    "db_url": "db_url",
    "db_schema": "db_schema",
    "db_name_prefix": "db_name_prefix",
}


@_attrs_define(repr=False)  # LazyModel's: the properties that are set, and only those
class Webhook(_types.LazyModel):
    """A subscription: the events of one kind of object of one connection, POSTed to `hook_url` as signed deliveries (see
    `webhooks`)

        Attributes:
            connection_id (str): The connection whose objects are watched
            object_type (WebhookObjectType): The kind of object a webhook watches. The vendor lists 175; these are this
                API's, and any other value is kept as sent.
            event (WebhookEvent): What happened to an object
            id (str | Unset): Unique identifier for the webhook
            created_at (strtime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
            updated_at (strtime | Unset): (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
            workspace_id (str | Unset): The workspace the webhook belongs to (the caller's)
            hook_url (str | Unset): Where deliveries are POSTed
            is_paused (bool | Unset): While true, nothing is sent
            is_healthy (bool | Unset): False once a delivery has failed every retry; absent until one was tried
            checked_at (strtime | Unset): When a delivery was last tried (ISO-8601 / YYYY-MM-DDTHH:MM:SSZ format)
            runs (list[str] | Unset): The most recent delivery attempts, newest last
            webhook_type (WebhookType | Unset): How the vendor learns of changes
            interval (float | Unset): Minutes between polls of a virtual webhook
            fields (str | Unset): The fields of each object to send, comma-separated
            filters (WebhookFilters | Unset): Filters on the objects sent, by name
            environment (str | Unset): The integration's environment (the vendor's default is Production)
            integration_type (str | Unset): The integration of the connection
            page_max_limit (float | Unset): The most objects in one delivery
            is_beta (bool | Unset): Whether the webhook uses the vendor's beta delivery
            db_type (WebhookDbType | Unset): A database a webhook can write to
            db_url (str | Unset): That database's URL
            db_schema (str | Unset): That database's schema
            db_name_prefix (str | Unset): The prefix of that database's table names
    """

    _SCHEMA: ClassVar[dict[str, Any]] = _SCHEMA
    _READ_ONLY: ClassVar[tuple[str, ...]] = _READ_ONLY
    _NESTED: ClassVar[dict[str, str]] = _NESTED
    _ATTRIBUTES: ClassVar[dict[str, str]] = _ATTRIBUTES
    _PLAIN: ClassVar[dict[str, str]] = _PLAIN

    connection_id: str
    object_type: WebhookObjectType
    event: WebhookEvent
    id: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    workspace_id: str | Unset = UNSET
    hook_url: str | Unset = UNSET
    is_paused: bool | Unset = UNSET
    is_healthy: bool | Unset = UNSET
    checked_at: datetime.datetime | Unset = UNSET
    runs: list[str] | Unset = UNSET
    webhook_type: WebhookType | Unset = UNSET
    interval: float | Unset = UNSET
    fields: str | Unset = UNSET
    filters: WebhookFilters | Unset = UNSET
    environment: str | Unset = UNSET
    integration_type: str | Unset = UNSET
    page_max_limit: float | Unset = UNSET
    is_beta: bool | Unset = UNSET
    db_type: WebhookDbType | Unset = UNSET
    db_url: str | Unset = UNSET
    db_schema: str | Unset = UNSET
    db_name_prefix: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_request_dict(self) -> dict[str, Any]:
        """The JSON body to send: to_dict() without the read-only properties at any depth,
        checked against the contract so that a bad value fails here, before anything is sent."""
        field_dict = self.to_dict()
        _types.request_document(field_dict, type(self))
        return field_dict

    def to_dict(self) -> dict[str, Any]:
        connection_id = self.connection_id

        object_type = _types.enum_value(self.object_type)

        event = _types.enum_value(self.event)

        id = self.id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = _types.format_datetime(self.created_at, "/created_at")

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = _types.format_datetime(self.updated_at, "/updated_at")

        workspace_id = self.workspace_id

        hook_url = self.hook_url

        is_paused = self.is_paused

        is_healthy = self.is_healthy

        checked_at: str | Unset = UNSET
        if not isinstance(self.checked_at, Unset):
            checked_at = _types.format_datetime(self.checked_at, "/checked_at")

        runs: list[str] | Unset = UNSET
        if not isinstance(self.runs, Unset):
            runs = self.runs

        webhook_type: str | Unset = UNSET
        if not isinstance(self.webhook_type, Unset):
            webhook_type = _types.enum_value(self.webhook_type)

        interval = self.interval

        fields = self.fields

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        environment = self.environment

        integration_type = self.integration_type

        page_max_limit = self.page_max_limit

        is_beta = self.is_beta

        db_type: str | Unset = UNSET
        if not isinstance(self.db_type, Unset):
            db_type = _types.enum_value(self.db_type)

        db_url = self.db_url

        db_schema = self.db_schema

        db_name_prefix = self.db_name_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "connection_id": connection_id,
                "object_type": object_type,
                "event": event,
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
        if hook_url is not UNSET:
            field_dict["hook_url"] = hook_url
        if is_paused is not UNSET:
            field_dict["is_paused"] = is_paused
        if is_healthy is not UNSET:
            field_dict["is_healthy"] = is_healthy
        if checked_at is not UNSET:
            field_dict["checked_at"] = checked_at
        if runs is not UNSET:
            field_dict["runs"] = runs
        if webhook_type is not UNSET:
            field_dict["webhook_type"] = webhook_type
        if interval is not UNSET:
            field_dict["interval"] = interval
        if fields is not UNSET:
            field_dict["fields"] = fields
        if filters is not UNSET:
            field_dict["filters"] = filters
        if environment is not UNSET:
            field_dict["environment"] = environment
        if integration_type is not UNSET:
            field_dict["integration_type"] = integration_type
        if page_max_limit is not UNSET:
            field_dict["page_max_limit"] = page_max_limit
        if is_beta is not UNSET:
            field_dict["is_beta"] = is_beta
        if db_type is not UNSET:
            field_dict["db_type"] = db_type
        if db_url is not UNSET:
            field_dict["db_url"] = db_url
        if db_schema is not UNSET:
            field_dict["db_schema"] = db_schema
        if db_name_prefix is not UNSET:
            field_dict["db_name_prefix"] = db_name_prefix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a document; InvalidDocument when the contract does not allow it."""
        _types.validate(src_dict, _SCHEMA)
        return cls._build(src_dict)

    @classmethod
    def _build(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        # From a document already checked against the contract.
        from ..models.webhook_filters import WebhookFilters  # noqa: PLC0415

        d = dict(src_dict)
        connection_id = d.pop("connection_id")

        object_type = WebhookObjectType(d.pop("object_type"))

        event = WebhookEvent(d.pop("event"))

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

        hook_url = d.pop("hook_url", UNSET)

        is_paused = d.pop("is_paused", UNSET)

        is_healthy = d.pop("is_healthy", UNSET)

        _checked_at = d.pop("checked_at", UNSET)
        checked_at: datetime.datetime | Unset
        if isinstance(_checked_at, Unset):
            checked_at = UNSET
        else:
            checked_at = _types.parse_datetime(_checked_at, "/checked_at")

        runs = cast(list[str], d.pop("runs", UNSET))

        _webhook_type = d.pop("webhook_type", UNSET)
        webhook_type: WebhookType | Unset
        if isinstance(_webhook_type, Unset):
            webhook_type = UNSET
        else:
            webhook_type = WebhookType(_webhook_type)

        interval = d.pop("interval", UNSET)

        fields = d.pop("fields", UNSET)

        _filters = d.pop("filters", UNSET)
        filters: WebhookFilters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = WebhookFilters._build(_filters)

        environment = d.pop("environment", UNSET)

        integration_type = d.pop("integration_type", UNSET)

        page_max_limit = d.pop("page_max_limit", UNSET)

        is_beta = d.pop("is_beta", UNSET)

        _db_type = d.pop("db_type", UNSET)
        db_type: WebhookDbType | Unset
        if isinstance(_db_type, Unset):
            db_type = UNSET
        else:
            db_type = WebhookDbType(_db_type)

        db_url = d.pop("db_url", UNSET)

        db_schema = d.pop("db_schema", UNSET)

        db_name_prefix = d.pop("db_name_prefix", UNSET)

        webhook = cls(
            connection_id=connection_id,
            object_type=object_type,
            event=event,
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            workspace_id=workspace_id,
            hook_url=hook_url,
            is_paused=is_paused,
            is_healthy=is_healthy,
            checked_at=checked_at,
            runs=runs,
            webhook_type=webhook_type,
            interval=interval,
            fields=fields,
            filters=filters,
            environment=environment,
            integration_type=integration_type,
            page_max_limit=page_max_limit,
            is_beta=is_beta,
            db_type=db_type,
            db_url=db_url,
            db_schema=db_schema,
            db_name_prefix=db_name_prefix,
        )

        webhook.additional_properties = d
        return webhook

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
