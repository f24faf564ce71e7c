"""Calls through a faulty stub: dropped connections, 503/429 with Retry-After, slow answers.

Shared by ``test_reliability_faults.py`` and ``scripts/reliability.py``. Worker threads create
jobs with unique names, read them, then delete them with ``wait=True``, while the stub injects
faults into a share of the requests; an async ``delete_many`` sweeps what is left. Afterwards,
with the faults cleared, the service state is checked: no name exists twice (the SDK never
repeats a create that may have been carried out), and no job reported deleted still exists.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    CreatedJob,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
    RetryPolicy,
)
from modelarts_vizjobs.stub import StubBackend

__all__ = ["ChaosReport", "inject_faults", "run_chaos"]

#: Per-attempt timeout (the clients' ``timeout=``), retries and a quick backoff for the test.
ATTEMPT_TIMEOUT = 0.5
MAX_RETRIES = 2
POLICY = RetryPolicy(initial_delay=0.05, max_delay=0.2)
#: Each call's own deadline (its ``timeout=``), and that of ``delete(wait=True)``.
CALL_DEADLINE = 2.0
WAIT_DEADLINE = 3.0
#: Slack for thread scheduling on a busy 2-core machine, on top of each deadline.
SLACK = 0.75
SWEEP_CONCURRENCY = 4


def inject_faults(backend: StubBackend, share: float) -> None:
    """Each kind hits *share* of the API requests; slow answers outlast the read timeout."""
    faults = backend.faults
    faults.inject("latency", ratio=share, delay=ATTEMPT_TIMEOUT * 1.6)
    faults.inject("drop", ratio=share)
    faults.inject("status", status=503, retry_after=0, ratio=share)
    faults.inject("status", status=429, retry_after=0, ratio=share)
    faults.inject("status", status=503, retry_after=1, count=2)  # a real wait, within deadlines


@dataclass
class ChaosReport:
    calls: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    slowest: float = 0.0
    faults_seen: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.calls} SDK calls, slowest {self.slowest:.2f} s, "
            f"faults served: {dict(self.faults_seen)}, "
            f"outcomes: {dict(sorted(self.outcomes.items()))}, problems: {len(self.problems)}"
        )


@dataclass
class _Ledger:
    """What the SDK reported, to compare with the service afterwards."""

    report: ChaosReport
    created: dict[int, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    deleted: set[int] = field(default_factory=set)
    attempted: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, label: str, budget: float, action: Callable[[], object]) -> object | None:
        """Run one SDK call: it must return or raise ModelArtsError, within *budget* seconds."""
        started = time.monotonic()
        result: object | None = None
        try:
            result = action()
            outcome = "ok"
        except ModelArtsError as exc:
            outcome = type(exc).__name__
        except Exception as exc:  # anything else is the bug this test looks for
            outcome = "undocumented:" + type(exc).__name__
            self.problem(f"{label}: undocumented {exc!r}")
        elapsed = time.monotonic() - started
        with self.lock:
            self.report.calls += 1
            self.report.outcomes[f"{label}:{outcome}"] += 1
            self.report.slowest = max(self.report.slowest, elapsed)
        if elapsed > budget + SLACK:
            self.problem(f"{label} took {elapsed:.2f} s, deadline {budget:.2f} s")
        return result if outcome == "ok" else None

    def problem(self, text: str) -> None:
        with self.lock:
            self.report.problems.append(text)


def _worker(client: ModelArtsVizJobs, ledger: _Ledger, number: int, jobs: int) -> None:
    mine: list[int] = []
    for index in range(jobs):
        name = f"chaos-{number:02d}-{index}"
        with ledger.lock:
            ledger.names.append(name)

        def create(name: str = name) -> CreatedJob:
            return client.jobs.create(
                job_name=name,
                train_url=f"/bucket/{name}/",
                job_type="TensorBoard",
                timeout=CALL_DEADLINE,
            )

        created = ledger.call("create", CALL_DEADLINE, create)
        if isinstance(created, CreatedJob):
            mine.append(created.job_id)
            with ledger.lock:
                ledger.created[created.job_id] = name
    for job_id in mine:
        ledger.call("get", CALL_DEADLINE, partial(client.jobs.get, job_id, timeout=CALL_DEADLINE))
    for job_id in mine[::2]:
        with ledger.lock:
            ledger.attempted.add(job_id)

        def delete(job_id: int = job_id) -> bool:
            client.jobs.delete(job_id, wait=True, timeout=WAIT_DEADLINE)
            return True

        if ledger.call("delete", WAIT_DEADLINE, delete):
            with ledger.lock:
                ledger.deleted.add(job_id)


def run_chaos(
    base_url: str,
    backend: StubBackend,
    project_id: str,
    token: str,
    *,
    workers: int = 8,
    jobs_per_worker: int = 6,
    share: float = 0.1,
) -> ChaosReport:
    """Run the faulty workload, clear the faults, then check the service's state."""
    report = ChaosReport()
    ledger = _Ledger(report)
    options: dict[str, Any] = {
        "project_id": project_id,
        "endpoint": base_url,
        "token": token,
        "timeout": ATTEMPT_TIMEOUT,
        "max_retries": MAX_RETRIES,
        "retry_policy": POLICY,
    }
    inject_faults(backend, share)
    with ModelArtsVizJobs(**options) as client:
        threads = [
            threading.Thread(target=_worker, args=(client, ledger, n, jobs_per_worker), daemon=True)
            for n in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
            if thread.is_alive():
                ledger.problem("a worker thread did not finish within 60 s")
    leftovers = sorted(set(ledger.created) - ledger.attempted)[::2]  # the rest stays, checked
    ledger.attempted.update(leftovers)
    asyncio.run(_sweep(options, leftovers, ledger))
    for entry in backend.journal:
        if entry.status is None:
            report.faults_seen["drop"] += 1
        elif entry.status in (429, 503):
            report.faults_seen[str(entry.status)] += 1
    backend.faults.clear()
    _check_state(ModelArtsVizJobs(**options), ledger)
    return report


async def _sweep(options: dict[str, Any], job_ids: list[int], ledger: _Ledger) -> None:
    """Delete the remaining jobs in bulk with the async client, still under faults."""
    async with AsyncModelArtsVizJobs(**options) as client:
        started = time.monotonic()
        try:
            result = await client.jobs.delete_many(
                job_ids, concurrency=SWEEP_CONCURRENCY, timeout=CALL_DEADLINE
            )
        except Exception as exc:
            ledger.problem(f"delete_many raised {exc!r} instead of reporting per-id failures")
            return
        elapsed = time.monotonic() - started
        report = ledger.report
        report.calls += 1
        report.outcomes[f"delete_many:{len(result.deleted)} deleted"] += 1
        for job_id, error in result.failures.items():
            report.outcomes[f"delete_many failure:{type(error).__name__}"] += 1
            if not isinstance(error, ModelArtsError):
                ledger.problem(f"delete_many failure for {job_id} is {error!r}")
        ledger.deleted.update(int(job_id) for job_id in result.deleted)
        budget = CALL_DEADLINE * max(1, -(-len(job_ids) // SWEEP_CONCURRENCY))
        if elapsed > budget + SLACK:
            ledger.problem(f"delete_many took {elapsed:.2f} s for {len(job_ids)} ids")


def _check_state(client: ModelArtsVizJobs, ledger: _Ledger) -> None:
    with client:
        jobs = list(client.jobs.list(search="chaos-"))
        counts = Counter(str(job.name) for job in jobs)
        twice = sorted(name for name, count in counts.items() if count > 1)
        if twice:
            ledger.problem(f"created more than once: {twice}")
        unknown = sorted(name for name in counts if name not in ledger.names)
        if unknown:
            ledger.problem(f"jobs nobody asked for: {unknown}")
        present = {job.job_id for job in jobs}
        for job_id in sorted(ledger.deleted):
            if job_id in present:
                ledger.problem(f"job {job_id} reported deleted but still listed")
            try:
                client.jobs.get(job_id)
            except NotFoundError:
                continue
            ledger.problem(f"job {job_id} reported deleted but still readable")
        for job_id, name in ledger.created.items():
            if job_id not in ledger.attempted and job_id not in present:
                ledger.problem(f"job {job_id} ({name}) vanished without a delete")
