"""Change some properties of a webhook subscription: PATCH /unified/webhook/{id}"""

from typing import Any

from ... import _endpoint
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.webhook import Webhook
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: Webhook,
) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {
        "method": "PATCH",
        "url": "/unified/webhook/{id}".format(
            id=_endpoint.path_segment(id, "id"),
        ),
    }
    _kwargs["json"] = _endpoint.request_body(body, Webhook)
    return _kwargs


_SUCCESS_SCHEMA: dict[str, Any] = Webhook._SCHEMA


def _parse_success(document: Any) -> Webhook:
    # Checked whole, then built lazily: a model's attributes are made when first read.
    _types.validate(document, _SUCCESS_SCHEMA)
    return Webhook._lazy(document)


_CALL = _endpoint.Call(
    has_body=True,
    parse_success=_parse_success,
    parse_error=Error.from_dict,
)


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Webhook,
) -> Response[Webhook | Error]:
    """Change some properties of a webhook subscription, with the whole answer.

    Returns:
        Response: status, headers, content and `parsed` (the Webhook of a success, the
        Error of an error, None when the body is not one).

    Raises:
        errors.InvalidDocument: the arguments do not match the contract (nothing was sent).
        errors.ResponseTooLarge: the answer is longer than the client's max_response_bytes.
        httpx.TimeoutException, httpx.TransportError: the request could not complete.
    """
    kwargs = _get_kwargs(
        id=id,
        body=body,
    )
    response = _endpoint.send(client.get_httpx_client(), kwargs)
    return _CALL.detailed(response, client.secrets())


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Webhook,
) -> Webhook:
    """Change some properties of a webhook subscription.

    Returns:
        Webhook.

    Raises:
        errors.InvalidDocument: the arguments, or a successful answer, do not match the contract.
        errors.ClientError: a 4xx answer; errors.ServerError: a 5xx answer (after retries); each
            the class of its status when the contract documents it (status_errors: NotFound, ...).
        errors.ResponseTooLarge: the answer is longer than the client's max_response_bytes.
        httpx.TimeoutException, httpx.TransportError: the request could not complete.
    """
    kwargs = _get_kwargs(
        id=id,
        body=body,
    )
    response = _endpoint.send(client.get_httpx_client(), kwargs)
    return _CALL.success_or_raise(response, client.secrets())


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Webhook,
) -> Response[Webhook | Error]:
    """Change some properties of a webhook subscription, with the whole answer: see sync_detailed."""
    kwargs = _get_kwargs(
        id=id,
        body=body,
    )
    response = await _endpoint.send_async(client.get_async_httpx_client(), kwargs)
    return _CALL.detailed(response, client.secrets())


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: Webhook,
) -> Webhook:
    """Change some properties of a webhook subscription: see sync."""
    kwargs = _get_kwargs(
        id=id,
        body=body,
    )
    response = await _endpoint.send_async(client.get_async_httpx_client(), kwargs)
    return _CALL.success_or_raise(response, client.secrets())
