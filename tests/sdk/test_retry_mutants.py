"""The retry policy at its documented edges (survivors of `make mutation` in ``_retry``): the
backoff schedule with its jitter, a ``Retry-After`` exactly at the cap, and a date that only
looks like one."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

import httpx
import pytest

from modelarts_vizjobs import (
    APIStatusError,
    ConfigurationError,
    InternalServerError,
    InvalidParameterError,
    JobStateConflictError,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
    RetryPolicy,
    _signing,
)
from modelarts_vizjobs._retry import RetryState, retry_after_seconds
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import mock_client, stub_options


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


def _answers(*statuses: int) -> tuple[list[int], Callable[[httpx.Request], httpx.Response]]:
    """A server answering *statuses* in turn (a ModelArts error body), then 200 with a job."""
    seen: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(len(seen))
        if len(seen) <= len(statuses):
            status = statuses[len(seen) - 1]
            code = "ModelArts.0102" if status == 404 else "ModelArts.0010"
            body = {"is_success": False, "error_code": code, "error_message": "no"}
            return httpx.Response(status, json=body)
        return httpx.Response(200, json={"is_success": True, "job_id": 1, "status": 8})

    return seen, handler


@pytest.mark.parametrize("status", [408, 500, 502, 504])
def test_a_read_is_retried_after_a_408_or_any_5xx(status: int) -> None:
    seen, handler = _answers(status)
    with mock_client(handler, max_retries=1) as client:
        assert client.jobs.get(1).job_id == 1
    assert len(seen) == 2


@pytest.mark.parametrize("status", [400, 409])
def test_a_read_is_not_retried_after_another_4xx(status: int) -> None:
    seen, handler = _answers(status)
    with mock_client(handler, max_retries=1) as client, pytest.raises(APIStatusError):
        client.jobs.get(1)
    assert len(seen) == 1


def test_a_delete_answered_500_then_404_may_have_been_done_and_succeeds() -> None:
    seen, handler = _answers(500, 404)
    with mock_client(handler, max_retries=1) as client:
        client.jobs.delete(1)
    assert len(seen) == 2


def test_a_first_refusal_of_a_delete_is_an_error(modelarts_stub: StubHandle) -> None:
    """Nothing was sent before: a 404, or a refusal in 9 KILLING, is the caller's answer."""
    killing = modelarts_stub.backend.seed(modelarts_stub.project_id, status=9)
    with ModelArtsVizJobs(**stub_options(modelarts_stub)) as client:
        with pytest.raises(NotFoundError):
            client.jobs.delete(4242)
        with pytest.raises(JobStateConflictError):
            client.jobs.delete(killing)


def test_a_64_byte_secret_key_is_used_as_is_like_hmac() -> None:
    """RFC 2104: only a key longer than the block (64 bytes) is hashed first."""
    secret = "k" * 64
    canonical = "GET\n/\n\n"
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    message = f"{_signing.ALGORITHM}\n20261205T000000Z\n{digest}".encode()
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    assert _signing.sign(_signing.SigningKey(secret), "20261205T000000Z", canonical) == expected


@pytest.mark.parametrize(
    "error",
    [ModelArtsError("no kind"), InvalidParameterError("bad id"), ConfigurationError("no key")],
    ids=["base", "parameter", "configuration"],
)
def test_an_error_with_no_status_that_is_not_a_connection_error_is_final(
    error: ModelArtsError,
) -> None:
    """The retry state retries what it can place: a connection error (by whether the request
    went out) or an answer's status. Anything else is final and says nothing of the server,
    even for an idempotent call with retries left (no such error reaches it through the
    clients today: this holds the rule for the next one)."""
    state = RetryState(RetryPolicy(), max_retries=3, idempotent=True)
    assert state.next_delay(error) is None
    assert (state.retries, state.maybe_processed) == (0, False)
