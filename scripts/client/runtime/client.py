"""The clients: where requests go (a region or a URL), how long they may take, how they retry.

The same whatever the contract says (the servers come from servers.py, which scripts/generate.py
writes from the contract's `servers`): scripts/generate.py copies this file into the package.
"""

import asyncio
import email.utils
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

import httpx
from attrs import define, evolve, field

from ._version import __version__
from .servers import DEFAULT_REGION, SERVERS

USER_AGENT = f"unified-assessment-client/{__version__}"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

# Failures that happen before the request reaches the server, so it is safe to send again.
# A read timeout is not one: the package may have been created.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@define(frozen=True)
class RetryPolicy:
    """When and how often a request is sent again.

    Retries 429, 502, 503 and 504 answers and failures to connect, with exponential backoff
    and jitter, waiting at least as long as a Retry-After header asks; never more than
    `max_attempts` sends or `max_total` seconds in all. `RetryPolicy.disabled()` turns it off.
    """

    max_attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_total: float = 30.0
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    jitter: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    @classmethod
    def disabled(cls) -> "RetryPolicy":
        return cls(max_attempts=1)

    def wait_before_next(
        self, attempt: int, started: float, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up now."""
        if attempt >= self.max_attempts:
            return None
        wait: float = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        wait *= 1 - self.jitter * random.random()
        asked = retry_after(response) if response is not None else None
        if asked is not None:
            wait = max(wait, asked)
        if self.clock() - started + wait > self.max_total:
            return None
        return wait


def retry_after(response: httpx.Response) -> float | None:
    """The wait a Retry-After header asks for, in seconds (delay-seconds or an HTTP-date)."""
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryTransport(httpx.BaseTransport):
    def __init__(self, transport: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self.transport = transport
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = self.policy.clock()
        attempt = 1
        while True:
            try:
                response = self.transport.handle_request(request)
            except NOT_SENT:
                wait = self.policy.wait_before_next(attempt, started, None)
                if wait is None:
                    raise
            else:
                if response.status_code not in self.policy.statuses:
                    return response
                wait = self.policy.wait_before_next(attempt, started, response)
                if wait is None:
                    return response
                response.close()
            self.policy.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(self, transport: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.transport = transport
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = self.policy.clock()
        attempt = 1
        while True:
            try:
                response = await self.transport.handle_async_request(request)
            except NOT_SENT:
                wait = self.policy.wait_before_next(attempt, started, None)
                if wait is None:
                    raise
            else:
                if response.status_code not in self.policy.statuses:
                    return response
                wait = self.policy.wait_before_next(attempt, started, response)
                if wait is None:
                    return response
                await response.aclose()
            await self.policy.async_sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self.transport.aclose()


def server_url(region: str) -> str:
    """The base URL of a data region (one of SERVERS)."""
    try:
        return SERVERS[region.lower()]
    except KeyError:
        raise ValueError(f"unknown region {region!r}; choose one of {', '.join(SERVERS)}") from None


@define
class Client:
    """A client for the API, without credentials.

    Pick the server by `region` (a key of SERVERS; DEFAULT_REGION when neither is given) or by
    `base_url`. Requests time out after `timeout` (default: 5 s to connect, 30 s otherwise) and
    are retried as `retry` says (a RetryPolicy; RetryPolicy.disabled() for none). `headers`,
    `cookies`, `verify_ssl`, `follow_redirects` and `httpx_args` (for example `transport=`) go
    to the httpx clients built from this one.
    """

    _base_url: str | None = field(default=None, alias="base_url")
    region: str | None = field(default=None, kw_only=True)
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    retry: RetryPolicy = field(factory=RetryPolicy, kw_only=True)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.region is not None:
            url = server_url(self.region)
            if self._base_url is not None and self._base_url.rstrip("/") != url:
                raise ValueError(f"region {self.region!r} is {url}, not {self._base_url}")
            self._base_url = url
        elif self._base_url is None:
            self._base_url = SERVERS[DEFAULT_REGION]

    @property
    def base_url(self) -> str:
        return self._base_url or SERVERS[DEFAULT_REGION]

    def _request_headers(self) -> dict[str, str]:
        return {"User-Agent": USER_AGENT, **self._headers}

    def with_headers(self, headers: dict[str, str]) -> Self:
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx.Client as it is: its own headers, timeout and transport (no retries)."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client, built on first use"""
        if self._client is None:
            args = dict(self._httpx_args)
            transport = args.pop("transport", None) or httpx.HTTPTransport(verify=self._verify_ssl)
            self._client = httpx.Client(
                base_url=self.base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                transport=RetryTransport(transport, self.retry),
                **args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use this httpx.AsyncClient as it is: its own headers, timeout and transport."""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient, built on first use"""
        if self._async_client is None:
            args = dict(self._httpx_args)
            transport = args.pop("transport", None) or httpx.AsyncHTTPTransport(
                verify=self._verify_ssl
            )
            self._async_client = httpx.AsyncClient(
                base_url=self.base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                transport=AsyncRetryTransport(transport, self.retry),
                **args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter the underlying httpx.AsyncClient (you cannot enter twice: see httpx)."""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient(Client):
    """A Client that sends a bearer token. The token is kept out of repr() and str().

    Attributes:
        token: the API token, sent as `Authorization: Bearer <token>`.
        prefix: the scheme before the token ("Bearer"); empty to send the token alone.
        auth_header_name: the header that carries it ("Authorization").
    """

    token: str = field(kw_only=True, repr=False)
    prefix: str = field(default="Bearer", kw_only=True)
    auth_header_name: str = field(default="Authorization", kw_only=True)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        # Checked here so that httpx never gets to quote the token in its own error message.
        if not self.token or not self.token.isprintable() or not self.token.isascii():
            raise ValueError(
                "the token must be non-empty printable ASCII (is there a trailing newline?)"
            )

    def _request_headers(self) -> dict[str, str]:
        credentials = f"{self.prefix} {self.token}" if self.prefix else self.token
        return {**super()._request_headers(), self.auth_header_name: credentials}
