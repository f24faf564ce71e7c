"""Load: 50 concurrent sync clients on a real-socket stub; state and stub memory stay sound."""

from __future__ import annotations

import gc
import tracemalloc

from modelarts_vizjobs import ModelArtsVizJobs
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend, StubServer
from tests.reliability.workload import run_load, stub_memory

WORKERS = 50
SECONDS = 8.0
JOURNAL_SIZE = 2000
#: After ``reset()`` the stub must be back near where it started: no per-request leak.
LEAK_BOUND = 1024 * 1024


def test_fifty_clients_mixed_operations_keep_state_consistent() -> None:
    backend = StubBackend(journal_size=JOURNAL_SIZE)
    tracemalloc.start()
    try:
        with StubServer(backend=backend) as server:

            def client() -> ModelArtsVizJobs:
                return ModelArtsVizJobs(
                    project_id=DEFAULT_PROJECT_ID, endpoint=server.base_url, token=DEFAULT_TOKEN
                )

            gc.collect()
            before = stub_memory()
            report = run_load(client, backend, DEFAULT_PROJECT_ID, workers=WORKERS, seconds=SECONDS)
            gc.collect()
            loaded = stub_memory()
            backend.reset()
            gc.collect()
            after_reset = stub_memory()
    finally:
        tracemalloc.stop()
    print(
        f"\nload: {report.summary()}\n"
        f"stub memory (tracemalloc, stub code): before {before / 1024:.0f} KiB, "
        f"after load {loaded / 1024:.0f} KiB ({report.final_jobs} jobs, journal <= "
        f"{JOURNAL_SIZE}), after reset {after_reset / 1024:.0f} KiB"
    )
    assert not report.problems, report.problems
    assert report.server_errors == 0
    assert report.total_calls >= 10 * WORKERS, "the load did not run"
    assert report.calls["create"] and report.calls["delete"] and report.calls["list"]
    assert after_reset - before < LEAK_BOUND
