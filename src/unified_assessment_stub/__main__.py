"""Serve the stub with uvicorn: `make serve`, or `python -m unified_assessment_stub`;
installed, `unified-assessment-stub` (cli.py) runs the same main().

HOST (default 127.0.0.1), PORT (8000), STUB_TOKENS (comma-separated, default dev-token),
STUB_MAX_BODY_BYTES (1048576), STUB_MAX_STORE_BYTES (268435456) and STUB_DB (a SQLite file;
memory when unset) configure it, and the webhook deliveries' STUB_WEBHOOK_SECRET (dev-secret),
STUB_WEBHOOK_HOSTS (loopback), STUB_WEBHOOK_MINUTE_SECONDS (60), STUB_WEBHOOK_TIMEOUT (10) and
STUB_WEBHOOK_QUEUE (10000). RELOAD=1 restarts it whenever a YAML file under openapi/
changes (the openapi/ next to the scripts/ it imports the contract from).
"""

from __future__ import annotations

import ctypes
import errno
import json
import logging
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from uvicorn.supervisors.statreload import StatReload

from ._contract import DOCUMENT
from .app import DEFAULT_TOKEN, DEFAULT_WEBHOOK_SECRET, Settings, create_app
from .server import config
from .sqlite_store import SQLiteStore
from .store import ItemStore, StoreUnavailable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid: str | None) -> None:
    """SIGTERM when the process that started the stub (STUB_PARENT_PID) dies, even when it is
    killed and no `finally` of its own can stop the stub (Linux only)."""
    if not parent_pid or not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if str(os.getppid()) != parent_pid:  # it died before the line above
        os.kill(os.getpid(), signal.SIGTERM)


class ContractReload(StatReload):
    """uvicorn's polling reloader, watching the contract's YAML instead of Python files:
    its include patterns need watchfiles, which the project does not install."""

    def iter_py_files(self) -> Iterator[Path]:
        for folder in self.config.reload_dirs:
            for path in Path(folder).rglob("*.yaml"):
                yield path.resolve()


def app_from_env() -> Starlette:
    """The app as configured by the environment: the factory uvicorn calls in each process
    it starts with RELOAD=1, so that each restart reads openapi/ afresh."""
    settings = Settings.from_env(os.environ)
    try:
        return create_app(settings, settings.store())
    except Exception as error:  # any edit of openapi/ may break loading it, in any way
        # A contract half edited must not end the reloader: the next save restarts the app.
        reason = " ".join(str(error).split())  # one line, however the parser wraps it
        message = f"openapi/ does not load ({type(error).__name__}: {reason}); save a fix"
        print(f"stub: {message}", file=sys.stderr, flush=True)
        body = json.dumps({"status": 503, "message": message})

        async def unavailable(request: Request) -> Response:
            return Response(body, status_code=503, media_type="application/json")

        return Starlette(routes=[Route("/{path:path}", unavailable, methods=None)])


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here rather than by uvicorn, so that a port in use is one
    line that says what to do, not uvicorn's log of the errno."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)  # the reloader's worker process serves on it
    return sock


def next_free_port(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + 100, 65536)):
        try:
            listen(host, candidate).close()
            return candidate
        except OSError:
            continue
    return None


def main(advice: str = "PORT={port} make serve") -> int:
    """Serve the stub as the environment says; the exit status. `advice` is how to ask for
    another port, `{port}` a free one, for a port in use."""
    die_with_parent(os.environ.get("STUB_PARENT_PID"))
    try:
        settings = Settings.from_env(os.environ)
        host = os.environ.get("HOST", "127.0.0.1")
        if not host.strip():
            # An empty address binds every interface: the stub would be open to the network.
            raise ValueError("HOST must be an address to listen on, not empty")
        port_text = os.environ.get("PORT", "8000")
        if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
            raise ValueError(f"PORT must be a port number from 1 to 65535, not {port_text!r}")
        port = int(port_text)
        store = settings.store()
    except ValueError as error:
        print(f"stub: {error}", file=sys.stderr)
        return 2
    except StoreUnavailable as error:  # found when the database opens: one line, no traceback
        print(f"stub: {error}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as error:
        print(f"stub: STUB_DB {settings.database!r} cannot be opened: {error}", file=sys.stderr)
        return 2
    reload = os.environ.get("RELOAD", "") not in ("", "0")
    try:
        sock = listen(host, port)
    except OSError as error:
        if isinstance(store, SQLiteStore):
            store.close()
        if error.errno != errno.EADDRINUSE:
            print(f"stub: cannot listen on {host}:{port}: {error.strerror}", file=sys.stderr)
            return 2
        free = next_free_port(host, port)
        choose = advice.format(port=free or "<another port>")
        # HOST and PORT are settings: the status of a bad setting, and of `make serve`.
        print(f"stub: port {port} is in use; choose another with {choose}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The stub logs each delivery itself (stub.webhooks), in one line.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if settings.tokens == (DEFAULT_TOKEN,):
        tokens = f"the default token {DEFAULT_TOKEN!r} (set STUB_TOKENS to change it)"
    else:
        # Configured tokens are secrets: say how many, never which.
        tokens = f"{len(settings.tokens)} token(s) from STUB_TOKENS"
    where = f"SQLite {settings.database}" if settings.database else "memory"
    watching = f", restarting when {DOCUMENT.parent}/ changes" if reload else ""
    print(
        f"stub: serving on http://{host}:{port}, accepting {tokens}, store: {where}{watching}"
        f"; try it at http://{host}:{port}/docs",
        flush=True,
    )
    print(f"stub: {webhooks(settings)}", flush=True)
    try:
        return serve(settings, store, host, port, sock, reload)
    except KeyboardInterrupt:
        # Ctrl-C: uvicorn has already shut down and said so; no traceback after that.
        return 130


def webhooks(settings: Settings) -> str:
    """Where deliveries go and how they are signed and retried, in one line (the secret is
    named, never shown)."""
    if settings.webhook_secret == DEFAULT_WEBHOOK_SECRET:
        secret = f"the default secret {DEFAULT_WEBHOOK_SECRET!r} (set STUB_WEBHOOK_SECRET)"
    else:
        secret = "the secret from STUB_WEBHOOK_SECRET"
    return (
        f"webhook deliveries go to {', '.join(settings.webhook_hosts)} only "
        f"(STUB_WEBHOOK_HOSTS), signed with {secret}, each answered within "
        f"{settings.webhook_timeout:g}s or retried 20 times, the n-th after the (n+1)-th "
        f"Fibonacci number of {settings.webhook_minute_seconds:g}s minutes; each delivery and "
        "each failure is logged (stub.webhooks)"
    )


def serve(
    settings: Settings, store: ItemStore, host: str, port: int, sock: socket.socket, reload: bool
) -> int:
    """Serve until stopped: uvicorn in this process, or its reloader's workers with RELOAD=1."""
    if not reload:
        app = create_app(settings, store)
        uvicorn.Server(config(app, host, port, log_level="info")).run(sockets=[sock])
        return 0
    # Each restart builds a new app, and a new store: in memory, packages do not survive it.
    if isinstance(store, SQLiteStore):
        store.close()
    reloading = config(
        f"{__package__}.__main__:app_from_env",  # stub, or unified_assessment_stub installed
        host,
        port,
        log_level="info",
        factory=True,
        reload=True,
        reload_dirs=[str(DOCUMENT.parent)],
    )
    ContractReload(reloading, target=uvicorn.Server(reloading).run, sockets=[sock]).run()
    return 0


if __name__ == "__main__":
    if sys.argv[1:]:  # flags (--tokens-file, --port, …): read as the installed command reads them
        from .cli import run

        sys.exit(run(sys.argv[1:]))
    sys.exit(main())
