"""The contract, read in one place: loading openapi/, resolving `$ref`s, listing operations,
schemas and read-only properties, and building JSON Schema validators.

scripts/check_contract.py and scripts/generate.py, the stub (tests/stub/) and the tests all read
the contract through this module.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "assessment-package.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def escape(token: str) -> str:
    """One JSON pointer (RFC 6901) reference token."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(parts: Any) -> str:
    """The JSON pointer of a path of keys and indexes."""
    return "".join(f"/{escape(str(part))}" for part in parts)


def named(text: str, path: Path | str) -> io.StringIO:
    """`text` as a stream named after its file: a YAML error then names the file and line,
    not "<unicode string>"."""
    stream = io.StringIO(text)
    stream.name = str(path)
    return stream


# The most nodes a document may hold once its aliases are followed: every reader of the
# contract (the checks, check-breaking, the generators, the stub) walks the expanded tree, so a
# few aliases nested ten deep would keep them all busy for minutes. The contract holds about
# 1,400; a document past this is refused after this many steps, whatever its aliases.
MAX_NODES = 100_000


class RefusedDocument(yaml.MarkedYAMLError):
    """A document that is YAML, but not one the project reads: a key twice in one mapping, or
    aliases that expand past MAX_NODES. Its str() is one line naming the file and line."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(problem=problem, problem_mark=mark)

    def __str__(self) -> str:
        mark = self.problem_mark
        assert mark is not None
        return f"{mark.name}:{mark.line + 1}: {self.problem}"


MERGE = "tag:yaml.org,2002:merge"


class JSONLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing the numbers JSON has none for: the contract is copied into
    the client as JSON, and a peer reads it so. An integer of more than Python's 4,300 digits
    and NaN or an infinity are refused with their file and line, not a traceback."""


def _integer(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    try:
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        problem = "an integer too long to read (over 4,300 digits)"
        raise RefusedDocument(problem, node.start_mark) from None
    return value


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value: float = yaml.SafeLoader.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        raise RefusedDocument(
            f"{node.value} is no JSON number (NaN or an infinity)", node.start_mark
        )
    return value


JSONLoader.add_constructor("tag:yaml.org,2002:int", _integer)
JSONLoader.add_constructor("tag:yaml.org,2002:float", _float)


def children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [value for _, value in node.value]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_expansion(root: yaml.Node) -> None:
    """RefusedDocument when the document, its aliases followed, holds more than MAX_NODES
    nodes or holds itself. Each distinct node is counted once (its expanded size is the sum of
    its children's), so this takes time linear in the text, however far the aliases expand."""
    size: dict[int, int] = {}
    counting: set[int] = set()
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    while pending:
        node, counted = pending.pop()
        if counted:
            counting.discard(id(node))
            size[id(node)] = 1 + sum(size[id(child)] for child in children(node))
            if size[id(node)] > MAX_NODES:
                raise RefusedDocument(
                    f"expands past {MAX_NODES:,} nodes once its aliases are followed: refused",
                    node.start_mark,
                )
        elif id(node) in counting:  # an ancestor of the node that holds it
            raise RefusedDocument("holds itself through an alias: refused", node.start_mark)
        elif id(node) not in size:
            counting.add(id(node))
            pending.append((node, True))
            pending += [(child, False) for child in children(node)]


def lines_of(root: yaml.Node | None) -> dict[str, int]:
    """Every JSON pointer of the document and the line it starts on (a mapping entry's, its
    key's), each node at the first place it appears; RefusedDocument for a key written twice in
    one mapping, or for aliases that expand past MAX_NODES."""
    if root is None:
        return {}
    check_expansion(root)
    lines: dict[str, int] = {}
    seen_nodes: set[int] = set()
    pending: list[tuple[yaml.Node, str, int]] = [(root, "", 1)]
    while pending:
        node, at, line = pending.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        lines[at] = line
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if key.tag == MERGE:
                    continue
                name = str(key.value)
                if name in seen:
                    raise RefusedDocument(
                        f"key {name!r} appears twice in one mapping (first at line {seen[name]})",
                        key.start_mark,
                    )
                seen[name] = key.start_mark.line + 1
                pending.append((value, f"{at}/{escape(name)}", seen[name]))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                pending.append((item, f"{at}/{index}", item.start_mark.line + 1))
    return lines


def read(text: str, source: Path | str) -> tuple[Any, dict[str, int]]:
    """THE loader of every document the project reads (openapi/, a BASE= of check-breaking,
    the stub's contract): the document and the line of each of its pointers. yaml.YAMLError
    (a RefusedDocument among them) naming `source` and the line when it is not one to read."""
    loader = JSONLoader(named(text, source))
    try:
        root = loader.get_single_node()
        lines = lines_of(root)
        return (None if root is None else loader.construct_document(root)), lines
    finally:
        loader.dispose()


def load(path: Path = DOCUMENT) -> Any:
    return read(path.read_text(encoding="utf-8"), path)[0]


def load_with_lines(path: Path) -> tuple[Any, dict[str, int]]:
    """Parse the YAML document and map every JSON pointer in it to its line number."""
    return read(path.read_text(encoding="utf-8"), path)


def resolve(document: Any, ref: str) -> Any:
    """The node a local `$ref` points to; KeyError when it points to nothing."""
    if not ref.startswith("#"):
        raise KeyError("only local references (#/...) are allowed in this contract")
    node = document
    for token in filter(None, ref[1:].split("/")):
        key = unescape(token)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise KeyError(f"{ref} points to nothing (no {key!r})")
    return node


def deref(document: Any, node: Any) -> Any:
    """`node`, or what its chain of `$ref`s ends at."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        if node["$ref"] in seen:
            raise KeyError(f"{node['$ref']} refers to itself")
        seen.add(node["$ref"])
        node = resolve(document, node["$ref"])
    return node


@dataclass(frozen=True)
class Operation:
    """One operation of the contract, with its parameters and schemas resolved."""

    operation_id: str
    method: str  # upper case
    path: str
    spec: dict[str, Any]
    parameters: tuple[dict[str, Any], ...]
    body_schema: dict[str, Any] | None  # the JSON request body's schema, as written
    body_media_type: str | None

    @property
    def path_parameters(self) -> tuple[dict[str, Any], ...]:
        return tuple(p for p in self.parameters if p["in"] == "path")

    @property
    def query_parameters(self) -> tuple[dict[str, Any], ...]:
        return tuple(p for p in self.parameters if p["in"] == "query")

    def response(self, status: str) -> dict[str, Any]:
        return dict(self.spec["responses"][status])

    @property
    def success_status(self) -> str:
        return min(str(status) for status in self.spec["responses"] if str(status).startswith("2"))

    @property
    def success_schema(self) -> dict[str, Any] | None:
        """The schema of the success answer's JSON body; None when it has no body."""
        content = self.response(self.success_status).get("content")
        return dict(content["application/json"]["schema"]) if content else None


def operations(document: Any) -> Iterator[Operation]:
    """Every operation, in the document's order."""
    for path, item in (document.get("paths") or {}).items():
        shared = [deref(document, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            own = [deref(document, p) for p in spec.get("parameters", [])]
            names = {(p["name"], p["in"]) for p in own}
            parameters = [p for p in shared if (p["name"], p["in"]) not in names] + own
            content = deref(document, spec.get("requestBody", {})).get("content", {})
            media_type = next(iter(content), None)
            yield Operation(
                operation_id=spec["operationId"],
                method=method.upper(),
                path=path,
                spec=spec,
                parameters=tuple(parameters),
                body_schema=content[media_type].get("schema") if media_type else None,
                body_media_type=media_type,
            )


def validator(document: Any, schema: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
    """A JSON Schema 2020-12 validator for `schema` (which may `$ref` into the document),
    formats checked: what the document's `x-format-assertion: true` says (absent means the same
    here; `make check-contract` refuses any other value).

    jsonschema-rs, compiled, because the stub validates every request with it: about 0.3 µs for
    a typical package where the pure-Python jsonschema takes about 90 µs.
    """
    root = {**document, **schema}
    return jsonschema_rs.Draft202012Validator(root, validate_formats=True)


def read_only(document: Any, schema: dict[str, Any]) -> frozenset[str]:
    """The names of the read-only properties of an object schema."""
    properties = deref(document, schema).get("properties", {})
    return frozenset(
        name for name, prop in properties.items() if deref(document, prop).get("readOnly")
    )


def server_owned(document: Any, schema: dict[str, Any]) -> frozenset[str]:
    """The properties of an object schema that only the server sets: read-only ones, and those
    marked `x-server-owned: true` (which a client may send back, but which the server keeps)."""
    properties = deref(document, schema).get("properties", {})
    return frozenset(
        name
        for name, prop in properties.items()
        if deref(document, prop).get("readOnly") or prop.get("x-server-owned") is True
    )


class Contract:
    """The document at `path`, with its operations by operationId."""

    def __init__(self, path: Path = DOCUMENT, document: Any = None) -> None:
        self.path = path
        self.yaml_text = path.read_text(encoding="utf-8") if document is None else ""
        self.document: dict[str, Any] = (
            read(self.yaml_text, path)[0] if document is None else document
        )
        self.json_text = json.dumps(self.document, indent=2)
        if document is not None:
            self.yaml_text = yaml.safe_dump(self.document, sort_keys=False)

    @cached_property
    def operations(self) -> dict[str, Operation]:
        return {operation.operation_id: operation for operation in operations(self.document)}

    def schema(self, name: str) -> dict[str, Any]:
        """A component schema by name."""
        found: dict[str, Any] = self.document["components"]["schemas"][name]
        return found

    def example(self, operation_id: str, status: str | None = None) -> Any:
        """The first example of an operation's request body, or of its `status` response."""
        operation = self.operations[operation_id]
        holder = operation.spec["requestBody"] if status is None else operation.response(status)
        holder = deref(self.document, holder)
        examples = next(iter(holder["content"].values()))["examples"]
        return next(iter(examples.values()))["value"]

    def validator(self, schema: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
        return validator(self.document, schema)

    def read_only(self, schema: dict[str, Any]) -> frozenset[str]:
        return read_only(self.document, schema)

    def server_owned(self, schema: dict[str, Any]) -> frozenset[str]:
        return server_owned(self.document, schema)


# What the stub does with a resource, read from the contract --------------------------------
#
# A path whose last segment is one parameter (`/x/{c}/thing/{id}`) is the item path of the
# collection path before it (`/x/{c}/thing`): the two form one resource, named by the
# collection path. The method says what an operation does to it.
ACTIONS = {
    ("collection", "POST"): "create",
    ("collection", "GET"): "list",
    ("item", "GET"): "read",
    ("item", "PUT"): "replace",
    ("item", "PATCH"): "patch",
    ("item", "DELETE"): "remove",
}
# What `x-server-value` may say a server-owned property holds, where its name does not: a
# property named as the item path's parameter holds the new item's id, one named as another
# path parameter holds that parameter's value. `server-state` is what the server records as it
# works (a webhook's health, say): absent until it has a value, kept across updates.
SERVER_VALUES = ("new-id", "creation-time", "update-time", "caller-workspace", "server-state")
# The list's paging parameters; `x-page-maximum` on `limit` is both its default and its cap.
PAGING_PARAMETERS = ("limit", "offset")
# A list's other query parameters each filter on the item property its `x-filter` names: the
# list holds the items whose property equals the parameter's value.
FILTER = "x-filter"
# An operation on a path below an item path (`/x/{id}/trigger`) does what its `x-item-action`
# says to that item: `trigger` answers for an item that exists, and runs its deliveries.
ITEM_ACTIONS = ("trigger",)


# The stub's control API (faults on demand) lives under this prefix; a path of the contract
# there would be shadowed by it, or shadow it.
RESERVED_PREFIX = "/__stub"


class NotAResource(ValueError):
    """The operation is not one the stub can serve from conventions and x- extensions alone."""


@dataclass(frozen=True)
class ResourceOperation:
    """An operation as an action on an item of a collection."""

    operation: Operation
    action: str  # create, list, read, replace, patch, remove, or an ITEM_ACTIONS one
    collection: str  # the collection path: the resource's name and namespace
    noun: str  # the collection path's last segment, for messages
    id_parameter: str | None  # the item path's parameter, the id; None when there is no item path
    owner_parameters: tuple[str, ...]  # the path parameters that, with the caller, own an item
    # Server-owned property -> what the server puts there: one of SERVER_VALUES, or
    # "path-parameter" (the path parameter of that name).
    server_values: dict[str, str]
    page_maximum: int | None  # the list's largest page (its default too); None: no cap
    filters: tuple[tuple[str, str], ...] = ()  # a list's (query parameter, item property) pairs


def split_item_path(path: str) -> tuple[str, str | None]:
    """The collection path and the item's parameter name (None for a collection path)."""
    parent, _, last = path.rpartition("/")
    if last.startswith("{") and last.endswith("}") and parent:
        return parent, last[1:-1]
    return path, None


def path_parameter_names(path: str) -> tuple[str, ...]:
    return tuple(segment[1:-1] for segment in path.split("/") if segment.startswith("{"))


def item_schema(document: Any, operation: Operation, action: str) -> dict[str, Any]:
    """The resolved schema of one item, as the operation answers or takes it."""
    schema = operation.success_schema or operation.body_schema or {}
    schema = deref(document, schema)
    if action == "list":
        schema = deref(document, schema.get("items", {}))
    return dict(schema)


def server_values(
    document: Any, schema: dict[str, Any], id_parameter: str | None, owners: tuple[str, ...]
) -> dict[str, str]:
    """What the server puts in each server-owned property of `schema`; NotAResource naming a
    property whose value neither its name nor `x-server-value` says."""
    values: dict[str, str] = {}
    for name, prop in deref(document, schema).get("properties", {}).items():
        said = prop.get("x-server-value", deref(document, prop).get("x-server-value"))
        if said is not None:
            if said not in SERVER_VALUES:
                known = ", ".join(SERVER_VALUES)
                raise NotAResource(f"{name}: unknown x-server-value {said!r} (one of {known})")
            values[name] = str(said)
        elif name not in server_owned(document, schema):
            continue
        elif name == id_parameter:
            values[name] = "new-id"
        elif name in owners:
            values[name] = "path-parameter"
        else:
            raise NotAResource(
                f"server-owned property {name!r} says not what the server puts there "
                f"(x-server-value: one of {', '.join(SERVER_VALUES)})"
            )
    return values


def resource_operation(document: Any, operation: Operation) -> ResourceOperation:
    """`operation` as an action on a resource; NotAResource saying why it is none."""
    item_action = operation.spec.get("x-item-action")
    if item_action is not None:
        return item_operation(document, operation, item_action)
    collection, id_parameter = split_item_path(operation.path)
    action = ACTIONS.get(("item" if id_parameter else "collection", operation.method))
    if action is None:
        kind = "an item" if id_parameter else "a collection"
        raise NotAResource(f"{operation.method} on {kind} path is no action of a resource")
    owners = path_parameter_names(collection)
    if id_parameter is None:  # the item path beside this collection path names the id
        items = [split_item_path(path) for path in document.get("paths") or {}]
        id_parameter = next((name for parent, name in items if name and parent == collection), None)
    schema = item_schema(document, operation, action)
    if action in ("create", "replace", "patch") and schema.get("type") != "object":
        raise NotAResource(f"a {action} whose item schema is not an object")
    page_maximum = None
    filters: list[tuple[str, str]] = []
    if action == "list":
        for parameter in operation.query_parameters:
            if parameter["name"] not in PAGING_PARAMETERS:
                prop = parameter.get(FILTER)
                if not isinstance(prop, str) or prop not in schema.get("properties", {}):
                    raise NotAResource(
                        f"list parameter {parameter['name']!r} is not limit or offset, and "
                        f"names no property of the item to filter on ({FILTER})"
                    )
                filters.append((parameter["name"], prop))
            if parameter["name"] == "limit" and "x-page-maximum" in parameter:
                page_maximum = parameter["x-page-maximum"]
                if type(page_maximum) is not int or page_maximum < 1:
                    raise NotAResource(f"x-page-maximum {page_maximum!r} is not a whole number ≥ 1")
    return ResourceOperation(
        operation=operation,
        action=action,
        collection=collection,
        noun=collection.rsplit("/", 1)[-1],
        id_parameter=id_parameter,
        owner_parameters=owners,
        server_values=(
            server_values(document, schema, id_parameter, owners)
            if action in ("create", "replace", "patch")
            else {}
        ),
        page_maximum=page_maximum,
        filters=tuple(filters),
    )


def item_operation(document: Any, operation: Operation, action: Any) -> ResourceOperation:
    """An `x-item-action` operation: `action` on the item of the item path its path extends."""
    if action not in ITEM_ACTIONS:
        raise NotAResource(f"unknown x-item-action {action!r} (one of {', '.join(ITEM_ACTIONS)})")
    item_path = operation.path.rpartition("/")[0]
    collection, id_parameter = split_item_path(item_path)
    if id_parameter is None or item_path not in (document.get("paths") or {}):
        raise NotAResource(f"an x-item-action path must extend an item path, not {item_path!r}")
    return ResourceOperation(
        operation=operation,
        action=str(action),
        collection=collection,
        noun=collection.rsplit("/", 1)[-1],
        id_parameter=id_parameter,
        owner_parameters=path_parameter_names(collection),
        server_values={},
        page_maximum=None,
    )


# Deliveries: the `webhooks` section -------------------------------------------------------
#
# Each entry is one kind of delivery: its `x-object-type` and `x-event` say which webhooks get
# it (those whose object_type and event match), its request body's schema is what arrives.


@dataclass(frozen=True)
class DeliveryKind:
    name: str
    object_type: str
    event: str
    schema: dict[str, Any]  # the delivery body's schema, as written (a $ref)
    spec: dict[str, Any]


def deliveries(document: Any) -> Iterator[DeliveryKind]:
    """Every entry of the `webhooks` section, in the document's order."""
    for name, item in (document.get("webhooks") or {}).items():
        for method in HTTP_METHODS:
            spec = item.get(method)
            if not isinstance(spec, dict):
                continue
            content = deref(document, spec.get("requestBody", {})).get("content", {})
            yield DeliveryKind(
                name=name,
                object_type=spec.get("x-object-type", ""),
                event=spec.get("x-event", ""),
                schema=dict(content.get("application/json", {}).get("schema", {})),
                spec=spec,
            )


# Any version of the contract, as text: the working copy, one from git history or a published
# file (scripts/check_breaking.py compares two of them).


class UnreadableDocument(ValueError):
    """The text is not YAML, or not a mapping; the message is one line saying where."""


def read_document(text: str, source: str) -> dict[str, Any]:
    """The document in `text`, read from `source` (named in the error)."""
    return read_document_with_lines(text, source)[0]


def read_document_with_lines(text: str, source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The document in `text` and the line of each of its pointers, read from `source`."""
    try:
        document, lines = read(text, source)
    except RefusedDocument as error:
        raise UnreadableDocument(str(error)) from None
    except RecursionError:
        raise UnreadableDocument(f"{source} is not readable YAML: nested too deep") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or type(error).__name__
        raise UnreadableDocument(f"{source} is not readable YAML: {problem}{where}") from None
    if not isinstance(document, dict):
        raise UnreadableDocument(f"{source} is not an OpenAPI document (not a mapping)")
    return document, lines
