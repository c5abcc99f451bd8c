"""Hatch build hook: the wheel carries the stub as the package `unified_assessment_stub`.

The stub's source stays in tests/stub (the guide's place for it, beside the tests that use it).
The wheel gets a copy, with the contract module and the contract it serves laid out as in this
repository (`scripts/contract.py` beside `openapi/`), so that `contract.DOCUMENT` finds the YAML
and the stub imports no top-level `contract` (tests/stub/_contract.py).

Only a real wheel: an editable install (`make setup`) leaves the stub where it is, run by
`make serve`, rather than freezing a copy of it into .venv.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

STUB = {
    "tests/stub": "unified_assessment_stub",
    "scripts/contract.py": "unified_assessment_stub/scripts/contract.py",
    "openapi": "unified_assessment_stub/openapi",
}


class StubInWheel(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"].update(STUB)
