"""A webhook receiver for tests: the provider's endpoint, listening on a free loopback port.

It subscribes itself on a stub (`subscribe`), verifies each delivery with the generated
client's `parse_delivery` (so a test sees only deliveries whose signature holds), answers 200
(or, for `fail_next(n)`, 503 to the next n), and lets a test wait for one (`wait_for`). The
pytest plugin gives it as the `assessment_webhooks` fixture.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from unified_assessment_client.errors import InvalidDocument, InvalidSignature
from unified_assessment_client.webhooks import Delivery, parse_delivery

# Deliveries are pages of items: a body past this is refused (413), not read.
MAX_DELIVERY_BYTES = 16 * 1024 * 1024


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # The stub opens several connections at once: the default backlog of 5 refuses some.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A stub that ends closes the connections it kept: no traceback in the test's output.
        pass


@dataclass(frozen=True)
class Received:
    """One verified delivery: its exact body, that body parsed as JSON, the client's model of
    it, and the request's headers (lower-cased names)."""

    body: bytes
    document: dict[str, Any]
    delivery: Delivery
    headers: dict[str, str] = field(repr=False)

    @property
    def data(self) -> list[Any]:
        data: list[Any] = self.document["data"]
        return data

    @property
    def object_type(self) -> Any:
        return self.document["webhook"].get("object_type")

    @property
    def event(self) -> Any:
        return self.document["webhook"].get("event")


class WebhookReceiver:
    """Use as a context manager, or close() it."""

    def __init__(self, stub_url: str, token: str, secret: str, port: int = 0) -> None:
        self.stub_url = stub_url
        self.token = token
        self.secret = secret
        self.received: list[Received] = []
        self.rejected: list[str] = []  # why each refused delivery was refused
        self.attempts: list[float] = []  # when each request arrived (time.monotonic())
        self.arrived: list[float] = []  # when each of `received` was (time.perf_counter())
        self._failures = 0
        self._taken: set[int] = set()
        self._changed = threading.Condition()
        self._server = Server(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}/webhooks"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="assessment-webhooks", daemon=True
        )
        self._thread.start()

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def subscribe(
        self,
        connection_id: str,
        object_type: str,
        event: str,
        *,
        include_all: bool = False,
        **properties: Any,
    ) -> dict[str, Any]:
        """Register this receiver on the stub for one event of one kind of object of a
        connection: the webhook as the stub answered it. AssertionError when it refuses."""
        webhook = {
            "connection_id": connection_id,
            "object_type": object_type,
            "event": event,
            "hook_url": self.url,
            **properties,
        }
        with httpx.Client(base_url=self.stub_url, trust_env=False) as client:
            answer = client.post(
                "/unified/webhook",
                json=webhook,
                params={"include_all": "true"} if include_all else None,
                headers={"authorization": f"Bearer {self.token}"},
            )
        if answer.status_code != 200:
            refusal = f"{answer.status_code} {answer.text}"
            raise AssertionError(f"the stub refused the webhook: {refusal}")
        created: dict[str, Any] = answer.json()
        return created

    def fail_next(self, count: int) -> None:
        """Answer 503 to the next `count` deliveries (the stub then retries them)."""
        with self._changed:
            self._failures = count

    def wait_for(
        self, object_type: str, event: str, timeout: float = 5.0, type: str | None = None
    ) -> Received:
        """The oldest verified delivery for `object_type` and `event` (and delivery `type`, if
        given) that no earlier wait_for returned; AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for index, received in enumerate(self.received):
                    if (
                        index not in self._taken
                        and received.object_type == object_type
                        and received.event == event
                        and (type is None or received.document.get("type") == type)
                    ):
                        self._taken.add(index)
                        return received
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no {object_type} {event} delivery within {timeout:g}s "
                        f"({len(self.received)} received, {len(self.rejected)} rejected: "
                        f"{self.rejected[-3:]})"
                    )
                self._changed.wait(left)

    def _arrived(self, body: bytes, headers: dict[str, str]) -> int:
        with self._changed:
            self.attempts.append(time.monotonic())
            if self._failures > 0:
                self._failures -= 1
                self._changed.notify_all()
                return 503
            try:
                delivery = parse_delivery(body, secret=self.secret)
            except (InvalidSignature, InvalidDocument) as error:
                self.rejected.append(str(error))
                self._changed.notify_all()
                return 400
            self.received.append(Received(body, json.loads(body), delivery, headers))
            self.arrived.append(time.perf_counter())
            self._changed.notify_all()
            return 200

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive: the stub sends each delivery on a connection it keeps.
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = self.headers.get("content-length", "")
                if not length.isdigit() or int(length) > MAX_DELIVERY_BYTES:
                    self._answer(413)
                    return
                body = self.rfile.read(int(length))
                headers = {name.lower(): value for name, value in self.headers.items()}
                self._answer(receiver._arrived(body, headers))

            def _answer(self, status: int) -> None:
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # a test's output is not the place for an access log

        return Handler
