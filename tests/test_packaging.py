"""Users install the wheel and import both generated packages from anywhere; with the `stub`
extra they get the stub as a command and as pytest fixtures, outside this repository."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import contract
import httpx
import pytest
from conftest import ROOT
from stub.process import free_port

VERSION = contract.load()["info"]["version"]

IMPORT_BOTH = """
import unified_assessment_client, unified_assessment_models
from unified_assessment_client import AuthenticatedClient
from unified_assessment_client.models import AssessmentPackage as ClientPackage
from unified_assessment_models import AssessmentPackage, AssessmentPackageType
from importlib import metadata
for module in (unified_assessment_client, unified_assessment_models):
    print(module.__file__)
print(metadata.version("unified-assessment"), unified_assessment_client.__version__,
      unified_assessment_models.__version__, unified_assessment_client.USER_AGENT)
"""

# A user's own test module: the fixtures come from the installed plugin, nothing is imported
# from this repository.
USERS_TESTS = """
import asyncio
import sys

from unified_assessment_client import AuthenticatedClient, ClientError
from unified_assessment_client.api.assessment import (
    create_assessment_package, get_assessment_package, list_assessment_packages,
)
from unified_assessment_client.models import AssessmentPackage, AssessmentPackageType

PACKAGE = AssessmentPackage(type_=AssessmentPackageType.SKILLS_TEST, name="Python test")


def test_a_created_package_is_listed(assessment_stub):
    with AuthenticatedClient(base_url=assessment_stub.base_url, token=assessment_stub.token) as c:
        created = create_assessment_package.sync("conn_1", client=c, body=PACKAGE)
        listed = list_assessment_packages.sync("conn_1", client=c)
        assert [package.id for package in listed] == [created.id]
        assert get_assessment_package.sync("conn_1", created.id, client=c).name == "Python test"


def test_each_test_starts_with_an_empty_stub(assessment_stub):
    with AuthenticatedClient(base_url=assessment_stub.base_url, token=assessment_stub.token) as c:
        assert list_assessment_packages.sync("conn_1", client=c) == []


def test_the_stub_answers_errors_as_the_vendor_would(assessment_stub):
    with AuthenticatedClient(base_url=assessment_stub.base_url, token="not-a-token") as c:
        try:
            list_assessment_packages.sync("conn_1", client=c)
        except ClientError as error:
            assert error.status_code == 401
        else:
            raise AssertionError("no 401")


def test_in_process_without_a_socket(assessment_stub_app):
    async def create_and_list():
        async with AuthenticatedClient(
            base_url=assessment_stub_app.base_url,
            token=assessment_stub_app.token,
            httpx_args={"transport": assessment_stub_app.transport()},
        ) as c:
            await create_assessment_package.asyncio("conn_1", client=c, body=PACKAGE)
            return await list_assessment_packages.asyncio("conn_1", client=c)

    assert len(asyncio.run(create_and_list())) == 1


def test_the_stub_is_the_installed_one():
    import unified_assessment_stub

    assert "/site-packages/unified_assessment_stub/" in unified_assessment_stub.__file__
    assert "contract" not in sys.modules and "stub" not in sys.modules
"""


def run(
    *command: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel as `make dist` builds it: from the sdist, so that the sdist holds all it needs."""
    dist = tmp_path_factory.mktemp("dist")
    built = run(
        sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT,
        cwd=dist,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (found,) = dist.glob(f"unified_assessment-{VERSION}-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the repository with the wheel installed: its bin/ folder."""
    target = tmp_path_factory.mktemp("fresh") / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel,
        cwd=target,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    # The dependencies come from this test's environment (no network in tests); a .pth adds
    # its site-packages after the fresh venv's own, and .pth files there are not run, so the
    # repository's editable install cannot shadow the wheel.
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=target)
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return target / "bin"


def outside_env() -> dict[str, str]:
    """This environment, less what would put the repository's modules on the path."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_built_wheel_installs_and_imports_outside_the_repo(installed: Path, tmp_path: Path) -> None:
    imported = run(installed / "python", "-I", "-c", IMPORT_BOTH, cwd=tmp_path)

    assert imported.returncode == 0, imported.stderr
    *paths, versions = imported.stdout.splitlines()
    assert versions.split() == [VERSION] * 3 + [f"unified-assessment-client/{VERSION}"]
    files = [Path(line) for line in paths]
    assert len(files) == 2
    for file in files:
        assert file.is_relative_to(installed.parent), file
        assert (file.parent / "py.typed").is_file()


def test_the_stub_command_serves_the_contract_the_package_carries(
    installed: Path, tmp_path: Path
) -> None:
    command = installed / "unified-assessment-stub"
    helped = run(command, "--help", cwd=tmp_path, env=outside_env())
    assert helped.returncode == 0, helped.stderr
    for flag in ("--host", "--port", "--tokens-file", "--db", "--max-body-bytes"):
        assert flag in helped.stdout
    missing = run(command, "--tokens-file", tmp_path / "missing", cwd=tmp_path, env=outside_env())
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "--tokens-file" in missing.stderr

    tokens = tmp_path / "tokens"
    tokens.write_text("token-a\ntoken-b\n")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "stub.log").open("wb") as log:
        stub = subprocess.Popen(
            [command, "--port", str(port), "--tokens-file", tokens, "--db", tmp_path / "db"],
            cwd=tmp_path,
            env=outside_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                health = httpx.get(f"{url}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert stub.poll() is None, (tmp_path / "stub.log").read_text()
                assert time.monotonic() < deadline, "the stub did not start"
                time.sleep(0.1)
        assert health.json() == {"status": "ok"}
        served = httpx.get(f"{url}/openapi.json").json()
        assert served == contract.load()
        assert httpx.get(f"{url}/docs").status_code == 200
        for token, status in (("token-b", 200), ("dev-token", 401)):
            listed = httpx.get(
                f"{url}/assessment/conn_1/package", headers={"authorization": f"Bearer {token}"}
            )
            assert listed.status_code == status
    finally:
        stub.terminate()
        stub.wait(timeout=20)
    printed = (tmp_path / "stub.log").read_text()
    assert "2 token(s)" in printed and "token-a" not in printed
    assert (tmp_path / "db").is_file()

    # A port in use: one line naming the command's own flag, the status of a bad setting.
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        taken = run(command, "--port", str(port), cwd=tmp_path, env=outside_env())
    assert taken.returncode == 2
    assert taken.stderr.startswith(f"stub: port {port} is in use; choose another with ")
    assert taken.stderr.count("\n") == 1 and "unified-assessment-stub --port " in taken.stderr


def test_a_projects_own_tests_use_the_installed_fixtures(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "test_integration.py").write_text(USERS_TESTS)

    result = run(
        installed / "python", "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider",
        cwd=tmp_path,
        env=outside_env(),
    )  # fmt: skip

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout


@pytest.mark.skipif(
    os.environ.get("CI") != "true",
    reason="installs the stub extra's dependencies from PyPI: runs in .ci/run (CI=true)",
)
def test_the_stub_extra_installs_from_the_registry(wheel: Path, tmp_path: Path) -> None:
    """What a user types, `pip install 'unified-assessment[stub]'`, resolving the extra's own
    dependencies from PyPI: nothing borrowed from this environment."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    pytest_pin = f"pytest=={pytest.__version__}"
    pip = run(
        target / "bin" / "python", "-m", "pip", "install", "--quiet",
        "--disable-pip-version-check", f"unified-assessment[stub] @ {wheel.as_uri()}", pytest_pin,
        cwd=tmp_path, env=outside_env(),
    )  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-3000:]
    helped = run(target / "bin" / "unified-assessment-stub", "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    (tmp_path / "test_integration.py").write_text(USERS_TESTS)
    result = run(
        target / "bin" / "python", "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider",
        cwd=tmp_path, env=outside_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
