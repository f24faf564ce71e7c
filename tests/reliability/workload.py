"""Mixed-operation load on a live stub, checked against a model of what succeeded.

Shared by ``test_reliability_load.py`` (short run in the suite) and ``scripts/reliability.py``
(longer run). Each worker thread owns the jobs it creates, so its model of them is exact
(its own listing must match it at any time); all workers also race to delete one shared pool
of seeded jobs, where exactly one delete of each job may succeed. At the end the service's
state must equal the union of the models: no lost job, no resurrected job, no duplicate.
"""

from __future__ import annotations

import gc
import random
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from modelarts_vizjobs import (
    JobStateConflictError,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
)
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend, StubServer

__all__ = ["LoadReport", "run_load", "stub_memory"]

#: Share of each operation in a worker's mix (create is also forced while it owns few jobs).
OPERATIONS = {
    "create": 3,
    "get": 4,
    "list": 1,
    "update": 3,
    "stop": 2,
    "restart": 2,
    "delete": 3,
    "contended_delete": 2,
}
MAX_OWNED = 6


@dataclass
class LoadReport:
    """Counts of one run; ``problems`` lists every violated expectation (empty when sound)."""

    workers: int
    seconds: float = 0.0
    calls: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    server_errors: int = 0
    problems: list[str] = field(default_factory=list)
    final_jobs: int = 0

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def summary(self) -> str:
        rate = self.total_calls / self.seconds if self.seconds else 0.0
        return (
            f"{self.workers} workers, {self.total_calls} SDK calls in {self.seconds:.1f} s "
            f"({rate:.0f}/s), 5xx: {self.server_errors}, final jobs: {self.final_jobs}, "
            f"outcomes: {dict(sorted(self.outcomes.items()))}, problems: {len(self.problems)}"
        )


@dataclass
class _Shared:
    client: ModelArtsVizJobs
    deadline: float
    report: LoadReport
    contended: list[int]
    contended_wins: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, operation: str, outcome: str) -> None:
        with self.lock:
            self.report.calls[operation] += 1
            self.report.outcomes[f"{operation}:{outcome}"] += 1

    def problem(self, text: str) -> None:
        with self.lock:
            if len(self.report.problems) < 50:
                self.report.problems.append(text)


class _Worker:
    """One client thread: a bounded loop of random operations on the jobs it owns."""

    def __init__(self, number: int, shared: _Shared, max_calls: int) -> None:
        self.number = number
        self.shared = shared
        self.max_calls = max_calls
        self.rng = random.Random(number)
        self.prefix = f"load-{number:02d}-"
        self.owned: dict[int, tuple[str, str]] = {}  # job id -> (name, description)
        self.created = 0

    def run(self) -> None:
        names, weights = zip(*OPERATIONS.items(), strict=True)
        for _ in range(self.max_calls):
            if time.monotonic() >= self.shared.deadline:
                return
            operation = "create" if len(self.owned) < 2 else self.rng.choices(names, weights)[0]
            if operation == "create" and len(self.owned) >= MAX_OWNED:
                operation = "delete"
            try:
                outcome = getattr(self, operation)()
            except JobStateConflictError:
                outcome = "conflict"
            except ModelArtsError as exc:
                outcome = type(exc).__name__
                self.shared.problem(f"{self.prefix} {operation}: unexpected {exc!r}")
            except Exception as exc:  # the point of the test: nothing undocumented escapes
                outcome = "undocumented:" + type(exc).__name__
                self.shared.problem(f"{self.prefix} {operation}: undocumented {exc!r}")
            self.shared.note(operation, outcome)

    def _pick(self) -> int:
        return self.rng.choice(list(self.owned))

    def create(self) -> str:
        name = f"{self.prefix}{self.created}"
        self.created += 1
        job = self.shared.client.jobs.create(
            job_name=name, train_url=f"/bucket/{name}/", job_type="TensorBoard"
        )
        self.owned[job.job_id] = (name, "")
        return "ok"

    def get(self) -> str:
        job_id = self._pick()
        job = self.shared.client.jobs.get(job_id)
        if (job.name, job.description or "") != self.owned[job_id]:
            self.shared.problem(f"{self.prefix} get {job_id}: {job!r} != {self.owned[job_id]}")
        return "ok"

    def list(self) -> str:
        seen = [job.job_id for job in self.shared.client.jobs.list(search=self.prefix)]
        if sorted(seen) != sorted(self.owned):
            self.shared.problem(f"{self.prefix} list {sorted(seen)} != {sorted(self.owned)}")
        return "ok"

    def update(self) -> str:
        job_id = self._pick()
        description = f"rev {self.rng.randrange(10**6)}"
        self.shared.client.jobs.update(job_id, description)
        self.owned[job_id] = (self.owned[job_id][0], description)
        return "ok"

    def stop(self) -> str:
        self.shared.client.jobs.stop(self._pick())
        return "ok"

    def restart(self) -> str:
        self.shared.client.jobs.restart(self._pick())
        return "ok"

    def delete(self) -> str:
        job_id = self._pick()
        self.shared.client.jobs.delete(job_id)
        del self.owned[job_id]
        return "ok"

    def contended_delete(self) -> str:
        job_id = self.rng.choice(self.shared.contended)
        try:
            self.shared.client.jobs.delete(job_id)
        except NotFoundError:
            return "gone"
        with self.shared.lock:
            self.shared.contended_wins[job_id] += 1
        return "ok"


def run_load(
    client_factory: Callable[[], ModelArtsVizJobs],
    backend: StubBackend,
    project_id: str,
    *,
    workers: int = 50,
    seconds: float = 10.0,
    max_calls_per_worker: int = 100_000,
    contended_jobs: int = 100,
) -> LoadReport:
    """Run the mixed load, then compare the service's final state with the workers' models."""
    report = LoadReport(workers)
    contended = [backend.seed(project_id, job_name=f"shared-{n}") for n in range(contended_jobs)]
    with client_factory() as client:
        shared = _Shared(client, time.monotonic() + seconds, report, contended)
        crew = [_Worker(number, shared, max_calls_per_worker) for number in range(workers)]
        threads = [threading.Thread(target=worker.run, daemon=True) for worker in crew]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 60)
            if thread.is_alive():
                report.problems.append("a worker did not finish within its deadline + 60 s")
        report.seconds = time.monotonic() - started
        _check_final_state(client, crew, shared)
    report.server_errors = sum(
        1 for entry in backend.journal if entry.status is not None and entry.status >= 500
    )
    return report


def _check_final_state(client: ModelArtsVizJobs, crew: list[_Worker], shared: _Shared) -> None:
    report = shared.report
    expected: dict[int, str] = {}
    for worker in crew:
        expected.update({job_id: name for job_id, (name, _) in worker.owned.items()})
    for job_id in shared.contended:
        wins = shared.contended_wins[job_id]
        if wins > 1:
            report.problems.append(f"contended job {job_id} deleted {wins} times")
        if wins == 0:
            expected[job_id] = f"shared-{shared.contended.index(job_id)}"
    actual = list(client.jobs.list())
    report.final_jobs = len(actual)
    names = Counter(str(job.name) for job in actual)
    duplicates = sorted(name for name, count in names.items() if count > 1)
    found = {job.job_id: job.name for job in actual}
    lost = sorted(set(expected) - set(found))
    resurrected = sorted(set(found) - set(expected))
    renamed = sorted(i for i in set(found) & set(expected) if found[i] != expected[i])
    for label, items in (
        ("duplicate names", duplicates),
        ("lost jobs", lost),
        ("resurrected jobs", resurrected),
        ("renamed jobs", renamed),
    ):
        if items:
            report.problems.append(f"{label}: {items[:20]}")


def stub_memory() -> int:
    """Bytes currently allocated by the stub's own code (tracemalloc must be tracing)."""
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(True, "*/modelarts_vizjobs/stub/*")]
    )
    return sum(stat.size for stat in snapshot.statistics("filename"))


@dataclass(frozen=True)
class StubMemory:
    """Bytes held by the stub's code before the load, after it, and after ``reset()``."""

    before: int
    loaded: int
    after_reset: int

    def summary(self) -> str:
        return (
            f"stub memory before {self.before / 1024:.0f} KiB, after load "
            f"{self.loaded / 1024:.0f} KiB, after reset {self.after_reset / 1024:.0f} KiB"
        )


def run_load_on_stub(
    *, workers: int, seconds: float, journal_size: int = 10_000
) -> tuple[LoadReport, StubMemory]:
    """``run_load`` against a fresh real-socket stub, with the stub's memory traced."""
    backend = StubBackend(journal_size=journal_size)
    tracemalloc.start()
    try:
        with StubServer(backend=backend) as server:

            def client() -> ModelArtsVizJobs:
                return ModelArtsVizJobs(
                    project_id=DEFAULT_PROJECT_ID, endpoint=server.base_url, token=DEFAULT_TOKEN
                )

            gc.collect()
            before = stub_memory()
            report = run_load(client, backend, DEFAULT_PROJECT_ID, workers=workers, seconds=seconds)
            gc.collect()
            loaded = stub_memory()
            backend.reset()
            gc.collect()
            after_reset = stub_memory()
    finally:
        tracemalloc.stop()
    return report, StubMemory(before, loaded, after_reset)
