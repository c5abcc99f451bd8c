"""The contract module (scripts/contract.py), wherever the stub runs from.

The installed stub (`unified_assessment_stub`, from the wheel) carries its own copy, laid out as
in this repository: `scripts/contract.py` beside `openapi/`, the contract it serves. It never
imports a top-level `contract`, which a user's project may well have of its own.

In this repository (the editable install puts src/ on the path) it is scripts/contract.py
itself, loaded as `contract`: the same module object that the pipeline and the tests import,
so that a `Contract` they build is the stub's `Contract`.
"""

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

_HERE = Path(__file__).resolve().parent
_BUNDLED = _HERE / "scripts" / "contract.py"
_REPOSITORY = _HERE.parent.parent / "scripts" / "contract.py"

if TYPE_CHECKING or not _BUNDLED.is_file():
    if not TYPE_CHECKING and "contract" not in sys.modules:
        spec = importlib.util.spec_from_file_location("contract", _REPOSITORY)
        if spec is None or spec.loader is None:
            raise ImportError(f"the stub finds no contract module at {_REPOSITORY}")
        module = importlib.util.module_from_spec(spec)
        sys.modules["contract"] = module
        spec.loader.exec_module(module)
    from contract import *  # noqa: F403
else:
    from .scripts.contract import *  # noqa: F403
