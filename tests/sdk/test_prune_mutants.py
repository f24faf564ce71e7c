"""``jobs.prune``'s books at their edges (survivors of `make mutation` in ``_prune``): an age
exactly at ``older_than``, the status codes at 0 and 22, the poll schedule of the settling
wait, what progress reports, the reason and error given, and which failures are final."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from modelarts_vizjobs import (
    APIConnectionError,
    InternalServerError,
    InvalidParameterError,
    JobStateConflictError,
    ModelArtsError,
    WaitTimeoutError,
)
from modelarts_vizjobs._prune import PruneOutcome, PruneProgress, PruneReport, PruneRun, parse_age
from modelarts_vizjobs._results import BulkDeleteResult, JobId, VisualizationJob

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _job(job_id: int, status: int, age: timedelta | None = None) -> VisualizationJob:
    created = None if age is None else NOW - age
    return VisualizationJob(job_id=job_id, status=status, name="tb", create_time=created)


def _refusal(status: int | None = 9, message: str | None = None) -> JobStateConflictError:
    text = message if message is not None else f"This job can't be delete. job status: {status}"
    return JobStateConflictError(
        status_code=400,
        error_code="ModelArts.0105",
        error_message=text,
        request_id=None,
        body=b"",
    )


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(" 1.5H ", 5400), ("2D", 172800), ("45", 45), ("10s", 10), (7, 7), (2.5, 2.5)],
)
def test_ages_in_any_case_with_decimals_or_as_numbers(value: str | float, seconds: float) -> None:
    assert parse_age(value) == timedelta(seconds=seconds)
    assert parse_age(timedelta(minutes=3)) == timedelta(minutes=3)


@pytest.mark.parametrize("bad", [float("inf"), -0.5, timedelta(seconds=-1)])
def test_an_infinite_or_negative_age_is_refused_naming_it(bad: object) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        parse_age(bad)  # type: ignore[arg-type]
    assert str(caught.value) == f"older_than must be a finite age >= 0, not {bad!r}"


def test_a_job_exactly_as_old_as_older_than_is_selected() -> None:
    run = PruneRun(older_than="1h")
    run.plan([_job(1, 12, timedelta(hours=1)), _job(2, 12, timedelta(minutes=59))], now=NOW)
    assert [item.job.job_id for item in run.report().items] == [1]


def test_status_codes_0_and_22_are_accepted_23_and_minus_1_refused() -> None:
    assert PruneRun(status=[0, 22]).selection.statuses == frozenset({0, 22})
    for bad in (23, -1, True, "8"):
        with pytest.raises(InvalidParameterError) as caught:
            PruneRun(status=[bad])  # type: ignore[list-item]
        assert str(caught.value) == f"status must be job status codes 0-22, not {bad!r}"
    with pytest.raises(InvalidParameterError, match=r"^status must name at least one job status$"):
        PruneRun(status=[])
    with pytest.raises(InvalidParameterError, match=r"^name must be a glob pattern str, not 5$"):
        PruneRun(name=5)  # type: ignore[arg-type]


def test_the_name_glob_is_case_sensitive_and_a_nameless_job_matches_only_star() -> None:
    run = PruneRun(name="tb-*")
    nameless = VisualizationJob(job_id=3, status=12, name=None)
    run.plan([VisualizationJob(job_id=1, status=12, name="TB-x"), nameless], now=NOW)
    assert run.report().items == ()
    everything = PruneRun(name="*")
    everything.plan([nameless], now=NOW)
    assert [item.job.job_id for item in everything.report().items] == [3]


def _two_settling(
    start: float, *, timeout: float, poll_interval: float, second: JobStateConflictError
) -> tuple[PruneRun, list[float], list[PruneProgress]]:
    """A waiting run whose jobs 1 and 2, both 9 KILLING, were refused (2 with *second*), on a
    fake clock set through ``now[0]``; and what it told ``on_progress``."""
    now = [start]
    heard: list[PruneProgress] = []
    run = PruneRun(
        wait=True,
        timeout=timeout,
        poll_interval=poll_interval,
        clock=lambda: now[0],
        on_progress=heard.append,
    )
    run.plan([_job(1, 9), _job(2, 9)], now=NOW)
    run.deleted(BulkDeleteResult(deleted=(), failures={1: _refusal(), 2: second}))
    return run, now, heard


def test_the_settling_wait_polls_grow_by_half_up_to_10_s_and_stop_at_the_deadline() -> None:
    run, now, heard = _two_settling(0.0, timeout=60, poll_interval=4, second=_refusal(None))
    delays = []
    for moment in (0.0, 10.0, 20.0, 55.0):
        now[0] = moment
        delays.append(run.next_poll())
    assert delays == [4.0, 6.0, 9.0, 5.0]  # 13.5 capped at 10, then at the 5 s left
    assert [(p.item, p.settling, p.elapsed) for p in heard] == [
        (None, (1, 2), 0.0),
        (None, (1, 2), 10.0),
        (None, (1, 2), 20.0),
        (None, (1, 2), 55.0),
    ]
    now[0] = 60.0
    assert run.next_poll() is None
    report = run.report()
    assert [item.outcome for item in report.items] == [PruneOutcome.REFUSED] * 2
    assert report.items[0].reason == (
        "ModelArts.0105: This job can't be delete. job status: 9 (still settling after 60 s)"
    )
    assert heard[-1].item is not None and heard[-1].elapsed == 60.0


def test_a_refusal_outside_a_settling_status_is_final_even_with_wait() -> None:
    run = PruneRun(wait=True, clock=lambda: 0.0)
    run.plan([_job(1, 12)], now=NOW)
    run.deleted(BulkDeleteResult(deleted=(), failures={1: _refusal(10)}))
    assert run.next_poll() is None
    (item,) = run.report().refused
    assert item.reason == "ModelArts.0105: This job can't be delete. job status: 10"


def test_a_second_refusal_after_the_wait_is_final() -> None:
    run = PruneRun(wait=True, clock=lambda: 0.0)
    run.plan([_job(1, 9)], now=NOW)
    assert run.to_delete() == [1]
    run.deleted(BulkDeleteResult(deleted=(), failures={1: _refusal()}))
    run.observe([])  # vanished from the listing: try the delete again
    assert run.to_delete() == [1]
    run.deleted(BulkDeleteResult(deleted=(), failures={1: _refusal()}))
    assert run.next_poll() is None
    assert [item.outcome for item in run.report().items] == [PruneOutcome.REFUSED]


def test_a_failed_stop_or_delete_is_a_failure_with_the_services_reason() -> None:
    broken = InternalServerError(
        status_code=500, error_code=None, error_message=None, request_id=None, body=b""
    )
    run = PruneRun(stop_running=True)
    run.plan([_job(1, 8), _job(2, 8), _job(3, 12)], now=NOW)
    run.stopped([(1, broken), (2, _refusal(9))])  # a refused stop still tries the delete
    assert sorted(run.to_delete()) == [2, 3]
    run.deleted(BulkDeleteResult(deleted=(2,), failures={3: broken}))
    report = run.report()
    assert [(i.job.job_id, i.outcome) for i in report.failed] == [
        (1, PruneOutcome.FAILED),
        (3, PruneOutcome.FAILED),
    ]
    assert report.failed[0].reason == str(broken) and report.failed[0].error is broken
    assert report.worst is report.failed[0] and not report.ok
    assert report.counts() == {"deleted": 1, "failed": 2}


def test_outcomes_by_severity_and_an_empty_report() -> None:
    assert [o.severity for o in PruneOutcome] == list(range(6))
    empty = PruneReport((), dry_run=True)
    assert empty.worst is None and empty.ok and empty.counts() == {}
    assert PruneRun(wait=True).report(dry_run=True) == PruneReport((), dry_run=True, wait=True)


def test_the_name_glob_can_ask_for_a_name_a_nameless_job_has_none() -> None:
    run = PruneRun(name="?*")
    run.plan([VisualizationJob(job_id=1, status=12, name=None), _job(2, 12)], now=NOW)
    assert [item.job.job_id for item in run.report().items] == [2]


def test_a_skipped_running_job_says_how_to_include_it() -> None:
    run = PruneRun()
    run.plan([_job(1, 8)], now=NOW)
    (item,) = run.report().skipped
    assert item.reason == "running: stop_running (--stop-running) stops it first"


def test_a_dry_run_plans_every_selected_job_and_a_real_run_says_it_was_not_one() -> None:
    run = PruneRun(stop_running=True)
    run.plan([_job(1, 8), _job(2, 12)], now=NOW)
    planned = run.report(dry_run=True)
    assert [(i.outcome, i.stop_first) for i in planned.items] == [
        (PruneOutcome.PLANNED, True),
        (PruneOutcome.PLANNED, False),
    ]
    assert planned.dry_run and planned.counts() == {"would delete": 2}
    run.stopped([(1, None)])
    run.deleted(BulkDeleteResult(deleted=(2, 1), failures={}))
    done = run.report()
    assert not done.dry_run and done.counts() == {"deleted": 2}


@pytest.mark.parametrize(
    ("argument", "value"), [("timeout", 0), ("timeout", float("nan")), ("poll_interval", -1)]
)
def test_a_bad_timeout_or_poll_interval_is_refused_naming_it(argument: str, value: float) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        PruneRun(**{argument: value})  # type: ignore[arg-type]
    assert str(caught.value) == f"{argument} must be a positive number of seconds, not {value!r}"


def test_progress_tells_each_outcome_with_no_time_waited_before_any_refusal() -> None:
    heard: list[PruneProgress] = []
    run = PruneRun(stop_running=True, wait=True, clock=lambda: 100.0, on_progress=heard.append)
    run.plan([_job(1, 12), _job(2, 8)], now=NOW)
    run.stopped([(2, None)])
    run.deleted(BulkDeleteResult(deleted=(1, 2), failures={}))
    first, second = run.report().items
    assert heard == [PruneProgress(first, (), 0.0), PruneProgress(second, (), 0.0)]
    assert [p.item.outcome for p in heard if p.item] == [PruneOutcome.DELETED] * 2


def test_a_refused_job_carries_the_services_error() -> None:
    refusal = _refusal()
    run = PruneRun()
    run.plan([_job(1, 9)], now=NOW)
    run.deleted(BulkDeleteResult(deleted=(), failures={1: refusal}))
    (item,) = run.report().refused
    assert item.error is refusal
    assert item.reason == "ModelArts.0105: This job can't be delete. job status: 9"


def test_an_error_without_an_answer_fails_the_job_with_its_own_text() -> None:
    lost = APIConnectionError("connection reset", method="POST", url="/stop", request_sent=True)
    stuck = WaitTimeoutError(job_id="2", waiting_for="stopped", waited=5.0, last_status=9)
    run = PruneRun(stop_running=True)
    run.plan([_job(1, 8), _job(2, 8), _job(3, 12)], now=NOW)
    run.stopped([(1, lost), (2, stuck)])
    run.deleted(BulkDeleteResult(deleted=(), failures={3: lost}))
    failed = run.report().failed
    assert [(i.job.job_id, i.reason, i.error) for i in failed] == [
        (1, "connection reset", lost),
        (2, "job 2 not stopped after 5.0s (last status 9)", stuck),
        (3, "connection reset", lost),
    ]


def test_an_error_code_or_message_alone_gives_the_whole_error_text() -> None:
    def broken(code: str | None, message: str | None) -> InternalServerError:
        return InternalServerError(
            status_code=500, error_code=code, error_message=message, request_id="r-9", body=b""
        )

    run = PruneRun()
    run.plan([_job(1, 12), _job(2, 12)], now=NOW)
    failures: dict[JobId, ModelArtsError] = {
        1: broken("ModelArts.0010", None),
        2: broken(None, "Internal error."),
    }
    run.deleted(BulkDeleteResult(deleted=(), failures=failures))
    assert [item.reason for item in run.report().failed] == [
        "HTTP 500 ModelArts.0010 (request id r-9)",
        "HTTP 500 (no error code): Internal error. (request id r-9)",
    ]


def test_jobs_still_settling_at_the_deadline_are_refused_with_a_wait_timeout_error() -> None:
    run, now, heard = _two_settling(100.0, timeout=30, poll_interval=1, second=_refusal())
    now[0] = 129.5
    assert run.next_poll() == 0.5  # half a second left is still waited for
    assert heard == [PruneProgress(None, (1, 2), 29.5)]  # seconds since the first refusal
    now[0] = 130.0
    assert run.next_poll() is None
    assert run.next_poll() is None  # nothing is left waiting: nothing more is told
    report = run.report()
    assert [(p.item and p.item.job.job_id, p.settling, p.elapsed) for p in heard[1:]] == [
        (1, (2,), 30.0),
        (2, (), 30.0),
    ]
    assert [item.job.job_id for item in report.refused] == [1, 2]
    for item in report.refused:
        assert isinstance(item.error, WaitTimeoutError)
        error = item.error
        assert (error.job_id, error.waiting_for, error.waited, error.last_status) == (
            str(item.job.job_id),
            "settled, to delete it",
            30.0,
            9,
        )
        assert item.reason == (
            "ModelArts.0105: This job can't be delete. job status: 9 (still settling after 30 s)"
        )
