"""The contract module (scripts/contract.py), wherever the stub runs from.

In this repository it is `contract`, from scripts/ on the path. The installed stub
(`unified_assessment_stub`, from the wheel) carries its own copy, laid out as here:
`scripts/contract.py` beside `openapi/`, the contract it serves. It never imports a top-level
`contract`, which a user's project may well have of its own.
"""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING or not (Path(__file__).parent / "scripts" / "contract.py").is_file():
    from contract import *  # noqa: F403
else:
    from .scripts.contract import *  # noqa: F403
