"""`make bench` decides on the figures it prints: a ratio shown as 0.60 against a target of
0.60 is met, one shown as 1.26 against at most 1.25 is not, and a miss makes it exit 1."""

from __future__ import annotations

import pytest
from bench.client_overhead import Row
from bench.stub_throughput import Result, verdict

FLOOR = Result("GET /healthz", 10_000.0, 1.0, 2.0, None)


@pytest.mark.parametrize(
    ("per_second", "shown", "met"),
    [(5_996.0, "0.60", True), (5_994.0, "0.60", True), (5_949.0, "0.59", False)],
)
def test_the_stub_verdict_agrees_with_the_ratio_printed(
    per_second: float, shown: str, met: bool
) -> None:
    printed, said, is_met = verdict(Result("create", per_second, 1.0, 2.0, 0.6), FLOOR)
    assert (printed, is_met) == (shown, met)
    assert said.startswith("met" if met else "NOT met")


@pytest.mark.parametrize(
    ("generated", "ratio", "met"), [(125.4, 1.25, True), (125.6, 1.26, False), (90.0, 0.9, True)]
)
def test_the_client_verdict_agrees_with_the_ratio_printed(
    generated: float, ratio: float, met: bool
) -> None:
    row = Row("create", raw=100.0, generated=generated)
    assert (row.ratio, row.met) == (ratio, met)
