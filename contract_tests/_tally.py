"""Counts of the Schemathesis cases each suite executed, per phase, for the session summary.

A contract run that silently executes nothing looks green; printing the counts makes that visible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

__all__ = ["PHASE_ORDER", "TALLY", "CaseTally"]

PHASE_ORDER = ("examples", "coverage", "fuzzing", "stateful")


class CaseTally:
    """Cases executed per (suite, phase), filled by the suites and printed by conftest."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str]] = Counter()

    def record(self, suite: str, phase: str, count: int = 1) -> None:
        self._counts[(suite, phase)] += count

    def lines(self) -> Iterator[str]:
        """One line per suite: its phases in Schemathesis order, then the total."""
        suites = sorted({suite for suite, _ in self._counts})
        for suite in suites:
            phases = [p for p in PHASE_ORDER if (suite, p) in self._counts]
            phases += sorted(p for s, p in self._counts if s == suite and p not in PHASE_ORDER)
            parts = [f"{phase}={self._counts[(suite, phase)]}" for phase in phases]
            total = sum(self._counts[(suite, phase)] for phase in phases)
            yield f"{suite}: {', '.join(parts)} (total {total})"


TALLY = CaseTally()
