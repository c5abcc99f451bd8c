"""Run the stub as users do, `python -m unified_assessment_stub` under uvicorn, in a child
process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served_stub(
    log: IO[bytes] | int = subprocess.DEVNULL,
    cpu: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """The base URL of a freshly started stub on a free loopback port, its environment
    extended by `env`; stopped on exit, killed if SIGTERM has not ended it within 10 s.

    Its output goes to `log` (a file, or nowhere): never to a pipe that nobody reads, which
    would fill up and stall the server.
    """
    with stub_process(log, cpu, env) as (_, url):
        yield url


@contextmanager
def stub_process(
    log: IO[bytes] | int = subprocess.DEVNULL,
    cpu: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """served_stub, with the process itself (to signal it)."""
    port = free_port()
    env = {
        **os.environ,
        **(env or {}),
        "PORT": str(port),
        # The stub ends itself when this process dies, even by SIGKILL (see stub/__main__.py).
        "STUB_PARENT_PID": str(os.getpid()),
    }
    pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
    process = subprocess.Popen(
        [*pin, sys.executable, "-m", "unified_assessment_stub"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, process)
        yield process, url
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], grace: float = 10) -> int:
    """SIGTERM, then SIGKILL if the process is still there after `grace` seconds: a test
    never leaves a server behind. Its exit status."""
    if process.poll() is not None:
        return process.returncode
    process.terminate()
    try:
        return process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """Return once the stub at `url` answers /healthz; RuntimeError if `process` ends first
    or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the stub did not start") from None
            time.sleep(0.05)
