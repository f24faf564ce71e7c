"""``jobs.prune``: remove the jobs a policy selects, sans I/O (``Jobs``/``AsyncJobs`` drive it).

The resources only send: ``list`` feeds :meth:`PruneRun.plan`, ``stop`` the ids of
:meth:`PruneRun.to_stop`, ``delete_many`` those of :meth:`PruneRun.to_delete`; paging, retries
and waiting stay theirs. This module decides, and keeps the books:

- selection: status codes, a name glob (``tb-*``), an age (``older_than``, from ``create_time``;
  a job without one is never old enough);
- running jobs (the statuses a stop accepts, e.g. 8 RUNNING) are skipped unless
  ``stop_running``: then they are stopped first, and deleted after;
- a delete the service refuses (``ModelArts.0105``, e.g. in 9 KILLING) is, with ``wait``,
  retried once the job has left the transitional status (*refused, then deleted*), else it is
  reported *refused* with the service's reason; a job already gone counts as deleted;
- every selected job ends in exactly one outcome of the :class:`PruneReport`, never dropped.
"""

from __future__ import annotations

import enum
import fnmatch
import math
import re
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from ._arguments import DEFAULT_CONCURRENCY, concurrency_limit
from ._config import positive_seconds
from ._errors import (
    InvalidParameterError,
    JobStateConflictError,
    ModelArtsError,
    NotFoundError,
    WaitTimeoutError,
)
from ._lifecycle import SETTLING, STOPPABLE
from ._waiting import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT

if TYPE_CHECKING:
    from ._results import BulkDeleteResult, JobId, VisualizationJob

__all__ = ["PruneItem", "PruneOutcome", "PruneProgress", "PruneReport", "PruneRun", "parse_age"]

_MAX_POLL_INTERVAL = 10.0
_AGE = re.compile(r"(?P<amount>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>[smhdw]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_age(value: str | float | timedelta) -> timedelta:
    """``"12h"``, ``"30m"``, ``"2d"``, ``"1w"``, ``"0s"``, a number of seconds or a timedelta."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (match := _AGE.fullmatch(value.strip().lower())):
        seconds = float(match["amount"]) * _UNITS[match["unit"]]
    else:
        raise InvalidParameterError(
            f"older_than must be an age such as '12h', '30m', '2d' or seconds, not {value!r}"
        )
    if not math.isfinite(seconds) or seconds < 0:
        raise InvalidParameterError(f"older_than must be a finite age >= 0, not {value!r}")
    return timedelta(seconds=seconds)


def _statuses(status: int | Iterable[int] | None) -> frozenset[int] | None:
    if status is None:
        return None
    codes = [status] if isinstance(status, int) else list(status)
    for code in codes:
        if isinstance(code, bool) or not isinstance(code, int) or not 0 <= code <= 22:
            raise InvalidParameterError(f"status must be job status codes 0-22, not {code!r}")
    if not codes:
        raise InvalidParameterError("status must name at least one job status")
    return frozenset(int(code) for code in codes)


@attrs.frozen
class Selection:
    """Which jobs a prune considers: all given criteria must hold."""

    statuses: frozenset[int] | None = None
    name: str | None = None
    older_than: timedelta | None = None

    def matches(self, job: VisualizationJob, now: datetime) -> bool:
        if self.statuses is not None and int(job.status) not in self.statuses:
            return False
        if self.name is not None and not fnmatch.fnmatchcase(job.name or "", self.name):
            return False
        if self.older_than is None:
            return True
        return job.create_time is not None and now - job.create_time >= self.older_than


class PruneOutcome(enum.Enum):
    """What became of one selected job; the order is the severity (worst last)."""

    PLANNED = "would delete"  # dry run: nothing was sent
    DELETED = "deleted"
    REFUSED_THEN_DELETED = "refused, then deleted"
    SKIPPED = "skipped"
    REFUSED = "refused"
    FAILED = "failed"

    @property
    def severity(self) -> int:
        return list(PruneOutcome).index(self)


@attrs.frozen
class PruneItem:
    """One selected job: its listing, whether it was (to be) stopped first, and its outcome.

    ``reason`` says why it was skipped, refused or failed (for *refused, then deleted* the
    first refusal); ``error`` is the SDK exception behind a refusal or failure.
    """

    job: VisualizationJob
    outcome: PruneOutcome
    stop_first: bool = False
    reason: str | None = None
    error: ModelArtsError | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def settling(self) -> bool:
        """Listed in a status the service refuses a delete in until it ends (9 KILLING)."""
        return int(self.job.status) in SETTLING


@attrs.frozen
class PruneProgress:
    """What a prune tells ``on_progress`` as it goes: a job that reached its outcome
    (``item``), or (``item`` None) the jobs still settling and the seconds waited so far."""

    item: PruneItem | None
    settling: tuple[int, ...]
    elapsed: float


@attrs.frozen
class PruneReport:
    """Every selected job with its outcome, in listing order."""

    items: tuple[PruneItem, ...]
    dry_run: bool
    wait: bool = False

    def _with(self, *outcomes: PruneOutcome) -> tuple[PruneItem, ...]:
        return tuple(item for item in self.items if item.outcome in outcomes)

    @property
    def deleted(self) -> tuple[PruneItem, ...]:
        return self._with(PruneOutcome.DELETED, PruneOutcome.REFUSED_THEN_DELETED)

    @property
    def skipped(self) -> tuple[PruneItem, ...]:
        return self._with(PruneOutcome.SKIPPED)

    @property
    def refused(self) -> tuple[PruneItem, ...]:
        return self._with(PruneOutcome.REFUSED)

    @property
    def failed(self) -> tuple[PruneItem, ...]:
        return self._with(PruneOutcome.FAILED)

    @property
    def worst(self) -> PruneItem | None:
        """The first item of the most severe outcome (None when nothing was selected)."""
        return max(self.items, key=lambda item: item.outcome.severity, default=None)

    @property
    def ok(self) -> bool:
        """Nothing was refused and nothing failed."""
        return not self.refused and not self.failed

    def counts(self) -> dict[str, int]:
        """``{"deleted": 3, "refused": 1}``: every outcome that occurred, mildest first."""
        found = [item.outcome for item in self.items]
        return {outcome.value: found.count(outcome) for outcome in PruneOutcome if outcome in found}


def _reason(error: ModelArtsError) -> str:
    code = getattr(error, "error_code", None)
    message = getattr(error, "error_message", None)
    return f"{code}: {message}" if code and message else str(error)


class PruneRun:
    """The books of one prune: plan, stops, deletes, settling refusals, report."""

    def __init__(
        self,
        *,
        status: int | Iterable[int] | None = None,
        name: str | None = None,
        older_than: str | float | timedelta | None = None,
        stop_running: bool = False,
        wait: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        on_progress: Callable[[PruneProgress], None] | None = None,
    ) -> None:
        if name is not None and not isinstance(name, str):
            raise InvalidParameterError(f"name must be a glob pattern str, not {name!r}")
        age = None if older_than is None else parse_age(older_than)
        self.selection = Selection(_statuses(status), name, age)
        self.stop_running = stop_running
        self.wait = wait
        self.concurrency = concurrency_limit(concurrency)
        self._clock = clock
        self._on_progress = on_progress
        self._settle_for = (
            DEFAULT_WAIT_TIMEOUT if timeout is None else positive_seconds(timeout, "timeout")
        )
        self._interval = positive_seconds(poll_interval, "poll_interval")
        self._deadline = math.inf
        self._items: dict[int, PruneItem] = {}
        self._ready: list[int] = []  # to delete next
        self._settling: set[int] = set()  # refused in a settling status, waiting for it to end

    @property
    def list_status(self) -> int | None:
        """The one status to filter the listing by on the server, if the selection has one."""
        statuses = self.selection.statuses
        return next(iter(statuses)) if statuses is not None and len(statuses) == 1 else None

    def plan(self, jobs: Iterable[VisualizationJob], now: datetime | None = None) -> None:
        """Select from a listing: running jobs are stopped first or skipped, the rest deleted."""
        moment = datetime.now(UTC) if now is None else now
        for job in jobs:
            if not self.selection.matches(job, moment):
                continue
            running = int(job.status) in STOPPABLE
            if running and not self.stop_running:
                reason = "running: stop_running (--stop-running) stops it first"
                self._items[job.job_id] = PruneItem(job, PruneOutcome.SKIPPED, reason=reason)
            else:
                self._items[job.job_id] = PruneItem(job, PruneOutcome.PLANNED, stop_first=running)
                if not running:
                    self._ready.append(job.job_id)

    def to_stop(self) -> list[int]:
        return [job_id for job_id, item in self._items.items() if item.stop_first]

    def stopped(self, outcomes: Iterable[tuple[JobId, ModelArtsError | None]]) -> None:
        """Record the stops; a refused stop (already stopping or stopped) still tries the delete."""
        for job_id, error in outcomes:
            key = int(job_id)
            if error is None or isinstance(error, JobStateConflictError):
                self._ready.append(key)
            else:
                self._settle(key, PruneOutcome.FAILED, error)

    def to_delete(self) -> list[int]:
        """The ids to delete now (each handed out once per attempt)."""
        ready, self._ready = self._ready, []
        return ready

    def deleted(self, result: BulkDeleteResult) -> None:
        """Record a ``delete_many`` result: refusals in a settling status wait when asked."""
        for job_id in result.deleted:
            self._done(int(job_id))
        for job_id, error in result.failures.items():
            key = int(job_id)
            if isinstance(error, NotFoundError):
                self._done(key)  # gone already: what the prune wanted
            elif isinstance(error, JobStateConflictError):
                self._refused(key, error)
            else:
                self._settle(key, PruneOutcome.FAILED, error)

    def next_poll(self) -> float | None:
        """Seconds until the settling jobs should be listed again; None when none is waiting
        (after the deadline, those still waiting are reported refused)."""
        if not self._settling:
            return None
        remaining = self._deadline - self._clock()
        if remaining <= 0:
            for job_id in list(self._settling):
                item = self._items[job_id]
                waited = f" (still settling after {self._settle_for:g} s)"
                gave_up = WaitTimeoutError(
                    job_id=str(job_id),
                    waiting_for="settled, to delete it",
                    waited=self._settle_for,
                    last_status=item.job.status,
                )
                self._settle(job_id, PruneOutcome.REFUSED, gave_up, (item.reason or "") + waited)
            return None
        self._tell(None)
        delay = min(self._interval, remaining)
        self._interval = min(self._interval * 1.5, _MAX_POLL_INTERVAL)
        return delay

    def observe(self, jobs: Iterable[VisualizationJob]) -> None:
        """A fresh listing: settling jobs that left their status (or vanished) go to delete."""
        current = {job.job_id: int(job.status) for job in jobs if job.job_id in self._settling}
        for job_id in list(self._settling):
            if current.get(job_id) not in SETTLING:
                self._settling.discard(job_id)
                self._ready.append(job_id)

    def report(self, *, dry_run: bool = False) -> PruneReport:
        """The outcome of every selected job (all PLANNED in a dry run)."""
        return PruneReport(tuple(self._items.values()), dry_run=dry_run, wait=self.wait)

    def _tell(self, item: PruneItem | None) -> None:
        if self._on_progress is None:
            return
        began = self._deadline - self._settle_for  # when the settling wait began (inf: not yet)
        elapsed = max(self._clock() - began, 0.0) if math.isfinite(began) else 0.0
        self._on_progress(PruneProgress(item, tuple(sorted(self._settling)), elapsed))

    def _done(self, job_id: int) -> None:
        refused = self._items[job_id].error is not None
        outcome = PruneOutcome.REFUSED_THEN_DELETED if refused else PruneOutcome.DELETED
        self._items[job_id] = attrs.evolve(self._items[job_id], outcome=outcome)
        self._tell(self._items[job_id])

    def _refused(self, job_id: int, error: JobStateConflictError) -> None:
        status = error.job_status
        reason = _reason(error)
        item = self._items[job_id]
        if self.wait and item.error is None and (status is None or status in SETTLING):
            if not self._settling:
                self._deadline = self._clock() + self._settle_for
            self._settling.add(job_id)
            self._items[job_id] = attrs.evolve(item, reason=reason, error=error)
        else:
            self._settle(job_id, PruneOutcome.REFUSED, error, reason)

    def _settle(
        self,
        job_id: int,
        outcome: PruneOutcome,
        error: ModelArtsError | None,
        reason: str | None = None,
    ) -> None:
        self._settling.discard(job_id)
        text = reason if reason is not None else (None if error is None else _reason(error))
        item = self._items[job_id]
        self._items[job_id] = attrs.evolve(item, outcome=outcome, reason=text, error=error)
        self._tell(self._items[job_id])
