"""The job lifecycle, named once: the documented statuses 0-22 and the groups the SDK, the
conformance tour and the stub reason with.

Each status is a plain ``int`` here (``JobStatus`` is the generated ``IntEnum`` of the same
values; importing it would load the whole generated package, and ``tests/sdk`` holds the two
tables equal). Each group quotes its reason from ``shared/reference/api-facts.md``:

- ``STARTING``: §2 "Being initialized" (1), "Job image being created" (2), "Being submitted"
  (4), "Queuing" (7), "Review being initialized" (18), "Being reviewed" (19): on its way to
  running.
- ``SETTLING``: §2 "Being canceled" (9 KILLING, "the status in the delete failure sample") and
  "Being scaled" (15 SCALING): transitional; §7 "a job in status 9 (being cancelled) cannot be
  deleted (ModelArts.0105)": a delete is refused until they end (``REFUSES_DELETE``).
- ``STOPPABLE``: starting, 8 RUNNING or 15 SCALING: §2 note "stop works on running jobs" (UMN):
  the job holds (and bills) resources until stopped (§7 "Stopping a running job stops
  billing").
- ``ACTIVE``: starting, running or settling: not yet settled, so a stop's wait goes on.
- ``FAILED``: the "... failed" rows of §2 and 14 "Lost": 3, 5, 11, 14, 16, 17, 21, 22. Not
  6 "Deletion failed" (a delete's outcome, not a run's) nor 13 "Canceled", although the list
  page's own grouping names 3, 5, 6 and 13 "failed" (§2 notes).
- ``FINAL``: every documented status outside ``ACTIVE``: nothing happens to the job until a
  new request. 20 CHECK_RUNNING_COMPLETED ("Review completed") is final: completed like 10,
  restartable and not stoppable in the stub. (``_waiting`` counted it active and the
  conformance tour did not; issue 16 settles it here: a stop's wait ends in 20.)
- ``RESTARTABLE``: final and not 0 "Unknown" or 6 "Deletion failed": §2 note "Restart works on
  jobs in Canceled status", extended by the stub to every settled run.
"""

from __future__ import annotations

__all__ = [
    "ACTIVE",
    "DOCUMENTED",
    "FAILED",
    "FINAL",
    "NAMES",
    "REFUSES_DELETE",
    "RESTARTABLE",
    "SETTLING",
    "STARTING",
    "STOPPABLE",
    "is_being_deleted",
]

#: api-facts §2, in order (22 MOUNT_FAILED only in the SDK reference's copy of the table).
NAMES = (
    "UNKNOWN",
    "INIT",
    "IMAGE_CREATING",
    "IMAGE_FAILED",
    "SUBMIT_TRYING",
    "SUBMIT_FAILED",
    "DELETE_FAILED",
    "WAITING",
    "RUNNING",
    "KILLING",
    "COMPLETED",
    "FAILED",
    "KILLED",
    "CANCELED",
    "LOST",
    "SCALING",
    "SUBMIT_MODEL_FAILED",
    "DEPLOY_SERVICE_FAILED",
    "CHECK_INIT",
    "CHECK_RUNNING",
    "CHECK_RUNNING_COMPLETED",
    "CHECK_FAILED",
    "MOUNT_FAILED",
)
(
    UNKNOWN,
    INIT,
    IMAGE_CREATING,
    IMAGE_FAILED,
    SUBMIT_TRYING,
    SUBMIT_FAILED,
    DELETE_FAILED,
    WAITING,
    RUNNING,
    KILLING,
    COMPLETED,
    FAILED_RUN,
    KILLED,
    CANCELED,
    LOST,
    SCALING,
    SUBMIT_MODEL_FAILED,
    DEPLOY_SERVICE_FAILED,
    CHECK_INIT,
    CHECK_RUNNING,
    CHECK_RUNNING_COMPLETED,
    CHECK_FAILED,
    MOUNT_FAILED,
) = range(len(NAMES))

DOCUMENTED = frozenset(range(len(NAMES)))
STARTING = frozenset({INIT, IMAGE_CREATING, SUBMIT_TRYING, WAITING, CHECK_INIT, CHECK_RUNNING})
SETTLING = frozenset({KILLING, SCALING})
REFUSES_DELETE = SETTLING
STOPPABLE = STARTING | {RUNNING, SCALING}
ACTIVE = STARTING | {RUNNING} | SETTLING
FAILED = frozenset(
    {IMAGE_FAILED, SUBMIT_FAILED, FAILED_RUN, LOST, SUBMIT_MODEL_FAILED, DEPLOY_SERVICE_FAILED}
    | {CHECK_FAILED, MOUNT_FAILED}
)
FINAL = DOCUMENTED - ACTIVE
RESTARTABLE = FINAL - {UNKNOWN, DELETE_FAILED}


def is_being_deleted(status: int | None) -> bool:
    """True for 9 KILLING: what a job whose delete was accepted shows until it is gone (a job
    being stopped shows it too: the API cannot tell them apart)."""
    return status == KILLING
