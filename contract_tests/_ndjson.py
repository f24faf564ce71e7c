"""Read the cases a `schemathesis run` executed, per phase, from its NDJSON event report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

__all__ = ["cases_per_phase"]


def cases_per_phase(report: Path) -> Counter[str]:
    """Sum the recorded cases of every finished scenario, keyed by the scenario's phase.

    The per-phase numbers are not in the run's JSON summary (only the total is), so they are
    counted from the ``ScenarioFinished`` events, whose recorder holds every case it ran
    (a stateful scenario that sent nothing has a recorder without ``cases``).
    """
    counts: Counter[str] = Counter()
    with report.open(encoding="utf-8") as lines:
        for line in lines:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if finished is not None:
                counts[finished["phase"]] += len(finished["recorder"].get("cases", {}))
    return counts
