"""``wait=True``: when an asynchronous operation has finished, and how long to poll for it.

Create, delete, stop and restart only *accept* the work; the job's status is then read with the
details operation (pages modelarts_03_0066/0068). A goal says which reading ends the wait:

- ``GONE`` (delete): details answer 404 ``ModelArts.0102``;
- ``STOPPED`` (stop): the status has left ``_lifecycle.ACTIVE`` (starting, running or
  settling), e.g. 12 KILLED, 10 COMPLETED, 11 FAILED, 20 CHECK_RUNNING_COMPLETED;
- ``RUNNING`` (restart): 8 RUNNING, or a status of ``_lifecycle.FAILED``, or a code outside
  the documented table. A job still showing its old stopped status keeps the wait
  going (the server may not have picked the restart up yet).

Polls start at ``poll_interval`` and grow by half each time up to 10 s, never past the
deadline; the deadline passing raises ``WaitTimeoutError``.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import _lifecycle
from ._errors import APITimeoutError, ModelArtsError, WaitTimeoutError

if TYPE_CHECKING:
    from ._results import VisualizationJob

__all__ = ["DEFAULT_POLL_INTERVAL", "DEFAULT_WAIT_TIMEOUT", "Goal", "Waiter"]

DEFAULT_POLL_INTERVAL = 1.0
#: How long ``wait=True`` waits when the call has no ``timeout=``.
DEFAULT_WAIT_TIMEOUT = 300.0
_MAX_POLL_INTERVAL = 10.0


class Goal(enum.Enum):
    GONE = "deleted"
    STOPPED = "stopped"
    RUNNING = "running"


@dataclass
class Waiter:
    """Polling bookkeeping of one wait (sans I/O, shared by the sync and async resources)."""

    job_id: str
    goal: Goal
    deadline: float
    interval: float
    started: float = field(default_factory=time.monotonic)
    last: VisualizationJob | None = None

    @classmethod
    def until(cls, job_id: str, goal: Goal, deadline: float | None, interval: float) -> Waiter:
        """A wait for *goal*; no deadline means ``DEFAULT_WAIT_TIMEOUT`` from now."""
        if deadline is None:
            deadline = time.monotonic() + DEFAULT_WAIT_TIMEOUT
        return cls(job_id, goal, deadline, interval)

    def clipped_by_deadline(self, error: ModelArtsError) -> bool:
        """Whether a poll timed out because the wait's deadline clipped its timeouts."""
        return isinstance(error, APITimeoutError) and self.deadline - time.monotonic() < 0.05

    def reached(self, job: VisualizationJob) -> bool:
        """Whether this reading of the job ends the wait (GONE is reached by a 404 instead)."""
        self.last = job
        status = int(job.status)
        if self.goal is Goal.STOPPED:
            return status not in _lifecycle.ACTIVE
        if self.goal is Goal.RUNNING:
            return (
                status == _lifecycle.RUNNING
                or status in _lifecycle.FAILED
                or status not in _lifecycle.DOCUMENTED
            )
        return False

    def next_delay(self) -> float:
        """Seconds until the next poll; WaitTimeoutError when the deadline leaves no time."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise self.timed_out()
        delay = min(self.interval, remaining)
        self.interval = min(self.interval * 1.5, _MAX_POLL_INTERVAL)
        return delay

    def timed_out(self) -> WaitTimeoutError:
        return WaitTimeoutError(
            job_id=self.job_id,
            waiting_for=self.goal.value,
            waited=time.monotonic() - self.started,
            last_status=None if self.last is None else self.last.status,
        )
