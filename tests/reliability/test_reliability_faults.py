"""Faults: drops, 503/429 with Retry-After and slow answers end in success or documented errors."""

from __future__ import annotations

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend, StubServer
from tests.reliability.chaos import run_chaos


def test_calls_under_faults_end_in_time_without_duplicates_or_false_deletes() -> None:
    backend = StubBackend()
    with StubServer(backend=backend) as server:
        report = run_chaos(server.base_url, backend, DEFAULT_PROJECT_ID, DEFAULT_TOKEN)
    print(f"\nfaults: {report.summary()}")
    assert not report.problems, report.problems
    for kind in ("drop", "503", "429"):
        assert report.faults_seen[kind], f"no {kind} fault was served: the test proved nothing"
    assert any(key.endswith(":ok") for key in report.outcomes), "nothing succeeded"
    assert any("APITimeoutError" in key for key in report.outcomes), "no slow answer timed out"
