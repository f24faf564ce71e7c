"""Identical findings are reported once with their count (issue 18), in every rendering."""

from __future__ import annotations

import json

from tests.conformance import _drift
from tests.conformance.conftest import Conform

MISSING = "missing required field 'job_total_count'"


def test_a_finding_seen_on_every_list_call_is_reported_once_with_its_count(
    served, conform: Conform
) -> None:
    base_url, _ = served(_drift.list_without_total)
    table = conform(base_url).output
    (line,) = [line for line in table.splitlines() if MISSING in line]
    report = json.loads(conform(base_url, "--json").output)
    (grouped,) = [f for f in report["violations"] if MISSING in f["message"]]
    lists = next(r for r in report["operations"] if r["operation"] == "list_visualization_jobs")
    assert grouped["count"] == lists["calls"] > 1
    assert line.endswith(f"(seen {grouped['count']} times)")
