"""The clients: where requests go (a region or a URL), how long they may take, how they retry.

The same whatever the contract says (the servers come from servers.py, which scripts/generate.py
writes from the contract's `servers`): scripts/generate.py copies this file into the package.
"""

import asyncio
import contextvars
import email.utils
import random
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Self

import anyio
import httpcore
import httpx
from attrs import define, evolve, field

from ._version import __version__
from .errors import SECRETS, ResponseTooLarge, cleaned, redact
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
        self, attempt: int, deadline: "Deadline", response: httpx.Response | None
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


def retry_after(response: httpx.Response) -> float | None:
    """The wait a Retry-After header asks for, in seconds (delay-seconds or an HTTP-date)."""
    value = response.headers.get("retry-after", "").strip()
    if value.isascii() and value.isdigit():
        return float(value) if len(value) < 12 else None
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


class Deadline:
    """The end of a whole call: from the first byte sent to the last byte read, through every
    retry and redirect. Every wait on the network is cut to what is left of it."""

    __slots__ = ("at", "clock", "max_total")

    def __init__(self, policy: RetryPolicy) -> None:
        self.clock = policy.clock
        self.max_total = policy.max_total
        self.at = policy.clock() + policy.max_total

    def left(self) -> float:
        return self.at - self.clock()

    def message(self) -> str:
        return f"the call took longer than max_total ({self.max_total:g} s)"

    def remaining(self, request: httpx.Request) -> float:
        left = self.left()
        if left <= 0:
            raise httpx.ReadTimeout(self.message(), request=request)
        return left


# The deadline of the call under way (set by the client's send() for the whole call, or by the
# transport for a request sent otherwise): the network streams below read it at every wait.
DEADLINE: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "unified_assessment_deadline", default=None
)
_TIMEOUTS = "unified_assessment.timeout"  # a request's own timeouts, kept across redirects


def bound_timeouts(request: httpx.Request, deadline: Deadline) -> None:
    """Cut each timeout of the request to what is left of the call."""
    left = deadline.remaining(request)
    extensions = request.extensions
    own = extensions.get(_TIMEOUTS)
    if own is None:
        own = extensions.get("timeout") or {}
        values = own.values()
        if None not in values and max(values, default=0) <= left:
            return  # nothing to cut yet: most calls, on their first send
    bounded = {}
    for name in ("connect", "read", "write", "pool"):
        value = own.get(name)
        bounded[name] = left if value is None or value > left else value
    # A new dict: httpx hands the same extensions to the request of a redirect.
    request.extensions = {**extensions, "timeout": bounded, _TIMEOUTS: own}


def _cap(timeout: float | None, failure: type[Exception]) -> float | None:
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline.left()
    if left <= 0:
        raise failure(deadline.message())
    return left if timeout is None or timeout > left else timeout


def _explained(failure: httpcore.TimeoutException) -> httpcore.TimeoutException:
    # A socket timeout cut to the deadline says "timed out": say which setting ended it.
    deadline = DEADLINE.get()
    if deadline is not None and deadline.left() <= 0:
        return type(failure)(deadline.message())
    return failure


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the call using it: a
    server sending its head or its body a byte at a time cannot keep a call past it."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self.stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self.stream.read(max_bytes, _cap(timeout, httpcore.ReadTimeout))
        except httpcore.TimeoutException as failure:
            raise _explained(failure) from None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, _cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _cap(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self.stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self.backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        timeout = _cap(timeout, httpcore.ConnectTimeout)
        stream = self.backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        timeout = _cap(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self.backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


class AsyncDeadlineStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self.stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return await self.stream.read(max_bytes, _cap(timeout, httpcore.ReadTimeout))
        except httpcore.TimeoutException as failure:
            raise _explained(failure) from None

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.stream.write(buffer, _cap(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self.stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cap(timeout, httpcore.ConnectTimeout)
        stream = await self.stream.start_tls(ssl_context, server_hostname, timeout)
        return AsyncDeadlineStream(stream)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self.backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cap(timeout, httpcore.ConnectTimeout)
        stream = await self.backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return AsyncDeadlineStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cap(timeout, httpcore.ConnectTimeout)
        stream = await self.backend.connect_unix_socket(path, timeout, socket_options)
        return AsyncDeadlineStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self.backend.sleep(seconds)


def bound_network(transport: httpx.BaseTransport | httpx.AsyncBaseTransport) -> None:
    """Put the deadline into the connections of an httpx.HTTPTransport (or its async twin).

    httpx takes no network backend, so it is swapped into the connection pool httpx builds
    (httpcore's `_network_backend`, read when a connection is opened: the exact pins of httpx
    and httpcore in pyproject.toml keep it there, and a test fails if it moves). Another
    transport is held to the deadline between reads only.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    elif isinstance(backend, httpcore.AsyncNetworkBackend) and not isinstance(
        backend, AsyncDeadlineBackend
    ):
        pool._network_backend = AsyncDeadlineBackend(backend)  # type: ignore[union-attr]


# Decoded in steps of this size at most, so that a small compressed answer that inflates to
# gigabytes costs no more memory than max_response_bytes.
_STEP = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
    """One content coding (gzip or deflate) undone in bounded steps."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self.inflater: Any = None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            if self.coding == "deflate":  # zlib-wrapped as the RFC says, or raw as some send
                wrapped = len(data) < 2 or (
                    data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
                )
                self.inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            else:
                self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            while data:
                out = self.inflater.decompress(data, _STEP)
                data = self.inflater.unconsumed_tail
                if out:
                    yield out
        except zlib.error as failure:
            raise httpx.DecodingError(f"the {self.coding} body is corrupt: {failure}") from None

    def flush(self) -> Iterator[bytes]:
        if self.inflater is not None:
            tail = self.inflater.flush()
            if tail:
                yield tail


class BodyReader:
    """An answer's body, decoded and counted while it arrives: past `limit` decoded bytes the
    call stops with ResponseTooLarge. Content codings other than gzip and deflate (which the
    client asks for, in Accept-Encoding) are refused, not passed on undecoded."""

    def __init__(self, response: httpx.Response, limit: int, request: httpx.Request) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        self.layers: list[_Inflater] = []
        for coding in reversed(response.headers.get_list("content-encoding", split_commas=True)):
            coding = coding.strip().lower()
            if coding in ("gzip", "x-gzip", "deflate"):
                self.layers.append(_Inflater("deflate" if coding == "deflate" else "gzip"))
            elif coding not in ("identity", ""):
                raise httpx.DecodingError(
                    f"unsupported Content-Encoding {coding[:40]!r} (the client accepts "
                    f"{ACCEPT_ENCODING})",
                    request=request,
                )
        declared = response.headers.get("content-length", "")
        if not self.layers and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLarge(limit)

    def _decoded(self, pieces: Iterator[bytes], depth: int = 0) -> Iterator[bytes]:
        if depth == len(self.layers):
            yield from pieces
            return
        layer = self.layers[depth]
        for piece in pieces:
            yield from self._decoded(layer.feed(piece), depth + 1)

    def _keep(self, pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            self.size += len(piece)
            if self.size > self.limit:
                raise ResponseTooLarge(self.limit)
            self.parts.append(piece)

    def add(self, chunk: bytes) -> None:
        self._keep(self._decoded(iter((chunk,))))

    def finish(self, response: httpx.Response) -> None:
        for depth, layer in enumerate(self.layers):
            self._keep(self._decoded(layer.flush(), depth + 1))
        # What Response.read() does, with the decoded body: httpx reads _content as it is.
        response._content = b"".join(self.parts)
        response.is_stream_consumed = True


def check_size(response: httpx.Response, limit: int) -> None:
    # An answer already in memory (a mock transport's): held to the same limit.
    if len(response.content) > limit:
        raise ResponseTooLarge(limit)


class Origin:
    """Where the credentials may go: the base URL's scheme, host and port. A request to any
    other origin (a redirect, an absolute URL) leaves without the credential headers and
    without any header that holds a secret, whatever its name."""

    def __init__(self, base_url: str, headers: tuple[str, ...], secrets: tuple[str, ...]) -> None:
        url = httpx.URL(base_url)
        self.origin = (url.scheme, url.host, url.port)
        self.headers = frozenset(name.lower() for name in headers)
        self.secrets = secrets

    def strip(self, request: httpx.Request) -> None:
        url = request.url
        if (url.scheme, url.host, url.port) == self.origin:
            return
        for name, value in list(request.headers.items()):
            if name.lower() in self.headers or redact(value, self.secrets) != value:
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
