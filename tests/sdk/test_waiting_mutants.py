"""``wait=True`` at its documented edges (survivors of `make mutation` in ``_waiting``): the poll
schedule, the default deadline, which readings end a restart's wait, what a ``WaitTimeoutError``
reports, and a poll timing out before or because of the wait's deadline."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from modelarts_vizjobs import APITimeoutError, VisualizationJob, WaitTimeoutError
from modelarts_vizjobs._waiting import DEFAULT_WAIT_TIMEOUT, Goal, Waiter
from tests.sdk._helpers import mock_client

JOB = {"job_id": 10, "job_name": "a", "create_time": 1565149736000}


def _job(status: int) -> VisualizationJob:
    return VisualizationJob(job_id=10, status=status)


def _stopping(readings: Iterator[int | Exception]) -> Callable[[httpx.Request], httpx.Response]:
    """Accepts the stop, then answers each details poll with the next status (or raises)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            return httpx.Response(200, json={"is_success": True})
        reading = next(readings)
        if isinstance(reading, Exception):
            raise reading
        return httpx.Response(200, json={"is_success": True, **JOB, "status": reading})

    return handler


def test_polls_start_at_the_interval_and_grow_by_half_up_to_10_s() -> None:
    waiter = Waiter("10", Goal.STOPPED, deadline=time.monotonic() + 3600, interval=1.0)
    delays = [waiter.next_delay() for _ in range(8)]
    assert delays == pytest.approx([1.0, 1.5, 2.25, 3.375, 5.0625, 7.59375, 10.0, 10.0])


def test_a_poll_never_waits_past_the_deadline() -> None:
    waiter = Waiter("10", Goal.STOPPED, deadline=time.monotonic() + 0.5, interval=5.0)
    assert 0.4 < waiter.next_delay() <= 0.5


def test_without_a_deadline_a_wait_lasts_the_default_300_s() -> None:
    before = time.monotonic()
    waiter = Waiter.until("10", Goal.GONE, None, 1.0)
    after = time.monotonic()
    assert before + DEFAULT_WAIT_TIMEOUT <= waiter.deadline <= after + DEFAULT_WAIT_TIMEOUT


@pytest.mark.parametrize(("status", "ends"), [(8, True), (11, True), (3, True), (99, True)])
def test_a_restart_wait_ends_on_running_on_a_failure_or_on_an_unknown_status(
    status: int, ends: bool
) -> None:
    assert Waiter.until("10", Goal.RUNNING, None, 1.0).reached(_job(status)) is ends


@pytest.mark.parametrize("status", [12, 10, 1, 7])
def test_a_restart_wait_goes_on_while_the_job_is_stopped_or_starting(status: int) -> None:
    assert Waiter.until("10", Goal.RUNNING, None, 1.0).reached(_job(status)) is False


def test_a_wait_timeout_reports_the_goal_the_time_waited_and_the_last_status() -> None:
    waiter = Waiter.until("10", Goal.STOPPED, None, 1.0)
    error = waiter.timed_out()
    assert (error.job_id, error.waiting_for, error.last_status) == ("10", "stopped", None)
    assert 0 <= error.waited < 5
    waiter.reached(_job(9))
    assert waiter.timed_out().last_status == 9


def test_a_wait_with_time_left_under_a_second_still_polls_again() -> None:
    handler = _stopping(iter([9, 12]))
    with mock_client(handler) as client:
        job = client.jobs.stop(10, wait=True, timeout=0.8, poll_interval=0.01)
    assert job is not None and job.status == 12


def test_a_poll_that_times_out_on_its_own_is_a_timeout_not_the_waits_end() -> None:
    """Half a second left: the read timeout is the network's, and says so."""
    handler = _stopping(iter([httpx.ReadTimeout("read timed out")]))
    with mock_client(handler) as client, pytest.raises(APITimeoutError) as caught:
        client.jobs.stop(10, wait=True, timeout=0.5, poll_interval=0.01)
    assert not isinstance(caught.value, WaitTimeoutError)


def test_a_poll_cut_short_by_the_waits_deadline_ends_the_wait() -> None:
    def late_timeout() -> Iterator[int | Exception]:
        yield 9
        time.sleep(0.3)  # the poll's timeout was clipped to what was left of the wait
        yield httpx.ReadTimeout("read timed out")

    with mock_client(_stopping(late_timeout())) as client, pytest.raises(WaitTimeoutError) as w:
        client.jobs.stop(10, wait=True, timeout=0.25, poll_interval=0.01)
    assert (w.value.waiting_for, w.value.last_status) == ("stopped", 9)
