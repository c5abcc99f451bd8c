"""Hatch build hook: the wheel's stub carries the contract it serves.

The stub (src/unified_assessment_stub) reads the contract through scripts/contract.py. The wheel
gets a copy of that module and of openapi/, laid out inside the stub as in this repository
(`scripts/contract.py` beside `openapi/`), so that `contract.DOCUMENT` finds the YAML and the
stub imports no top-level `contract` (src/unified_assessment_stub/_contract.py).

Only a real wheel: an editable install (`make setup`) leaves both where they are.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CONTRACT = {
    "scripts/contract.py": "unified_assessment_stub/scripts/contract.py",
    "openapi": "unified_assessment_stub/openapi",
}


class ContractInWheel(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"].update(CONTRACT)
