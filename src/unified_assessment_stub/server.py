"""Serving the stub with uvicorn (httptools, uvloop), with the limits uvicorn leaves out.

uvicorn's httptools protocol buffers a header section of any size and waits forever for one
that never ends; this subclass refuses a header section over MAX_HEAD_BYTES (431, without
reading further) and closes a connection whose header section is not complete HEAD_TIMEOUT
seconds after it began. h11 would refuse large heads too, but served a quarter to a third
fewer requests per second (see README), and has no header timeout either.

Two more departures from uvicorn. A malformed request after pipelined ones is answered 400
only once every request before it has been answered (uvicorn closed the connection at once,
so a package stored by an earlier request was never acknowledged). On shutdown, a connection
still receiving a request body is closed at once: no answer can reach a client that has not
finished asking, and its request ends with one line in the log, not a cancelled task's
traceback. And requests read ahead of the one being answered are at most MAX_PIPELINE: the
rest wait unread, so a client that pipelines without reading its answers costs bounded memory.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from .faults import DROP_EXTENSION

MAX_HEAD_BYTES = 64 * 1024
HEAD_TIMEOUT = 10.0
# On SIGTERM, requests still in flight (a body half sent, say) get this long, then are cut.
GRACEFUL_SHUTDOWN_SECONDS = 2
# Data is fed to the parser in steps this size, so that the count of a head's bytes is exact
# to within one step even when a read holds the end of one request and the next one's head.
HEAD_STEP = 4096
# Requests read ahead of the one being answered, at most (about; a read of HEAD_STEP bytes is
# parsed whole). uvicorn resumes reading after every answer whatever its pipeline holds, so a
# client that sends requests without reading answers grew the stub by ~2 KB a request.
MAX_PIPELINE = 32

TOO_LARGE_BODY = b'{"status":431,"message":"The header section is larger than %d bytes."}' % (
    MAX_HEAD_BYTES
)
BAD_REQUEST_BODY = b'{"status":400,"message":"The request is not valid HTTP/1.1."}'
BAD_REQUEST = (
    b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(BAD_REQUEST_BODY), BAD_REQUEST_BODY)
)
TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(TOO_LARGE_BODY), TOO_LARGE_BODY)
)


class GatedFlow(FlowControl):
    """uvicorn's flow control, except that reading stays paused while the protocol holds a
    backlog of requests read ahead."""

    def __init__(self, transport: asyncio.Transport, protocol: GuardedHttpToolsProtocol) -> None:
        super().__init__(transport)
        self.protocol = protocol

    def resume_reading(self) -> None:
        if not self.protocol.backlogged():
            super().resume_reading()


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    max_head_bytes = MAX_HEAD_BYTES
    head_timeout = HEAD_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading_head = True
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        # Set when the parser met a malformed request: the 400 waits for earlier answers.
        self._malformed = False
        self._running: RequestResponseCycle | None = None
        # Bytes received while MAX_PIPELINE requests wait: parsed as the pipeline drains.
        self._held = b""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.flow = GatedFlow(transport, self)
        self._start_head()

    def backlogged(self) -> bool:
        return bool(self._held) or len(self.pipeline) >= MAX_PIPELINE

    def _hold(self, data: bytes) -> None:
        self._held += data
        self.flow.pause_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        running = self._running
        if running is not None and not running.response_complete:
            # uvicorn marks only the request it is parsing as gone; the one being answered
            # ahead of it in a pipeline would write to the closed transport (a traceback).
            running.disconnected = True
            running.message_event.set()
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
        if self._held:  # the rest of the head may wait in _held, for the stub, not the client
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_too_slow)
            return
        if self._reading_head and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._malformed:
            return  # the parser cannot resume after an error; nothing after it is read
        if self.backlogged():
            self._hold(data)
            return
        if len(data) <= HEAD_STEP and (
            not self._reading_head or self._head_bytes + len(data) <= self.max_head_bytes
        ):
            # The usual read, a whole small request: fed at once, no copy.
            self._head_bytes += len(data) if self._reading_head else 0
            super().data_received(data)
            return
        view = memoryview(data)
        while view:
            if self.transport.is_closing() or self._malformed:
                return
            if self.backlogged():
                self._hold(bytes(view))
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
        cycle = self.cycle
        if cycle is not None and cycle.scope is self.scope:
            extensions: dict[str, Any] = self.scope.setdefault("extensions", {})
            extensions[DROP_EXTENSION] = lambda: self._drop(cycle)

    def _drop(self, cycle: RequestResponseCycle) -> None:
        # A dropped-connection fault (faults.py): closed with no answer; the client sees the
        # connection end, as when a vendor's load balancer resets it.
        cycle.disconnected = True
        self.transport.close()

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

    def send_400_response(self, msg: str) -> None:
        # uvicorn calls this when the parser fails. Requests before the malformed one, whole
        # and waiting in the pipeline or being answered, are answered first.
        self._malformed = True
        self.flow.pause_reading()
        cycle = self.cycle
        if cycle is not None and cycle.more_body and not cycle.response_complete:
            # The malformed bytes are inside this request's own body: it is never answered.
            if self.pipeline and self.pipeline[0][0] is cycle:
                self.pipeline.popleft()
            cycle.disconnected = True
            cycle.message_event.set()
        self._answer_malformed_when_idle()

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        self._running = cycle
        super()._start_asgi_task(cycle, app)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._malformed:
            self._answer_malformed_when_idle()
        if self._held and len(self.pipeline) < MAX_PIPELINE and not self.transport.is_closing():
            held, self._held = self._held, b""
            self.data_received(held)
            self.flow.resume_reading()

    def _answer_malformed_when_idle(self) -> None:
        cycle = self._running
        busy = cycle is not None and not cycle.response_complete and not cycle.disconnected
        if busy or self.pipeline or self.transport.is_closing():
            return
        self.transport.write(BAD_REQUEST)
        self.transport.close()

    def shutdown(self) -> None:
        cycle = self.cycle
        if cycle is not None and cycle.more_body and not cycle.response_complete:
            # Still receiving the body: no answer can be given, so none is waited for.
            self.transport.close()
            return
        super().shutdown()


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


class CancelledRequests(logging.Filter):
    """Drops uvicorn's traceback of a request task cancelled at shutdown: the access log has
    already said, in one line, that the request was cancelled."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, asyncio.CancelledError)


CANCELLED_REQUESTS = CancelledRequests()


def config(
    app: Any, host: str, port: int, head_timeout: float = HEAD_TIMEOUT, **options: Any
) -> uvicorn.Config:
    served = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(MAX_HEAD_BYTES, head_timeout),
        loop="uvloop",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        access_log=False,
        **options,
    )
    # After uvicorn.Config, which configures logging (a filter added once stays once).
    logging.getLogger("uvicorn.error").addFilter(CANCELLED_REQUESTS)
    return served


@contextmanager
def served(app: Any, head_timeout: float = HEAD_TIMEOUT) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread for the duration of the block, with the
    stub's limits as its command serves it: the base URL. The tests and the pytest plugin's
    fixtures both serve the stub through this."""
    server = uvicorn.Server(
        config(app, "127.0.0.1", 0, head_timeout, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="assessment-stub", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the assessment stub did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
