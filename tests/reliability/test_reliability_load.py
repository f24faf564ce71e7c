"""Load: 50 concurrent sync clients on a real-socket stub; state and stub memory stay sound."""

from __future__ import annotations

from tests.reliability.workload import run_load_on_stub

WORKERS = 50
SECONDS = 8.0
JOURNAL_SIZE = 2000
#: After ``reset()`` the stub must be back near where it started: no per-request leak.
LEAK_BOUND = 1024 * 1024


def test_fifty_clients_mixed_operations_keep_state_consistent() -> None:
    report, memory = run_load_on_stub(workers=WORKERS, seconds=SECONDS, journal_size=JOURNAL_SIZE)
    print(
        f"\nload: {report.summary()}\n"
        f"{memory.summary()} (tracemalloc, stub code; {report.final_jobs} jobs left, "
        f"journal <= {JOURNAL_SIZE})"
    )
    assert not report.problems, report.problems
    assert report.server_errors == 0
    assert report.total_calls >= 10 * WORKERS, "the load did not run"
    assert report.calls["create"] and report.calls["delete"] and report.calls["list"]
    assert memory.after_reset - memory.before < LEAK_BOUND
