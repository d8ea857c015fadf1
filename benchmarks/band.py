"""The check every part of ``benchmarks/budget.py`` shares: predicted against measured seconds, within a
factor :data:`FACTOR` both ways (issue 20), one row per page and case, and a summary table to paste into
docs/benchmarks.md."""

from __future__ import annotations

import os
from dataclasses import dataclass

FACTOR = 2.0  # an estimate passes if the measurement lies within this factor of it, both ways


@dataclass(frozen=True)
class Row:
    page: str
    case: str
    predicted: float
    measured: float

    @property
    def ratio(self) -> float:
        return self.measured / max(self.predicted, 1e-12)

    @property
    def passes(self) -> bool:
        return 1.0 / FACTOR <= self.ratio <= FACTOR


ROWS: list[Row] = []


def check(page: str, case: str, predicted: float, measured: float) -> Row:
    """Record and print one row: predicted and measured seconds, measured / predicted, PASS or FAIL."""
    row = Row(page, case, predicted, measured)
    ROWS.append(row)
    verdict = "PASS" if row.passes else "FAIL"
    print(
        f"    {verdict}  predicted {predicted:7.3f} s  measured {measured:7.3f} s  "
        f"measured / predicted {row.ratio:5.2f}  {case}",
        flush=True,
    )
    return row


def summary() -> None:
    """Every row so far as a Markdown table, with the count that passed and the load average."""
    if not ROWS:
        return
    load = os.getloadavg()
    passed = sum(row.passes for row in ROWS)
    print(
        f"\n## predicted against measured CPU seconds: {passed} of {len(ROWS)} within a factor "
        f"{FACTOR:g} (load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f})\n"
    )
    print("| page | case | predicted | measured | measured / predicted | band |")
    print("|---|---|---|---|---|---|")
    for row in ROWS:
        print(
            f"| {row.page} | {row.case} | {row.predicted:.3g} s | {row.measured:.3g} s | {row.ratio:.2f} | "
            f"{'PASS' if row.passes else 'FAIL'} |"
        )
