"""`make serve` for a first hour: RELOAD=1 restarts the stub when openapi/ changes, and a port
already in use is one line that says how to choose another."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from conftest import ROOT

from unified_assessment_stub.process import free_port, stop


def test_a_port_in_use_is_one_line_naming_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "unified_assessment_stub"],
            env={**os.environ, "PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2  # as a bad setting, and as `make serve` exits
    printed = (result.stdout + result.stderr).strip()
    assert "\n" not in printed, printed
    assert printed.startswith(f"stub: port {port} is in use; choose another with PORT=")
    assert printed.endswith(" make serve")


def version(url: str) -> str | None:
    try:
        info: str = httpx.get(f"{url}/openapi.json", timeout=2).json()["info"]["version"]
        return info
    except (httpx.HTTPError, ValueError, KeyError):
        return None  # restarting, or not up yet


def wait_for(url: str, wanted: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    seen = version(url)
    while seen != wanted and time.monotonic() < deadline:
        time.sleep(0.1)
        seen = version(url)
    return seen


def edit(document: Path, text: str) -> None:
    # The reloader notes the files' times on its first poll (every 0.25 s) after it starts or
    # restarts the app, and compares with those: an edit before that poll, as no one types
    # within a second of a restart, would go unnoticed.
    time.sleep(1)
    document.write_text(text)


def test_reload_restarts_the_stub_when_openapi_changes(tmp_path: Path) -> None:
    # A copy of the project: the stub watches the openapi/ beside the scripts/ it imports, and
    # the test must not edit the real one.
    for name in ("openapi", "src", "scripts"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    document = tmp_path / "openapi" / "assessment-package.yaml"
    text = document.read_text()
    old = next(line for line in text.splitlines() if line.startswith("  version: "))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "src"),
        "PORT": str(port),
        "RELOAD": "1",
    }
    with (tmp_path / "stub.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "unified_assessment_stub"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for(url, old.split()[1], 20) == old.split()[1]
        edit(document, text.replace(old, "  version: 99.0.0"))
        assert wait_for(url, "99.0.0", 15) == "99.0.0", (tmp_path / "stub.log").read_text()
        # A contract broken mid-edit: the stub says so, answers 503, and recovers on the fix.
        edit(document, text.replace(old, "  version: [broken"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 503:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        assert httpx.get(f"{url}/healthz", timeout=2).status_code == 503
        edit(document, text)
        assert wait_for(url, old.split()[1], 15) == old.split()[1]
    finally:
        stop(process)
    printed = (tmp_path / "stub.log").read_text()
    assert f"restarting when {tmp_path / 'openapi'}/ changes" in printed
    assert "stub: openapi/ does not load (" in printed
    assert f'in "{document}", line ' in printed  # the file, not "<unicode string>"
    assert "Traceback" not in printed
