"""The one rule for answers (issue 10): whatever status, headers and bytes arrive, every facade
call, sync and async, ends in a result or a ``ModelArtsError`` subclass, never another
exception and never a hang. The facade runs its real generated client over
``httpx.MockTransport``: no server can be made to send these answers on demand."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    APIResponseValidationError,
    APIStatusError,
    AsyncModelArtsVizJobs,
    ModelArtsError,
    ModelArtsVizJobs,
    RetryPolicy,
)
from modelarts_vizjobs._error_translation import status_class
from tests.sdk._helpers import async_mock_client, mock_client
from tests.strategies import ANSWER_STATUSES, answer_bodies, answer_headers

#: Retries allowed but instant: Retry-After over 10 ms ends the call instead of sleeping.
INSTANT = RetryPolicy(initial_delay=0.001, max_delay=0.002, max_retry_after=0.01)
#: More requests than any call may make (list stops at the first page it cannot trust).
RUNAWAY = 50

#: Every call but list, written once: on the async client each returns an awaitable.
CALLS: dict[str, Callable[[Any], Any]] = {
    "create": lambda c: c.jobs.create(job_name="viz", train_url="/bucket/logs/"),
    "get": lambda c: c.jobs.get(7),
    "update": lambda c: c.jobs.update("7", "description"),
    "delete": lambda c: c.jobs.delete(7),
    "stop": lambda c: c.jobs.stop(7),
    "restart": lambda c: c.jobs.restart(7),
    "delete_many": lambda c: c.jobs.delete_many([7, "8"], concurrency=2),
}
OPERATIONS = sorted([*CALLS, "list"])


def _drain(client: ModelArtsVizJobs) -> list[object]:
    return list(itertools.islice(client.jobs.list(page_size=1), RUNAWAY))


async def _drain_async(client: AsyncModelArtsVizJobs) -> list[object]:
    return [job async for job in client.jobs.list(page_size=1)][:RUNAWAY]


def answering(status: int, headers: dict[str, str], body: bytes) -> Callable[..., httpx.Response]:
    """A handler giving the same answer to every request, failing the test on a runaway."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        assert len(sent) <= RUNAWAY, "the call does not end"
        return httpx.Response(status, headers=headers, content=body)

    return handler


def sync_outcome(operation: str, handler: Callable[..., httpx.Response], **options: Any) -> object:
    """The call's result or its ModelArtsError; any other exception fails the test."""
    with mock_client(handler, **options) as client:
        try:
            return _drain(client) if operation == "list" else CALLS[operation](client)
        except ModelArtsError as error:
            return error


def async_outcome(operation: str, handler: Callable[..., httpx.Response], **options: Any) -> object:
    async def run() -> object:
        async with async_mock_client(handler, **options) as client:
            try:
                call = _drain_async if operation == "list" else CALLS[operation]
                result: Awaitable[object] = call(client)
                return await result
            except ModelArtsError as error:
                return error

    return asyncio.run(run())


answers = st.tuples(
    st.one_of(st.sampled_from(ANSWER_STATUSES), st.integers(min_value=100, max_value=599)),
    answer_headers(),
    answer_bodies(),
)
OUTCOMES = {"sync": sync_outcome, "async": async_outcome}


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operation=st.sampled_from(OPERATIONS), answer=answers, retries=st.sampled_from((0, 1)))
def test_any_answer_to_any_call_is_a_result_or_a_modelarts_error(
    mode: str, operation: str, answer: tuple[int, dict[str, str], bytes], retries: int
) -> None:
    OUTCOMES[mode](operation, answering(*answer), max_retries=retries, retry_policy=INSTANT)


# --- the cases of issue 10, one regression test each ------------------------------------------

DEEP = b"[" * 1000 + b"]" * 1000


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@pytest.mark.parametrize("status", [200, 400, 502])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_regression_a_thousand_nested_brackets_are_refused_by_status(
    mode: str, status: int, operation: str
) -> None:
    """Was RecursionError from the error-body re-parse in ``_error_translation._error_fields``;
    a 2xx is unusable, an error status keeps its class and names the problem."""
    handler = answering(status, {"x-request-id": "req-deep"}, DEEP)
    error = _single_error(OUTCOMES[mode](operation, handler))
    assert isinstance(error, APIResponseValidationError | APIStatusError)
    assert error.status_code == status and error.request_id == "req-deep"
    if isinstance(error, APIStatusError):
        assert type(error) is status_class(status) and error.error_code is None
        assert error.body_problem is not None and "nests deeper" in error.body_problem
    else:
        assert status == 200 and "nests deeper" in error.reason


def test_regression_deep_nesting_in_an_unknown_field_of_a_success_is_refused() -> None:
    """Within the parser's recursion but over the SDK's bound: refused, not half-used."""
    body = b'{"is_success": true, "extra": ' + b"[" * 100 + b"]" * 100 + b"}"
    error = sync_outcome("delete", answering(200, {}, body))
    assert isinstance(error, APIResponseValidationError) and "nests deeper" in error.reason


LONG = "1" * 4301


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@pytest.mark.parametrize("field", ["job_id", "create_time", "duration"])
@pytest.mark.parametrize("operation", ["get", "list"])
def test_regression_numeric_strings_of_4301_digits_are_a_validation_error(
    mode: str, field: str, operation: str
) -> None:
    """Was a bare ValueError from Python's int-string limit in ``_results._integer``."""
    job = {"job_id": 7, "status": 8, "create_time": 1, "duration": 1, field: LONG}
    body = httpx.Response(200, json={"is_success": True, "job_total_count": 1, "jobs": [job]})
    if operation == "get":
        body = httpx.Response(200, json={"is_success": True, **job})
    error = OUTCOMES[mode](operation, answering(200, {}, body.content))
    assert isinstance(error, APIResponseValidationError) and field in error.reason


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
@pytest.mark.parametrize("jobs", [{}, "", {"job_id": 1}, [1, 2], None])
def test_regression_jobs_that_is_not_an_array_of_objects_is_a_validation_error(
    mode: str, jobs: object
) -> None:
    """``"jobs": {}`` and ``""`` were taken as an empty page."""
    body = httpx.Response(200, json={"is_success": True, "job_total_count": 0, "jobs": jobs})
    error = OUTCOMES[mode]("list", answering(200, {}, body.content))
    assert isinstance(error, APIResponseValidationError)


@pytest.mark.parametrize("schedule", [{}, "", {"type": "stop"}, ["stop"]])
def test_regression_schedule_that_is_not_an_array_of_objects_is_a_validation_error(
    schedule: object,
) -> None:
    body = httpx.Response(200, json={"job_id": 7, "status": 8, "schedule": schedule})
    error = sync_outcome("get", answering(200, {}, body.content))
    assert isinstance(error, APIResponseValidationError)


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
def test_regression_the_same_page_forever_with_a_huge_total_stops(mode: str) -> None:
    """Was still paging after 2,000 pages of the same 10 ids."""
    jobs = [{"job_id": n, "status": 8} for n in range(10)]
    page = {"is_success": True, "job_total_count": 10**9, "jobs": jobs}
    handler = answering(200, {}, httpx.Response(200, json=page).content)
    call = {"sync": _list_all_sync, "async": _list_all_async}[mode]
    seen, error = call(handler, page_size=10)
    assert [job.job_id for job in seen] == list(range(10))
    assert isinstance(error, APIResponseValidationError) and "repeats" in error.reason


def _list_all_sync(handler: Callable[..., httpx.Response], **query: Any) -> tuple[list[Any], Any]:
    seen: list[Any] = []
    with mock_client(handler) as client:
        try:
            for job in client.jobs.list(**query):
                seen.append(job)
        except ModelArtsError as error:
            return seen, error
    return seen, None


def _list_all_async(handler: Callable[..., httpx.Response], **query: Any) -> tuple[list[Any], Any]:
    async def run() -> tuple[list[Any], Any]:
        seen: list[Any] = []
        async with async_mock_client(handler) as client:
            try:
                async for job in client.jobs.list(**query):
                    seen.append(job)
            except ModelArtsError as error:
                return seen, error
        return seen, None

    return asyncio.run(run())


@pytest.mark.parametrize("mode", sorted(OUTCOMES))
def test_regression_garbage_gzip_over_a_mock_transport_is_a_validation_error(mode: str) -> None:
    handler = answering(200, {"content-encoding": "gzip"}, b"garbage")
    assert isinstance(OUTCOMES[mode]("get", handler), APIResponseValidationError)


def _single_error(outcome: object) -> object:
    """The error of a call, or of the first id of a ``delete_many``."""
    failures = getattr(outcome, "failures", None)
    if failures is not None:
        return next(iter(failures.values()))
    return outcome
