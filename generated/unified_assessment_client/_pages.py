"""Every page of a list operation, one item at a time: what each list module's `iterate_sync`
and `iterate_asyncio` do.

The page size is the one the contract allows (`x-page-maximum` on the list's `limit`, read from
the contract.json this package carries); the pages are asked for at offsets 0, n, 2n, ... and
the iteration stops at the first page shorter than asked (an empty one included). The whole
iteration, every page and every retry, ends within the client's deadline
(`RetryPolicy.max_total`, from the first page asked for), so a server that never sends a short
page cannot keep it going. The same whatever the contract says: scripts/generate.py copies this
file into the package.
"""

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from ._deadline import DEADLINE, Deadline

if TYPE_CHECKING:
    from .client import Client

T = TypeVar("T")
# The page size when the contract sets no maximum for `limit`.
DEFAULT_PAGE_SIZE = 100


@cache
def _contract() -> Any:
    return json.loads(resources.files(__package__).joinpath("contract.json").read_text("utf-8"))


def _resolved(document: Any, node: Any) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        target = document
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target[key.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@cache
def page_maximum(path: str, method: str) -> int:
    """The largest page the contract allows the operation at `path`: the `x-page-maximum` of
    its `limit` parameter, else the limit schema's `maximum`, else DEFAULT_PAGE_SIZE."""
    document = _contract()
    item = document["paths"][path]
    for parameter in [*item.get("parameters", []), *item[method].get("parameters", [])]:
        parameter = _resolved(document, parameter)
        if parameter.get("name") == "limit" and parameter.get("in") == "query":
            schema = _resolved(document, parameter.get("schema", {}))
            found = parameter.get("x-page-maximum", schema.get("maximum"))
            return int(found) if found else DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE


def page_size(path: str, method: str, asked: int | None) -> int:
    """The page size to ask for: `asked`, at most the contract's maximum (its default)."""
    largest = page_maximum(path, method)
    if asked is None:
        return largest
    if isinstance(asked, bool) or not isinstance(asked, int) or not 1 <= asked <= largest:
        raise ValueError(f"page_size must be a whole number from 1 to {largest}, not {asked!r:.40}")
    return asked


def iterate(client: "Client", size: int, fetch: Callable[[int, int], list[T]]) -> Iterator[T]:
    """The items of the pages `fetch(limit, offset)` returns, until a short page."""
    deadline = Deadline(client.retry)
    offset = 0
    while True:
        # Set around each page only: a generator must not leave it set while suspended.
        token = DEADLINE.set(deadline)
        try:
            page = fetch(size, offset)
        finally:
            DEADLINE.reset(token)
        yield from page
        if len(page) < size:
            return
        offset += len(page)


async def iterate_async(
    client: "Client", size: int, fetch: Callable[[int, int], Awaitable[list[T]]]
) -> AsyncIterator[T]:
    """iterate()'s async twin."""
    deadline = Deadline(client.retry)
    offset = 0
    while True:
        token = DEADLINE.set(deadline)
        try:
            page = await fetch(size, offset)
        finally:
            DEADLINE.reset(token)
        for item in page:
            yield item
        if len(page) < size:
            return
        offset += len(page)
