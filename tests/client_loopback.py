"""A loopback HTTP server for the client's hostile tests: it answers every request by calling
one function with the connection, so that a test can send any bytes at any pace (a head one
byte at a time, a body that never ends, a redirect to itself, a bomb)."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Exchange:
    """One request as the server read it, and the means to answer it."""

    connection: socket.socket
    head: bytes
    stop: threading.Event
    port: int

    @property
    def path(self) -> str:
        return self.head.split(b" ", 2)[1].decode("latin-1")

    def headers(self) -> dict[str, str]:
        lines = self.head.decode("latin-1").split("\r\n")[1:]
        pairs = (line.split(":", 1) for line in lines if ":" in line)
        return {name.strip().lower(): value.strip() for name, value in pairs}

    def send(self, data: bytes) -> bool:
        """Send `data`; False once the client has gone."""
        try:
            self.connection.sendall(data)
        except OSError:
            return False
        return True

    def trickle(self, data: bytes, interval: float) -> bool:
        """Send `data` one byte every `interval` seconds; False once the client or the test
        has gone."""
        for index in range(len(data)):
            if self.stop.wait(interval) or not self.send(data[index : index + 1]):
                return False
        return True


Answer = Callable[[Exchange], bool]  # True: keep the connection for another request


@dataclass
class Loopback:
    url: str
    port: int
    heads: list[bytes] = field(default_factory=list)


def _read_head(connection: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = connection.recv(65536)
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        0,
    )  # fmt: skip
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head


@contextlib.contextmanager
def loopback(answer: Answer) -> Iterator[Loopback]:
    """A server on 127.0.0.1 (a free port) answering every request with `answer`."""
    stop = threading.Event()
    heads: list[bytes] = []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            connection: socket.socket = self.request
            port = connection.getsockname()[1]
            while not stop.is_set():
                head = _read_head(connection)
                if head is None:
                    return
                heads.append(head)
                if not answer(Exchange(connection, head, stop, port)):
                    return

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True
        block_on_close = False

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    port = server.server_address[1]
    try:
        yield Loopback(f"http://127.0.0.1:{port}", port, heads)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
