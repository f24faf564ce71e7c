"""Longer reliability runs than the test suite affords: mixed load and faults on a live stub.

``.venv/bin/python scripts/reliability.py [--seconds 60] [--workers 50] [--chaos-workers 16]``
(``make reliability``). The same workloads as ``tests/reliability/`` (shared code), sized up:
the load runs for ``--seconds`` with stub memory traced, then the fault run creates and deletes
more jobs. All traffic stays on 127.0.0.1; every loop is bounded in count and time. Exit status
1 when any expectation is violated.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from modelarts_vizjobs.stub import (
    DEFAULT_PROJECT_ID,
    DEFAULT_TOKEN,
    StubBackend,
    StubServer,
)
from tests.reliability.chaos import run_chaos
from tests.reliability.workload import run_load_on_stub


def load(seconds: float, workers: int) -> bool:
    report, memory = run_load_on_stub(workers=workers, seconds=seconds)
    print(f"load: {report.summary()}")
    print(f"load: {memory.summary()}")
    for problem in report.problems:
        print(f"load PROBLEM: {problem}")
    return not report.problems and report.server_errors == 0


def chaos(workers: int, jobs: int) -> bool:
    backend = StubBackend()
    with StubServer(backend=backend) as server:
        report = run_chaos(
            server.base_url,
            backend,
            DEFAULT_PROJECT_ID,
            DEFAULT_TOKEN,
            workers=workers,
            jobs_per_worker=jobs,
        )
    print(f"faults: {report.summary()}")
    for problem in report.problems:
        print(f"faults PROBLEM: {problem}")
    return not report.problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load run")
    parser.add_argument("--workers", type=int, default=50, help="concurrent load clients")
    parser.add_argument("--chaos-workers", type=int, default=16)
    parser.add_argument("--chaos-jobs", type=int, default=12, help="jobs per fault worker")
    args = parser.parse_args()
    started = time.monotonic()
    sound = load(args.seconds, args.workers)
    sound = chaos(args.chaos_workers, args.chaos_jobs) and sound
    print(f"reliability: {'PASS' if sound else 'FAIL'} in {time.monotonic() - started:.0f} s")
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
