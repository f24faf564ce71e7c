"""The retry policy at its documented edges (survivors of `make mutation` in ``_retry``): the
backoff schedule with its jitter, a ``Retry-After`` exactly at the cap, and a date that only
looks like one."""

from __future__ import annotations

import httpx
import pytest

from modelarts_vizjobs import InternalServerError, ModelArtsVizJobs, RetryPolicy
from modelarts_vizjobs._retry import retry_after_seconds
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import stub_options


@pytest.mark.parametrize("retries_done", range(7))
def test_backoff_doubles_from_half_a_second_up_to_8_s_and_jitter_only_shortens_it(
    retries_done: int,
) -> None:
    """0.5 s, 1 s, 2 s, ... 8 s, each reduced by up to 25 % (the module's documented policy)."""
    nominal = min(0.5 * 2**retries_done, 8.0)
    delays = [RetryPolicy().backoff(retries_done) for _ in range(200)]
    assert all(0.75 * nominal <= delay <= nominal for delay in delays)
    assert min(delays) < 0.95 * nominal  # the jitter does spread the retries


def test_a_retry_after_exactly_at_the_cap_is_waited_for(modelarts_stub: StubHandle) -> None:
    """``max_retry_after`` is "at most": an answer asking for exactly that long is retried."""
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=1, count=1)
    policy = RetryPolicy(initial_delay=0.01, max_delay=0.05, max_retry_after=1.0)
    with ModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=policy) as client:
        assert client.jobs.get(job).job_id == job
    statuses = [entry.status for entry in modelarts_stub.backend.journal]
    assert statuses == [503, 200]


def test_a_retry_after_over_the_cap_ends_the_call_at_once(modelarts_stub: StubHandle) -> None:
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=2, count=1)
    policy = RetryPolicy(initial_delay=0.01, max_delay=0.05, max_retry_after=1.0)
    with (
        ModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=policy) as client,
        pytest.raises(InternalServerError),
    ):
        client.jobs.get(job)
    assert [entry.status for entry in modelarts_stub.backend.journal] == [503]


def test_an_impossible_date_in_the_last_year_a_datetime_holds_is_no_retry_after() -> None:
    """31 February 9999 is not a date (ignored: the backoff applies), unlike a year past 9999,
    which is "longer than any cap"."""
    assert (
        retry_after_seconds(httpx.Headers({"Retry-After": "Thu, 31 Feb 9999 08:49:37 GMT"})) is None
    )
