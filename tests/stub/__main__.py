"""Serve the stub with uvicorn: `make serve`, or `python -m stub` with tests/ on the path.

HOST (default 127.0.0.1), PORT (8000), STUB_TOKENS (comma-separated, default dev-token),
STUB_MAX_BODY_BYTES (1048576), STUB_MAX_STORE_BYTES (268435456) and STUB_DB (a SQLite file;
memory when unset) configure it.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sqlite3
import sys

import uvicorn

from .app import DEFAULT_TOKEN, Settings, create_app
from .server import config

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid: str | None) -> None:
    """SIGTERM when the process that started the stub (STUB_PARENT_PID) dies, even when it is
    killed and no `finally` of its own can stop the stub (Linux only)."""
    if not parent_pid or not sys.platform.startswith("linux"):
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if str(os.getppid()) != parent_pid:  # it died before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def main() -> int:
    die_with_parent(os.environ.get("STUB_PARENT_PID"))
    try:
        settings = Settings.from_env(os.environ)
        host = os.environ.get("HOST", "127.0.0.1")
        port_text = os.environ.get("PORT", "8000")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"PORT must be a port number from 1 to 65535, not {port_text!r}")
        port = int(port_text)
        store = settings.store()
    except ValueError as error:
        print(f"stub: {error}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as error:
        print(f"stub: STUB_DB {settings.database!r} cannot be opened: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if settings.tokens == (DEFAULT_TOKEN,):
        tokens = f"the default token {DEFAULT_TOKEN!r} (set STUB_TOKENS to change it)"
    else:
        # Configured tokens are secrets: say how many, never which.
        tokens = f"{len(settings.tokens)} token(s) from STUB_TOKENS"
    where = f"SQLite {settings.database}" if settings.database else "memory"
    print(f"stub: serving on http://{host}:{port}, accepting {tokens}, store: {where}", flush=True)
    uvicorn.Server(config(create_app(settings, store), host, port, log_level="info")).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
