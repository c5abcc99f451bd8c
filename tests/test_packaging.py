"""Users install the wheel and import both generated packages from anywhere."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import contract
from conftest import ROOT

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


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_built_wheel_installs_and_imports_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ROOT,
        cwd=tmp_path,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    version = contract.load()["info"]["version"]
    (wheel,) = dist.glob(f"unified_assessment-{version}-*.whl")

    target = tmp_path / "fresh-venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel,
        cwd=tmp_path,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    # The runtime dependencies come from this test's environment (no network in tests); a .pth
    # adds its site-packages after the fresh venv's own, and .pth files there are not run, so
    # the repository's editable install cannot shadow the wheel.
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")

    imported = run(python, "-I", "-c", IMPORT_BOTH, cwd=tmp_path)

    assert imported.returncode == 0, imported.stderr
    *paths, versions = imported.stdout.splitlines()
    assert versions.split() == [version] * 3 + [f"unified-assessment-client/{version}"]
    files = [Path(line) for line in paths]
    assert len(files) == 2
    for file in files:
        assert file.is_relative_to(target), file
        assert (file.parent / "py.typed").is_file()
