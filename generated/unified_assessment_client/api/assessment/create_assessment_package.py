from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ... import types as _types
from ...client import AuthenticatedClient, Client
from ...models.assessment_package import AssessmentPackage
from ...models.error import Error
from ...types import Response


def _path_segment(value: Any, name: str) -> str:
    # An empty segment names nothing, and "." or ".." would be collapsed by URL normalisation:
    # percent-encode everything, dots included, so any string arrives exactly as given.
    if not isinstance(value, str) or not value:
        raise _types.InvalidDocument(f"{name} must be a non-empty string, not {value!r:.40}")
    try:
        return quote(value, safe="").replace(".", "%2E")
    except UnicodeEncodeError:
        raise _types.InvalidDocument(
            f"{name} holds an unpaired surrogate, which is not text"
        ) from None


def _get_kwargs(
    connection_id: str,
    *,
    body: AssessmentPackage,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/assessment/{connection_id}/package".format(
            connection_id=_path_segment(connection_id, "connection_id"),
        ),
    }

    if not isinstance(body, AssessmentPackage):
        raise _types.InvalidDocument(
            f"body must be of type AssessmentPackage, not {type(body).__name__}"
        )
    _kwargs["json"] = body.to_request_dict()
    headers["Content-Type"] = "application/json"
    _kwargs["headers"] = headers
    return _kwargs


def _error_body(response: httpx.Response) -> Error | None:
    try:
        return Error.from_dict(response.json())
    except ValueError:  # not JSON, or not an Error document
        return None


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssessmentPackage | Error | None:
    if response.status_code == 200:
        try:
            document = response.json()
        except ValueError:
            raise _types.InvalidDocument("/: the response body is not JSON") from None
        return AssessmentPackage.from_dict(document)
    if response.status_code == 400:
        return _error_body(response)
    if response.status_code == 401:
        return _error_body(response)
    if response.status_code == 404:
        return _error_body(response)
    if response.status_code == 413:
        return _error_body(response)
    if response.status_code == 415:
        return _error_body(response)
    if response.status_code == 422:
        return _error_body(response)
    if response.status_code == 429:
        return _error_body(response)
    if response.status_code == 500:
        return _error_body(response)
    if response.status_code == 502:
        return _error_body(response)
    if response.status_code == 503:
        return _error_body(response)
    if response.status_code == 504:
        return _error_body(response)
    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _status(code: int) -> HTTPStatus | int:
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AssessmentPackage | Error]:
    return Response(
        status_code=_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _success_or_raise(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AssessmentPackage:
    if response.is_success:
        parsed = _parse_response(client=client, response=response)
        if isinstance(parsed, AssessmentPackage):
            return parsed
    raise errors.error_for(response, _error_body(response))


def sync_detailed(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessmentPackage,
) -> Response[AssessmentPackage | Error]:
    """Create an assessment package

     Used by assessment providers to SUBMIT packages to ATS systems.

    Args:
        connection_id (str):
        body (AssessmentPackage): Used by assessment providers to SUBMIT packages to ATS systems

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssessmentPackage | Error]
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessmentPackage,
) -> AssessmentPackage:
    """Create an assessment package

    Raises:
        errors.InvalidDocument: the arguments do not match the contract (nothing was sent).
        errors.ClientError: a 4xx answer; errors.ServerError: a 5xx answer (after retries).
        httpx.TimeoutException, httpx.TransportError: the request could not complete.

    Returns:
        AssessmentPackage
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
        body=body,
    )
    response = client.get_httpx_client().request(**kwargs)
    return _success_or_raise(client=client, response=response)


async def asyncio_detailed(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessmentPackage,
) -> Response[AssessmentPackage | Error]:
    """Create an assessment package

     Used by assessment providers to SUBMIT packages to ATS systems.

    Args:
        connection_id (str):
        body (AssessmentPackage): Used by assessment providers to SUBMIT packages to ATS systems

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssessmentPackage | Error]
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AssessmentPackage,
) -> AssessmentPackage:
    """Create an assessment package

    Raises:
        errors.InvalidDocument: the arguments do not match the contract (nothing was sent).
        errors.ClientError: a 4xx answer; errors.ServerError: a 5xx answer (after retries).
        httpx.TimeoutException, httpx.TransportError: the request could not complete.

    Returns:
        AssessmentPackage
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
        body=body,
    )
    response = await client.get_async_httpx_client().request(**kwargs)
    return _success_or_raise(client=client, response=response)
