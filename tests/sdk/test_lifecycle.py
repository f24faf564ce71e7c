"""The one lifecycle vocabulary (``_lifecycle``) against the generated ``JobStatus`` and its
users: waiting, prune, the conformance tour and the stub read the same groups."""

from __future__ import annotations

import time

from modelarts_vizjobs import JobStatus, VisualizationJob
from modelarts_vizjobs import _lifecycle as lifecycle
from modelarts_vizjobs._waiting import Goal, Waiter
from modelarts_vizjobs.stub.models import RESTARTABLE, STOPPABLE, UNDELETABLE


def test_the_names_are_the_generated_job_statuses() -> None:
    assert tuple(status.name for status in JobStatus) == lifecycle.NAMES
    assert frozenset(JobStatus) == lifecycle.DOCUMENTED


def test_every_documented_status_is_active_or_final_never_both() -> None:
    assert lifecycle.ACTIVE | lifecycle.FINAL == lifecycle.DOCUMENTED
    assert not lifecycle.ACTIVE & lifecycle.FINAL
    assert lifecycle.FAILED <= lifecycle.FINAL
    assert lifecycle.STOPPABLE <= lifecycle.ACTIVE


def test_review_completed_is_final_for_waiting_and_the_stub() -> None:
    """The old disagreement: _waiting held 20 active, the conformance tour did not."""
    settled = JobStatus.CHECK_RUNNING_COMPLETED
    assert settled in lifecycle.FINAL and settled in RESTARTABLE and settled not in STOPPABLE
    waiter = Waiter("7", Goal.STOPPED, deadline=time.monotonic() + 1, interval=0.1)
    assert waiter.reached(VisualizationJob(job_id=7, status=settled))
    assert not waiter.reached(VisualizationJob(job_id=7, status=JobStatus.KILLING))


def test_the_stub_refuses_delete_exactly_in_the_settling_statuses() -> None:
    assert UNDELETABLE == {JobStatus.KILLING, JobStatus.SCALING} == lifecycle.REFUSES_DELETE
