"""A failure of a fidelity test says what it is: the contract departs from what the vendor
publishes, and where to look before changing either."""

from __future__ import annotations

from collections.abc import Generator

import pytest

FIDELITY = "test_vendor_fidelity.py"
SOURCES = (
    "the vendor's reference page for packages (shared/seed/000_d4a2e3764dcdc942.txt, "
    "docs.unified.to), its SDKs' models for orders and webhooks (unified-python-sdk 0.61.5 "
    "and 0.60.16: AssessmentPackage, AssessmentOrder, Webhook and their nested types, and the "
    "webhook operations), and its guide's description of a delivery (data, webhook, nonce, "
    "sig, type)"
)
ADVICE = f"""\
This is a fidelity test: it pins what the vendor publishes, from {SOURCES}.
- If openapi/ was changed on purpose and the vendor still publishes this, the contract now
  departs from the vendor: restore it there.
- If the vendor changed (a field or a value dropped or renamed), change the pin in
  tests/contract_document/{FIDELITY}, citing the vendor's page or SDK version, in the same
  commit as openapi/ (a major version bump when something is removed).
The contract-derived tests elsewhere do not need editing for such a change."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and call.when == "call" and item.path.name == FIDELITY:
        report.sections.append(("vendor fidelity", ADVICE))
    return report
