"""List all assessment packages: GET /assessment/{connection_id}/package"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from ... import _endpoint, _pages
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.assessment_package import AssessmentPackage
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    connection_id: str,
    *,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "GET",
        "url": "/assessment/{connection_id}/package".format(
            connection_id=_endpoint.path_segment(connection_id, "connection_id"),
        ),
    }
    _kwargs["params"] = _endpoint.query(
        {
            "limit": (limit, "float"),
            "offset": (offset, "float"),
        }
    )
    return _kwargs


_SUCCESS_SCHEMA: dict[str, Any] = {"type": "array", "items": AssessmentPackage._SCHEMA}


def _parse_success(document: Any) -> list[AssessmentPackage]:
    # Checked whole, then built lazily: a model's attributes are made when first read.
    _types.validate(document, _SUCCESS_SCHEMA)
    return [AssessmentPackage._lazy(item) for item in document]


_CALL = _endpoint.Call(
    has_body=True,
    parse_success=_parse_success,
    parse_error=Error.from_dict,
)


def sync_detailed(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
) -> Response[list[AssessmentPackage] | Error]:
    """List all assessment packages, with the whole answer.

    Returns:
        Response: status, headers, content and `parsed` (the list[AssessmentPackage] of a success, the
        Error of an error, None when the body is not one).

    Raises:
        errors.InvalidDocument: the arguments do not match the contract (nothing was sent).
        errors.ResponseTooLarge: the answer is longer than the client's max_response_bytes.
        httpx.TimeoutException, httpx.TransportError: the request could not complete.
    """
    kwargs = _get_kwargs(
        connection_id=connection_id,
        limit=limit,
        offset=offset,
    )
    response = _endpoint.send(client.get_httpx_client(), kwargs)
    return _CALL.detailed(response, client.secrets())


def sync(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
) -> list[AssessmentPackage]:
    """List all assessment packages.

    Returns:
        list[AssessmentPackage].

    Raises:
        errors.InvalidDocument: the arguments, or a successful answer, do not match the contract.
        errors.ClientError: a 4xx answer; errors.ServerError: a 5xx answer (after retries); each
            the class of its status when the contract documents it (status_errors: NotFound, ...).
        errors.ResponseTooLarge: the answer is longer than the client's max_response_bytes.
        httpx.TimeoutException, httpx.TransportError: the request could not complete.
    """
    kwargs = _get_kwargs(
        connection_id=connection_id,
        limit=limit,
        offset=offset,
    )
    response = _endpoint.send(client.get_httpx_client(), kwargs)
    return _CALL.success_or_raise(response, client.secrets())


async def asyncio_detailed(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
) -> Response[list[AssessmentPackage] | Error]:
    """List all assessment packages, with the whole answer: see sync_detailed."""
    kwargs = _get_kwargs(
        connection_id=connection_id,
        limit=limit,
        offset=offset,
    )
    response = await _endpoint.send_async(client.get_async_httpx_client(), kwargs)
    return _CALL.detailed(response, client.secrets())


async def asyncio(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: float | Unset = UNSET,
    offset: float | Unset = UNSET,
) -> list[AssessmentPackage]:
    """List all assessment packages: see sync."""
    kwargs = _get_kwargs(
        connection_id=connection_id,
        limit=limit,
        offset=offset,
    )
    response = await _endpoint.send_async(client.get_async_httpx_client(), kwargs)
    return _CALL.success_or_raise(response, client.secrets())


def iterate_sync(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | None = None,
) -> Iterator[AssessmentPackage]:
    """List all assessment packages: every one, page after page.

    Asks for pages of `page_size` (the contract's largest, and its default) until one is
    shorter; the whole iteration ends within the client's `retry.max_total`.

    Raises:
        ValueError: page_size is not a whole number from 1 to the contract's largest page.
        what sync() raises, for any page.
    """
    size = _pages.page_size("/assessment/{connection_id}/package", "get", page_size)
    return _pages.iterate(
        client,
        size,
        lambda limit, offset: sync(
            connection_id,
            client=client,
            limit=limit,
            offset=offset,
        ),
    )


def iterate_asyncio(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | None = None,
) -> AsyncIterator[AssessmentPackage]:
    """List all assessment packages: every one, page after page (`async for`):
    see iterate_sync."""
    size = _pages.page_size("/assessment/{connection_id}/package", "get", page_size)
    return _pages.iterate_async(
        client,
        size,
        lambda limit, offset: asyncio(
            connection_id,
            client=client,
            limit=limit,
            offset=offset,
        ),
    )
