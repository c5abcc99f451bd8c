"""Serving the stub with uvicorn (httptools, uvloop), with the limits uvicorn leaves out.

uvicorn's httptools protocol buffers a header section of any size and waits forever for one
that never ends; this subclass refuses a header section over MAX_HEAD_BYTES (431, without
reading further) and closes a connection whose header section is not complete HEAD_TIMEOUT
seconds after it began. h11 would refuse large heads too, but served a quarter to a third
fewer requests per second (see README), and has no header timeout either.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEAD_BYTES = 64 * 1024
HEAD_TIMEOUT = 10.0
# On SIGTERM, requests still in flight (a body half sent, say) get this long, then are cut.
GRACEFUL_SHUTDOWN_SECONDS = 2
# Data is fed to the parser in steps this size, so that the count of a head's bytes is exact
# to within one step even when a read holds the end of one request and the next one's head.
HEAD_STEP = 4096

TOO_LARGE_BODY = b'{"status":431,"message":"The header section is larger than %d bytes."}' % (
    MAX_HEAD_BYTES
)
TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(TOO_LARGE_BODY), TOO_LARGE_BODY)
)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    max_head_bytes = MAX_HEAD_BYTES
    head_timeout = HEAD_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading_head = True
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _start_head(self) -> None:
        self._reading_head = True
        self._head_bytes = 0
        self._stop_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        if self._reading_head and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if len(data) <= HEAD_STEP and (
            not self._reading_head or self._head_bytes + len(data) <= self.max_head_bytes
        ):
            # The usual read, a whole small request: fed at once, no copy.
            self._head_bytes += len(data) if self._reading_head else 0
            super().data_received(data)
            return
        view = memoryview(data)
        while view:
            if self.transport.is_closing():
                return
            if self._reading_head:
                room = self.max_head_bytes - self._head_bytes
                if room <= 0:
                    self.transport.write(TOO_LARGE)
                    self.transport.close()
                    return
                step = min(room, HEAD_STEP)
                self._head_bytes += min(step, len(view))
            else:
                step = HEAD_STEP
            piece, view = view[:step], view[step:]
            super().data_received(bytes(piece))

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._stop_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        # The next request's head starts now; its timer starts when its first byte arrives,
        # until then uvicorn's keep-alive timeout closes an idle connection.
        self._reading_head = True
        self._head_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)


def guarded_protocol(max_head_bytes: int, head_timeout: float) -> type[GuardedHttpToolsProtocol]:
    if (max_head_bytes, head_timeout) == (MAX_HEAD_BYTES, HEAD_TIMEOUT):
        # The class itself, which pickles by name: uvicorn's reloader sends the config to the
        # process it starts, and a class made by type() below cannot be pickled.
        return GuardedHttpToolsProtocol
    return type(
        "GuardedHttpToolsProtocol",
        (GuardedHttpToolsProtocol,),
        {"max_head_bytes": max_head_bytes, "head_timeout": head_timeout},
    )


def config(
    app: Any, host: str, port: int, head_timeout: float = HEAD_TIMEOUT, **options: Any
) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(MAX_HEAD_BYTES, head_timeout),
        loop="uvloop",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        access_log=False,
        **options,
    )
