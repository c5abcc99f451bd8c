"""`python -m unified_assessment_contract_runner`: the `unified-assessment-contract` command."""

from .run import entry

entry()
