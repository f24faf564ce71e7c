"""``jobs.prune``: the sans-I/O books (``_prune``) and both drivers on the real stub."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    InvalidParameterError,
    JobStateConflictError,
    ModelArtsVizJobs,
    NotFoundError,
)
from modelarts_vizjobs._prune import PruneOutcome, PruneRun, parse_age
from modelarts_vizjobs._results import BulkDeleteResult, VisualizationJob
from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY_MS = 86_400_000


def job(
    job_id: int, status: int, name: str = "tb", age: timedelta | None = None
) -> VisualizationJob:
    created = None if age is None else NOW - age
    return VisualizationJob(job_id=job_id, status=status, name=name, create_time=created)


def killing_refusal() -> JobStateConflictError:
    return JobStateConflictError(
        status_code=400,
        error_code="ModelArts.0105",
        error_message="This job can't be delete. job status: 9",
        request_id="r-1",
        body=b"",
    )


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("12h", 43200), ("30m", 1800), ("2d", 172800), ("1w", 604800), ("0s", 0), ("90", 90)],
)
def test_ages_read_as_the_cli_writes_them(text: str, seconds: int) -> None:
    assert parse_age(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("bad", ["", "12x", "-1h", "h", float("nan"), -5, True, None])
def test_a_bad_age_is_a_clear_parameter_error(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="older_than"):
        parse_age(bad)  # type: ignore[arg-type]


def test_selection_needs_every_criterion_and_a_known_age() -> None:
    run = PruneRun(status=[10, 12], name="tb-*", older_than="1d")
    run.plan(
        [
            job(1, 10, "tb-old", timedelta(days=2)),
            job(2, 10, "tb-new", timedelta(hours=1)),
            job(3, 8, "tb-running", timedelta(days=2)),
            job(4, 12, "mi-old", timedelta(days=2)),
            job(5, 12, "tb-unknown-age"),
        ],
        now=NOW,
    )
    assert [item.job.job_id for item in run.report().items] == [1]
    assert run.list_status is None
    assert PruneRun(status=8).list_status == 8


def test_running_jobs_are_skipped_with_a_reason_unless_stopped_first() -> None:
    jobs = [job(1, 8), job(2, 10)]
    kept = PruneRun()
    kept.plan(jobs, now=NOW)
    assert kept.to_stop() == []
    assert kept.to_delete() == [2]
    (skipped,) = kept.report().skipped
    assert skipped.job.job_id == 1 and "stop_running" in (skipped.reason or "")

    stopping = PruneRun(stop_running=True)
    stopping.plan(jobs, now=NOW)
    assert stopping.to_stop() == [1]
    stopping.stopped([(1, None)])
    assert sorted(stopping.to_delete()) == [1, 2]


def test_without_wait_a_killing_job_is_refused_with_the_services_reason() -> None:
    run = PruneRun()
    run.plan([job(1, 9), job(2, 12)], now=NOW)
    run.deleted(BulkDeleteResult(deleted=(2,), failures={1: killing_refusal()}))
    assert run.next_poll() is None
    report = run.report()
    (refused,) = report.refused
    assert refused.reason == "ModelArts.0105: This job can't be delete. job status: 9"
    assert report.worst is refused and not report.ok
    assert report.counts() == {"refused": 1, "deleted": 1}


def test_with_wait_a_refused_job_is_deleted_once_it_has_left_killing() -> None:
    run = PruneRun(wait=True, poll_interval=0.5, clock=lambda: 0.0)
    run.plan([job(1, 9)], now=NOW)
    assert run.to_delete() == [1]
    run.deleted(BulkDeleteResult(deleted=(), failures={1: killing_refusal()}))
    assert run.next_poll() == 0.5
    run.observe([job(1, 9)])  # still KILLING
    assert run.to_delete() == []
    run.observe([job(1, 12)])  # KILLED
    assert run.to_delete() == [1]
    run.deleted(BulkDeleteResult(deleted=(1,), failures={}))
    assert run.next_poll() is None
    (item,) = run.report().items
    assert item.outcome is PruneOutcome.REFUSED_THEN_DELETED
    assert "job status: 9" in (item.reason or "")


def test_a_job_still_killing_at_the_deadline_is_refused_not_lost() -> None:
    moments = iter([0.0, 1.0, 99.0])
    run = PruneRun(wait=True, timeout=5, clock=lambda: next(moments))
    run.plan([job(1, 9)], now=NOW)
    run.deleted(BulkDeleteResult(deleted=(), failures={1: killing_refusal()}))
    assert run.next_poll() is not None
    assert run.next_poll() is None
    (item,) = run.report().refused
    assert item.reason and item.reason.endswith("(still settling after 5 s)")


def test_a_job_gone_before_its_delete_counts_as_deleted() -> None:
    gone = NotFoundError(
        status_code=404,
        error_code="ModelArts.0102",
        error_message="gone",
        request_id=None,
        body=b"",
    )
    run = PruneRun()
    run.plan([job(1, 12)], now=NOW)
    run.deleted(BulkDeleteResult(deleted=(), failures={1: gone}))
    assert [item.outcome for item in run.report().items] == [PruneOutcome.DELETED]


@pytest.mark.parametrize(
    "arguments",
    [{"status": 23}, {"status": []}, {"name": 5}, {"concurrency": 0}, {"poll_interval": 0}],
)
def test_bad_arguments_fail_before_anything_is_sent(arguments: dict[str, object]) -> None:
    with pytest.raises(InvalidParameterError):
        PruneRun(**arguments)  # type: ignore[arg-type]


def _seed_demo(stub: StubHandle) -> dict[str, int]:
    """Old jobs in telling states, and one too young to go."""
    old = {"create_time": 1_700_000_000_000}
    seed = stub.backend.seed
    return {
        "running": seed(stub.project_id, status=8, job_name="tb-running", **old),
        "completed": seed(stub.project_id, status=10, job_name="mi-completed", **old),
        "killing": seed(stub.project_id, status=9, job_name="tb-stopping", **old),
        "young": seed(stub.project_id, status=12, job_name="tb-young"),
    }


def _sent(stub: StubHandle) -> list[str]:
    return [entry.method for entry in stub.backend.journal]


def test_dry_run_lists_the_plan_and_sends_nothing_but_the_listing(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    ids = _seed_demo(modelarts_stub)
    report = client.jobs.prune(older_than="1d", stop_running=True, dry_run=True)
    assert report.dry_run
    planned = {item.job.job_id: item.stop_first for item in report.items}
    assert planned == {ids["running"]: True, ids["completed"]: False, ids["killing"]: False}
    assert set(_sent(modelarts_stub)) == {"GET"}


def test_prune_stops_then_deletes_and_reports_the_killing_job_refused(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    ids = _seed_demo(modelarts_stub)
    report = client.jobs.prune(
        older_than="1d", stop_running=True, wait=True, timeout=0.3, poll_interval=0.05
    )
    assert {item.job.job_id for item in report.deleted} == {ids["running"], ids["completed"]}
    (refused,) = report.refused
    assert refused.job.job_id == ids["killing"] and "job status: 9" in (refused.reason or "")
    assert [job.job_id for job in client.jobs.list()] == [ids["killing"], ids["young"]]


def test_a_job_leaving_killing_is_refused_then_deleted_leaving_an_empty_project(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(2))
    stopping = modelarts_stub.backend.seed(modelarts_stub.project_id, status=8)
    other = modelarts_stub.backend.seed(modelarts_stub.project_id, status=10)
    client.jobs.stop(stopping)  # KILLING until two reads have seen it
    report = client.jobs.prune(stop_running=True, wait=True, timeout=30, poll_interval=0.01)
    outcomes = {item.job.job_id: item.outcome for item in report.items}
    assert outcomes == {
        stopping: PruneOutcome.REFUSED_THEN_DELETED,
        other: PruneOutcome.DELETED,
    }
    assert report.ok and list(client.jobs.list()) == []


def test_an_injected_fault_fails_one_job_and_the_others_go_on(
    modelarts_stub: StubHandle,
) -> None:
    first = modelarts_stub.backend.seed(modelarts_stub.project_id, status=10)
    second = modelarts_stub.backend.seed(modelarts_stub.project_id, status=10)
    # every second request fails once: the listing passes, the first delete gets the 500
    modelarts_stub.backend.faults.inject("status", status=500, ratio=0.5, count=1)
    options = stub_options(modelarts_stub)
    with ModelArtsVizJobs(**options, retry_policy=FAST, max_retries=0) as client:
        report = client.jobs.prune(concurrency=1)
    (failed,) = report.failed
    assert failed.job.job_id == first and failed.reason == "ModelArts.0010: Internal error."
    assert [item.job.job_id for item in report.deleted] == [second]
    assert report.worst is failed


def test_the_async_driver_reaches_the_same_outcomes(modelarts_stub: StubHandle) -> None:
    ids = _seed_demo(modelarts_stub)

    async def prune() -> list[tuple[int, PruneOutcome]]:
        options = stub_options(modelarts_stub)
        async with AsyncModelArtsVizJobs(**options, retry_policy=FAST) as client:
            report = await client.jobs.prune(
                name="tb-*",
                older_than=timedelta(days=1),
                stop_running=True,
                wait=True,
                timeout=0.3,
                poll_interval=0.05,
            )
        return [(item.job.job_id, item.outcome) for item in report.items]

    assert sorted(asyncio.run(prune())) == sorted(
        [(ids["running"], PruneOutcome.DELETED), (ids["killing"], PruneOutcome.REFUSED)]
    )
    assert modelarts_stub.backend.get_job(modelarts_stub.project_id, str(ids["young"]))
