"""The deadline of a call, held at every wait on the network: from the first byte sent to the
last byte read, through every retry and redirect.

The client's send() opens one deadline per call (`DEADLINE`); the connections of httpx's own
transports read it at every connect, read and write (`bound_network`), so that a server
sending its head or its body a byte at a time cannot keep a call past it. The same whatever the
contract says: scripts/generate.py copies this file into the package.
"""

import contextvars
import ssl
from typing import TYPE_CHECKING, Any

import httpcore
import httpx

if TYPE_CHECKING:
    from .client import RetryPolicy


class Deadline:
    """The end of a whole call: from the first byte sent to the last byte read, through every
    retry and redirect. Every wait on the network is cut to what is left of it."""

    __slots__ = ("at", "clock", "max_total")

    def __init__(self, policy: "RetryPolicy") -> None:
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
