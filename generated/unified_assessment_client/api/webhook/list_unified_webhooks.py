"""List webhook subscriptions: GET /unified/webhook"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from ... import _endpoint, _pages
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.webhook import Webhook
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/unified/webhook".format(),
    }
    _kwargs["params"] = _endpoint.query(
        {
            "limit": (limit, "float"),
            "offset": (offset, "float"),
            "connection_id": (connection_id, "str"),
            "object": (object_, "str"),
            "integration_type": (integration_type, "str"),
            "env": (env, "str"),
        }
    )
    return _kwargs


_SUCCESS_SCHEMA: dict[str, Any] = {"type": "array", "items": Webhook._SCHEMA}


def _parse_success(document: Any) -> list[Webhook]:
    # Checked whole, then built lazily: a model's attributes are made when first read.
    _types.validate(document, _SUCCESS_SCHEMA)
    return [Webhook._lazy(item) for item in document]


_CALL = _endpoint.Call(
    has_body=True,
    parse_success=_parse_success,
    parse_error=Error.from_dict,
)


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
) -> Response[list[Webhook] | Error]:
    """List webhook subscriptions, with the whole answer.

    Returns:
        Response: status, headers, content and `parsed` (the list[Webhook] of a success, the
        Error of an error, None when the body is not one).

    Raises:
        errors.InvalidDocument: the arguments do not match the contract (nothing was sent).
        errors.ResponseTooLarge: the answer is longer than the client's max_response_bytes.
        httpx.TimeoutException, httpx.TransportError: the request could not complete.
    """
    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        connection_id=connection_id,
        object_=object_,
        integration_type=integration_type,
        env=env,
    )
    response = _endpoint.send(client.get_httpx_client(), kwargs)
    return _CALL.detailed(response, client.secrets())


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
) -> list[Webhook]:
    """List webhook subscriptions.

    Returns:
        list[Webhook].

    Raises:
        errors.InvalidDocument: the arguments, or a successful answer, do not match the contract.
        errors.ClientError: a 4xx answer; errors.ServerError: a 5xx answer (after retries); each
            the class of its status when the contract documents it (status_errors: NotFound, ...).
        errors.ResponseTooLarge: the answer is longer than the client's max_response_bytes.
        httpx.TimeoutException, httpx.TransportError: the request could not complete.
    """
    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        connection_id=connection_id,
        object_=object_,
        integration_type=integration_type,
        env=env,
    )
    response = _endpoint.send(client.get_httpx_client(), kwargs)
    return _CALL.success_or_raise(response, client.secrets())


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
) -> Response[list[Webhook] | Error]:
    """List webhook subscriptions, with the whole answer: see sync_detailed."""
    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        connection_id=connection_id,
        object_=object_,
        integration_type=integration_type,
        env=env,
    )
    response = await _endpoint.send_async(client.get_async_httpx_client(), kwargs)
    return _CALL.detailed(response, client.secrets())


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
) -> list[Webhook]:
    """List webhook subscriptions: see sync."""
    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        connection_id=connection_id,
        object_=object_,
        integration_type=integration_type,
        env=env,
    )
    response = await _endpoint.send_async(client.get_async_httpx_client(), kwargs)
    return _CALL.success_or_raise(response, client.secrets())


def iterate_sync(
    *,
    client: AuthenticatedClient | Client,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
    page_size: int | None = None,
) -> Iterator[Webhook]:
    """List webhook subscriptions: every one, page after page.

    Asks for pages of `page_size` (the contract's largest, and its default) until one is
    shorter; the whole iteration ends within the client's `retry.max_total`.

    Raises:
        ValueError: page_size is not a whole number from 1 to the contract's largest page.
        what sync() raises, for any page.
    """
    size = _pages.page_size("/unified/webhook", "get", page_size)
    return _pages.iterate(
        client,
        size,
        lambda limit, offset: sync(
            client=client,
            connection_id=connection_id,
            object_=object_,
            integration_type=integration_type,
            env=env,
            limit=limit,
            offset=offset,
        ),
    )


def iterate_asyncio(
    *,
    client: AuthenticatedClient | Client,
    connection_id: str | Unset = UNSET,
    object_: str | Unset = UNSET,
    integration_type: str | Unset = UNSET,
    env: str | Unset = UNSET,
    page_size: int | None = None,
) -> AsyncIterator[Webhook]:
    """List webhook subscriptions: every one, page after page (`async for`):
    see iterate_sync."""
    size = _pages.page_size("/unified/webhook", "get", page_size)
    return _pages.iterate_async(
        client,
        size,
        lambda limit, offset: asyncio(
            client=client,
            connection_id=connection_id,
            object_=object_,
            integration_type=integration_type,
            env=env,
            limit=limit,
            offset=offset,
        ),
    )
