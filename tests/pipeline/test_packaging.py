"""Users install the wheel and import both generated packages from anywhere; with the `stub`
extra they get the stub as a command and as pytest fixtures, with the `contract` extra the
contract run as a command, outside this repository."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import venv
import zipfile
from pathlib import Path

import contract
import httpx
import pytest
from conftest import ROOT
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from unified_assessment_client import UnifiedAssessmentError
from unified_assessment_client.webhooks import parse_delivery

from unified_assessment_stub.process import free_port
from unified_assessment_stub.server import served

# One worker for the module (make test runs pytest-xdist with --dist loadgroup): its wheel and
# fresh virtual environment are built once, not once for each worker that draws a test.
pytestmark = pytest.mark.xdist_group("packaging")

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
    create_assessment_order, create_assessment_package, get_assessment_package,
    list_assessment_packages,
)
from unified_assessment_client.models import (
    AssessmentOrder, AssessmentPackage, AssessmentPackageType,
)

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


def test_an_order_reaches_the_providers_receiver(assessment_stub, assessment_webhooks):
    assessment_webhooks.subscribe("conn_1", "assessment_order", "created")
    with AuthenticatedClient(base_url=assessment_stub.base_url, token=assessment_stub.token) as c:
        order = create_assessment_order.sync("conn_1", client=c, body=AssessmentOrder())
    delivered = assessment_webhooks.wait_for("assessment_order", "created", timeout=5)
    assert delivered.delivery.data[0].id == order.id


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
    # Named dist/ as `make dist`'s folder is: the README's install lines refer to it.
    dist = tmp_path_factory.mktemp("built") / "dist"
    dist.mkdir()
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


# The packages the wheel ships, each from its home in this repository.
SHIPPED = {
    "unified_assessment_models": "generated",
    "unified_assessment_client": "generated",
    "unified_assessment_stub": "src",
    "unified_assessment_contract_runner": "src",
}


def test_the_wheel_ships_the_products_and_no_tests(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        declared = archive.read(entry_points).decode()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == set(SHIPPED)
    for package, home in SHIPPED.items():
        assert (ROOT / home / package / "__init__.py").is_file()
    assert not any("/tests/" in name or name.startswith("tests/") for name in names)
    assert "unified_assessment_stub/openapi/assessment-package.yaml" in names
    assert "unified_assessment_stub/scripts/contract.py" in names
    # Every entry point, in the wheel as in pyproject.toml, names a shipped package.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    targets = [*project["scripts"].values()]
    targets += [target for group in project["entry-points"].values() for target in group.values()]
    targets += re.findall(r"= *([\w.]+):?", declared)
    assert targets
    for target in targets:
        assert target.split(".")[0] in SHIPPED, target


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


def test_the_contract_command_runs_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    """`unified-assessment-contract`, make contract's run, from the wheel: it serves the
    installed stub, tests it, writes its reports where it is run, with make contract's codes."""
    command = installed / "unified-assessment-contract"
    helped = run(command, "--help", cwd=tmp_path, env=outside_env())
    assert helped.returncode == 0, helped.stderr
    for flag in ("--base-url", "--token-file", "--safe", "--connection-id", "--max-requests"):
        assert flag in helped.stdout
    refused = run(command, "--base-url", "ftp://example.test", cwd=tmp_path, env=outside_env())
    assert refused.returncode == 2 and "Traceback" not in refused.stdout + refused.stderr

    done = run(command, "--phases", "examples", "--examples", "2", cwd=tmp_path, env=outside_env())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "contract run against the stub" in done.stdout
    assert (tmp_path / "reports" / "contract.html").is_file()
    assert (tmp_path / "reports" / "contract-junit.xml").is_file()


def test_the_webhook_contract_command_runs_outside_the_repository(
    installed: Path, tmp_path: Path
) -> None:
    """`unified-assessment-contract-webhooks` from the wheel, against a receiver that verifies
    with the installed client's parse_delivery."""

    async def receive(request: Request) -> Response:
        try:
            parse_delivery(await request.body(), secret="wheel-secret")
        except UnifiedAssessmentError:
            return Response(status_code=401)
        return Response(status_code=204)

    app = Starlette(routes=[Route("/hook", receive, methods=["POST"])])
    with served(app) as url:
        env = {**outside_env(), "UNIFIED_WEBHOOK_SECRET": "wheel-secret"}
        done = run(
            installed / "unified-assessment-contract-webhooks", "--hook-url", f"{url}/hook",
            "--examples", "2", cwd=tmp_path, env=env,
        )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert (tmp_path / "reports" / "webhooks.html").is_file()


def test_a_projects_own_tests_use_the_installed_fixtures(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "test_integration.py").write_text(USERS_TESTS)

    result = run(
        installed / "python", "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider",
        cwd=tmp_path,
        env=outside_env(),
    )  # fmt: skip

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "6 passed" in result.stdout


# A seed that breaks the contract: the user's test fails, naming the item and the pointer.
BROKEN_SEED = """
def test_a_broken_seed(assessment_stub):
    assessment_stub.seed(
        "createAssessmentPackage",
        [{"type": "SKILLS_TEST"}, {"type": "SKILLS_TEST", "max_score": "100"}],
        connection_id="conn_1",
    )
"""

TWO_CUSTOMERS = """
import pytest

@pytest.fixture(scope="session")
def assessment_stub_tokens():
    return ("dev-token", "second-customer-token")
"""


def readme_provider_test() -> str:
    """The README's test module of a provider's retry code (between `provider-test` markers)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- provider-test -->", 2)[1]
    return block.split("```python\n", 1)[1].rsplit("```", 1)[0]


def test_a_providers_retry_tests_as_the_readme_shows_pass_with_the_installed_kit(
    installed: Path, tmp_path: Path
) -> None:
    """The README's module, run from a fresh venv against the installed fixtures: faults
    injected, retried and given up on by the installed client, per workspace; and a broken
    seed fails its test with the pointer."""
    (tmp_path / "conftest.py").write_text(TWO_CUSTOMERS)
    (tmp_path / "test_my_integration.py").write_text(readme_provider_test())
    (tmp_path / "test_broken_seed.py").write_text(BROKEN_SEED)

    result = run(
        installed / "python", "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf",
        cwd=tmp_path,
        env=outside_env(),
    )  # fmt: skip

    output = result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout and "1 failed" in result.stdout, output
    assert "seed[1]" in result.stdout and "/max_score" in result.stdout, output
    assert "Traceback" not in result.stdout, output


def readme_install_lines() -> list[str]:
    """The shell lines of the README's install block (between its `install` markers)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- install -->", 2)[1]
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(("```", "#"))]


def test_the_readme_installs_what_make_dist_builds() -> None:
    """No index is claimed: the README's lines build the wheel, then install it from dist/."""
    lines = readme_install_lines()
    assert lines[0] == "make dist"
    assert all(line.startswith("pip install ") for line in lines[1:]) and len(lines) >= 3
    assert all("dist/unified_assessment-" in line for line in lines[1:])
    assert {"[stub]", "[contract]"} <= {m for line in lines for m in re.findall(r"\[\w+\]", line)}


@pytest.mark.skipif(
    os.environ.get("CI") != "true",
    reason="installs the extras' dependencies from PyPI: runs in .ci/run (CI=true)",
)
def test_the_readme_install_lines_work_as_written(wheel: Path, tmp_path: Path) -> None:
    """The README's `pip install` lines, run as written in a fresh venv beside the dist/ that
    `make dist` fills, resolving the extras' own dependencies from PyPI: nothing borrowed from
    this environment."""
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    env = {**outside_env(), "PATH": f"{target / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    for line in readme_install_lines()[1:]:
        quiet = f"{line} --quiet --disable-pip-version-check"
        pip = run("bash", "-c", quiet, cwd=wheel.parent.parent, env=env)
        assert pip.returncode == 0, f"{line}: {pip.stderr[-3000:]}"
    pytest_pin = f"pytest=={pytest.__version__}"
    pinned = run(target / "bin" / "pip", "install", "--quiet", pytest_pin, cwd=tmp_path, env=env)
    assert pinned.returncode == 0, pinned.stderr[-3000:]
    for command in (
        "unified-assessment-stub",
        "unified-assessment-contract",
        "unified-assessment-contract-webhooks",
    ):
        helped = run(target / "bin" / command, "--help", cwd=tmp_path)
        assert helped.returncode == 0, helped.stderr
    (tmp_path / "test_integration.py").write_text(USERS_TESTS)
    result = run(
        target / "bin" / "python", "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider",
        cwd=tmp_path, env=outside_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "6 passed" in result.stdout
