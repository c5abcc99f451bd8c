"""The clients: where requests go (a region or a URL), how long they may take, how they retry.

The same whatever the contract says (the servers come from servers.py, which scripts/generate.py
writes from the contract's `servers`): scripts/generate.py copies this file into the package.
"""

import asyncio
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

import anyio
import httpx
from attrs import define, evolve, field

from ._body import ACCEPT_ENCODING, BodyReader, check_size
from ._deadline import DEADLINE, Deadline, bound_network, bound_timeouts
from ._version import __version__
from .errors import SECRETS, UnifiedAssessmentError, cleaned, redact, retry_after
from .servers import DEFAULT_REGION, SERVERS

USER_AGENT = f"unified-assessment-client/{__version__}"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# An answer's largest decoded size: a page of 100 packages is about 100 KB.
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024

# Methods that a server applies once however often they arrive: safe to send again even when
# the first one may have reached it.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures that happen before the request reaches the server: safe to send again, any method.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Failures after the request may have reached the server (a read timeout, a dropped
# connection): safe to send again only for an idempotent method; a POST may have created the
# package already.
MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@define(frozen=True)
class RetryPolicy:
    """When and how often a request is sent again, and how long a whole call may take.

    An idempotent request (GET, PUT, DELETE) is sent again after a failure to connect, a read
    timeout or a dropped connection, and after a status in `statuses` (429, 502, 503, 504).
    A POST or PATCH is sent again only when it cannot have been applied: after a failure to
    connect, a status in `unapplied_statuses` (429), or a 503 with a Retry-After header.

    Waits grow exponentially from `backoff` (capped at `max_backoff`, with jitter) and are never
    shorter than a Retry-After header asks; there are at most `max_attempts` sends, and the
    whole call (every send, every wait, every read) ends within `max_total` seconds: past it,
    httpx.ReadTimeout. `RetryPolicy.disabled()` sends once (still within `max_total`).
    """

    max_attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_total: float = 30.0
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    unapplied_statuses: frozenset[int] = frozenset({429})
    jitter: float = 0.5
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def __attrs_post_init__(self) -> None:
        # Checked when built: a NaN or negative wait fails mid-call (time.sleep refuses it),
        # and a NaN max_total leaves the call without a deadline.
        for name in ("backoff", "max_backoff", "max_total", "jitter"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ValueError(f"{name} must be a number >= 0, not {value!r:.40}")
        if self.jitter > 1:
            raise ValueError(f"jitter must be at most 1, not {self.jitter!r:.40}")

    @classmethod
    def disabled(cls) -> "RetryPolicy":
        return cls(max_attempts=1)

    def retries_status(self, method: str, response: httpx.Response) -> bool:
        if method in IDEMPOTENT:
            return response.status_code in self.statuses
        return response.status_code in self.unapplied_statuses or (
            response.status_code == 503 and "retry-after" in response.headers
        )

    def retries_failure(self, method: str, failure: Exception) -> bool:
        return isinstance(failure, NOT_SENT) or (
            method in IDEMPOTENT and isinstance(failure, MAYBE_SENT)
        )

    def wait_before_next(
        self, attempt: int, deadline: Deadline, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up now (the attempts
        are spent, or the wait would end past the call's deadline)."""
        if attempt >= self.max_attempts:
            return None
        wait: float = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        wait *= 1 - self.jitter * random.random()
        asked = retry_after(response) if response is not None else None
        if asked is not None:
            wait = max(wait, asked)
        if wait >= deadline.left():
            return None
        return wait


_FRAMING = frozenset({"host", "content-length", "transfer-encoding"})


class Origin:
    """Where the credentials may go: the base URL's scheme, host and port. A request to any
    other origin (a redirect, an absolute URL) leaves without the credential headers and
    without any header that holds a secret, whatever its name; one whose URL holds a secret
    does not leave at all (UnifiedAssessmentError)."""

    def __init__(self, base_url: str, headers: tuple[str, ...], secrets: tuple[str, ...]) -> None:
        url = httpx.URL(base_url)
        self.origin = (url.scheme, url.host, url.port)
        self.headers = frozenset(name.lower() for name in headers)
        self.secrets = secrets

    def strip(self, request: httpx.Request) -> None:
        url = request.url
        if (url.scheme, url.host, url.port) == self.origin:
            return
        target = url.raw_path.decode("ascii")
        if redact(target, self.secrets) != target:  # a server echoed it into a redirect
            raise UnifiedAssessmentError(f"not sent to {url.host}: its URL holds the token")
        for name, value in list(request.headers.items()):
            lower = name.lower()
            if lower in self.headers or (
                # The framing says only what the URL and the body say, which go there anyway;
                # without it the request cannot be sent (a short token can spell a host).
                lower not in _FRAMING and redact(value, self.secrets) != value
            ):
                del request.headers[name]


class RetryTransport(httpx.BaseTransport):
    """Every request of the client goes through here: held to the call's deadline, sent again
    as the RetryPolicy says, its answer read whole (decoded, counted against
    max_response_bytes), its credentials kept to the client's origin."""

    def __init__(
        self,
        transport: httpx.BaseTransport,
        policy: RetryPolicy,
        max_response_bytes: int = 0,
        origin: Origin | None = None,
    ) -> None:
        bound_network(transport)
        self.transport = transport
        self.policy = policy
        self.limit = max_response_bytes or DEFAULT_MAX_RESPONSE_BYTES
        self.origin = origin

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = DEADLINE.get()
        if deadline is None:  # sent other than by the client's send(): a deadline of its own
            token = DEADLINE.set(Deadline(self.policy))
            try:
                return self.handle_request(request)
            finally:
                DEADLINE.reset(token)
        if self.origin is not None:
            self.origin.strip(request)
        attempt = 1
        while True:
            try:
                bound_timeouts(request, deadline)
                response = self.transport.handle_request(request)
                # Read here, within the deadline, so that a failure while reading is retried
                # like any other (the client reads every body whole anyway).
                if isinstance(response.stream, httpx.ByteStream):  # in memory already
                    check_size(response, self.limit)
                else:
                    self.read(response, request, deadline)
            except httpx.HTTPError as failure:
                if not self.policy.retries_failure(request.method, failure):
                    raise
                wait = self.policy.wait_before_next(attempt, deadline, None)
                if wait is None:
                    raise
            else:
                if not self.policy.retries_status(request.method, response):
                    return response
                wait = self.policy.wait_before_next(attempt, deadline, response)
                if wait is None:
                    return response
            self.policy.sleep(wait)
            attempt += 1

    def read(self, response: httpx.Response, request: httpx.Request, deadline: Deadline) -> None:
        try:
            body = BodyReader(response, self.limit, request)
            for chunk in response.stream:  # type: ignore[union-attr]
                deadline.remaining(request)
                body.add(chunk)
            body.finish(response)
        finally:
            response.close()

    def close(self) -> None:
        self.transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """RetryTransport's async twin."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        max_response_bytes: int = 0,
        origin: Origin | None = None,
    ) -> None:
        bound_network(transport)
        self.transport = transport
        self.policy = policy
        self.limit = max_response_bytes or DEFAULT_MAX_RESPONSE_BYTES
        self.origin = origin

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = DEADLINE.get()
        if deadline is None:
            token = DEADLINE.set(Deadline(self.policy))
            try:
                return await self.handle_async_request(request)
            finally:
                DEADLINE.reset(token)
        if self.origin is not None:
            self.origin.strip(request)
        attempt = 1
        while True:
            try:
                bound_timeouts(request, deadline)
                response = await self.transport.handle_async_request(request)
                if isinstance(response.stream, httpx.ByteStream):
                    check_size(response, self.limit)
                else:
                    await self.read(response, request, deadline)
            except httpx.HTTPError as failure:
                if not self.policy.retries_failure(request.method, failure):
                    raise
                wait = self.policy.wait_before_next(attempt, deadline, None)
                if wait is None:
                    raise
            else:
                if not self.policy.retries_status(request.method, response):
                    return response
                wait = self.policy.wait_before_next(attempt, deadline, response)
                if wait is None:
                    return response
            await self.policy.async_sleep(wait)
            attempt += 1

    async def read(
        self, response: httpx.Response, request: httpx.Request, deadline: Deadline
    ) -> None:
        try:
            body = BodyReader(response, self.limit, request)
            async for chunk in response.stream:  # type: ignore[union-attr]
                deadline.remaining(request)
                body.add(chunk)
            body.finish(response)
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self.transport.aclose()


class _HttpxClient(httpx.Client):
    """An httpx.Client whose every send() is one call: one deadline over its retries and
    redirects, its secrets out of every log record and exception."""

    def __init__(self, policy: RetryPolicy, secrets: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._unified_call = (policy, secrets)

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        policy, secrets = self._unified_call
        deadline = DEADLINE.set(DEADLINE.get() or Deadline(policy))
        shown = SECRETS.set(secrets)
        try:
            return super().send(request, **kwargs)
        except Exception as failure:  # every failure leaves without the token
            problem = cleaned(failure, secrets)
        finally:
            SECRETS.reset(shown)
            DEADLINE.reset(deadline)
        raise problem  # out of the except block: a replacement carries no context


# How long past the deadline an async call may run before it is cancelled, when its transport
# does not hold its own reads to the deadline (one that is not an httpx.AsyncHTTPTransport).
_CANCEL_AFTER = 0.1


class _AsyncHttpxClient(httpx.AsyncClient):
    """_HttpxClient's async twin; past the deadline the call is also cancelled."""

    def __init__(self, policy: RetryPolicy, secrets: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._unified_call = (policy, secrets)

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        policy, secrets = self._unified_call
        call = DEADLINE.get() or Deadline(policy)
        deadline = DEADLINE.set(call)
        shown = SECRETS.set(secrets)
        try:
            with anyio.fail_after(max(call.left(), 0) + _CANCEL_AFTER):
                return await super().send(request, **kwargs)
        except TimeoutError:
            problem: BaseException = httpx.ReadTimeout(call.message(), request=request)
        except Exception as failure:  # every failure leaves without the token
            problem = cleaned(failure, secrets)
        finally:
            SECRETS.reset(shown)
            DEADLINE.reset(deadline)
        raise problem


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
    are retried as `retry` says (a RetryPolicy; RetryPolicy.disabled() for none); the whole
    call ends within `retry.max_total`. An answer longer than `max_response_bytes` once decoded
    (32 MiB) raises ResponseTooLarge. `headers`, `cookies`, `verify_ssl`, `follow_redirects`
    and `httpx_args` (for example `transport=`) go to the httpx clients built from this one.
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
    max_response_bytes: int = field(default=DEFAULT_MAX_RESPONSE_BYTES, kw_only=True)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        limit = self.max_response_bytes
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise ValueError(f"max_response_bytes must be a positive int, not {limit!r:.40}")
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
        return {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, **self._headers}

    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a message: nothing, for a client without credentials."""
        return ()

    def _credential_headers(self) -> tuple[str, ...]:
        return ("Authorization",)

    def _origin(self) -> Origin:
        return Origin(self.base_url, self._credential_headers(), self.secrets())

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
            self._client = _HttpxClient(
                self.retry,
                self.secrets(),
                base_url=self.base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                transport=RetryTransport(
                    transport, self.retry, self.max_response_bytes, self._origin()
                ),
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
            self._async_client = _AsyncHttpxClient(
                self.retry,
                self.secrets(),
                base_url=self.base_url,
                cookies=self._cookies,
                headers=self._request_headers(),
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                transport=AsyncRetryTransport(
                    transport, self.retry, self.max_response_bytes, self._origin()
                ),
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


class Secret:
    """A value that never shows: not in repr(), str(), f-strings or attrs.asdict()."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def to_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)


def _header_safe(value: str) -> bool:
    # Checked when the client is built, so that httpx never gets to quote the header (and the
    # token in it) in an error message or a log line.
    return value.isascii() and value.isprintable()


@define
class AuthenticatedClient(Client):
    """A Client that sends a bearer token. The token never shows: it is held as a Secret, kept
    out of repr(), str() and attrs.asdict(), and taken out of the messages of the errors raised
    (a server may echo it back).

    Attributes:
        token: the API token (a str, or a Secret), sent as `Authorization: Bearer <token>`.
        prefix: the scheme before the token ("Bearer"); empty to send the token alone.
        auth_header_name: the header that carries it ("Authorization").
    """

    token: Secret = field(kw_only=True, repr=False, converter=to_secret)
    prefix: str = field(default="Bearer", kw_only=True)
    auth_header_name: str = field(default="Authorization", kw_only=True)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        token = self.token.reveal()
        if not isinstance(token, str) or not token or not _header_safe(token) or " " in token:
            raise ValueError(
                "the token must be non-empty printable ASCII without spaces "
                "(is there a trailing newline?)"
            )
        if not _header_safe(self.prefix) or not _header_safe(self.auth_header_name):
            raise ValueError("the prefix and the header name must be printable ASCII")
        if not self.auth_header_name or " " in self.auth_header_name:
            raise ValueError("the header name must be a single non-empty word")

    def secrets(self) -> tuple[str, ...]:
        return (self.token.reveal(),)

    def _credential_headers(self) -> tuple[str, ...]:
        return ("Authorization", self.auth_header_name)

    def _request_headers(self) -> dict[str, str]:
        token = self.token.reveal()
        credentials = f"{self.prefix} {token}" if self.prefix else token
        return {**super()._request_headers(), self.auth_header_name: credentials}
