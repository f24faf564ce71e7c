"""``_retry``: retries, backoff, Retry-After and deadlines against the stub's fault injection
(503/429 with Retry-After, dropped connections, latency over the read timeout). Every call ends
in success or a documented exception within its deadline, and a create is never duplicated."""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from modelarts_vizjobs import (
    APIConnectionError,
    APITimeoutError,
    AsyncModelArtsVizJobs,
    InternalServerError,
    JobStateConflictError,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
)
from modelarts_vizjobs._retry import retry_after_seconds
from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, async_mock_client, mock_client, stub_options


def _requests(stub: StubHandle, method: str) -> list[Any]:
    return [entry for entry in stub.backend.journal if entry.method == method]


def _drain(stub: StubHandle, method: str, count: int) -> list[Any]:
    """The journal's *method* entries once *count* are in: a request the client gave up on is
    still answered, late, by the server; waiting keeps it out of the next test's journal."""
    give_up = time.monotonic() + 5
    while len(_requests(stub, method)) < count and time.monotonic() < give_up:
        time.sleep(0.02)
    return _requests(stub, method)


@pytest.fixture
def seen() -> list[httpx.Request]:
    """Requests as they left the client, signed (recorded by an event hook of the caller's
    own httpx client, which runs after the auth flow)."""
    return []


@pytest.fixture
def watched(modelarts_stub: StubHandle, seen: list[httpx.Request]) -> Iterator[ModelArtsVizJobs]:
    http = httpx.Client(event_hooks={"request": [seen.append]})
    with ModelArtsVizJobs(
        **stub_options(modelarts_stub), http_client=http, retry_policy=FAST
    ) as facade:
        yield facade


def test_503_is_retried_and_every_attempt_is_signed_afresh(
    watched: ModelArtsVizJobs, modelarts_stub: StubHandle, seen: list[httpx.Request]
) -> None:
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=1, count=1)
    started = time.monotonic()
    assert watched.jobs.get(job).job_id == job
    assert time.monotonic() - started >= 1.0  # Retry-After honoured
    assert [entry.status for entry in _requests(modelarts_stub, "GET")] == [503, 200]
    dates = [request.headers["X-Sdk-Date"] for request in seen]
    signatures = [request.headers["Authorization"] for request in seen]
    assert len(set(dates)) == 2 and len(set(signatures)) == 2


def test_429_is_retried_for_a_create_which_is_not_duplicated(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("status", status=429, retry_after=0, count=2)
    created = client.jobs.create(job_name="once", train_url="/b/")
    assert [entry.status for entry in _requests(modelarts_stub, "POST")] == [429, 429, 200]
    assert [job.job_id for job in client.jobs.list()] == [created.job_id]


def test_a_dropped_create_is_not_retried(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("drop", count=1)
    with pytest.raises(APIConnectionError) as dropped:
        client.jobs.create(job_name="once", train_url="/b/")
    assert dropped.value.request_sent
    assert len(_requests(modelarts_stub, "POST")) == 1


def test_a_create_past_the_read_timeout_is_not_retried(modelarts_stub: StubHandle) -> None:
    modelarts_stub.backend.faults.inject("latency", delay=0.6, count=1)
    with ModelArtsVizJobs(**stub_options(modelarts_stub), timeout=0.2, retry_policy=FAST) as slow:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            slow.jobs.create(job_name="once", train_url="/b/")
        assert time.monotonic() - started < 0.6
        assert len(_drain(modelarts_stub, "POST", 1)) == 1
        assert len(list(slow.jobs.list())) <= 1


def test_reads_survive_drops_and_latency(modelarts_stub: StubHandle) -> None:
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    with ModelArtsVizJobs(**stub_options(modelarts_stub), timeout=0.25, retry_policy=FAST) as c:
        modelarts_stub.backend.faults.inject("drop", count=1)
        assert c.jobs.get(job).job_id == job
        modelarts_stub.backend.faults.inject("latency", delay=0.5, count=1)
        assert c.jobs.get(job).job_id == job
    statuses = [entry.status for entry in _drain(modelarts_stub, "GET", 4)]
    assert statuses == [None, 200, 200, 200]


def test_retries_stop_after_max_retries(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=0)
    with pytest.raises(InternalServerError) as unavailable:
        client.jobs.get(1)
    assert unavailable.value.status_code == 503
    assert unavailable.value.error_code == "ModelArts.4700"
    assert len(_requests(modelarts_stub, "GET")) == 1 + client.max_retries
    with pytest.raises(InternalServerError):
        client.jobs.get(1, max_retries=0)
    assert len(_requests(modelarts_stub, "GET")) == 2 + client.max_retries


def test_a_retry_after_beyond_the_cap_ends_the_call(modelarts_stub: StubHandle) -> None:
    policy = RetryPolicy(max_retry_after=0.5)
    modelarts_stub.backend.faults.inject("status", status=429, retry_after=5, count=1)
    with ModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=policy) as facade:
        started = time.monotonic()
        with pytest.raises(RateLimitError):
            facade.jobs.get(1)
        assert time.monotonic() - started < 1.0
    assert len(_requests(modelarts_stub, "GET")) == 1


def test_no_retry_starts_past_the_deadline(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=2, count=1)
    started = time.monotonic()
    with pytest.raises(InternalServerError):
        client.jobs.get(1, timeout=1.0)
    assert time.monotonic() - started < 1.0


def test_the_deadline_bounds_a_slow_answer(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("latency", delay=1.0, count=1)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        client.jobs.get(1, timeout=0.4)
    assert time.monotonic() - started < 0.9
    assert len(_drain(modelarts_stub, "GET", 1)) == 1


def test_mixed_faults_end_in_success_or_a_documented_error_in_time(
    modelarts_stub: StubHandle,
) -> None:
    backend = modelarts_stub.backend
    jobs = [backend.seed(modelarts_stub.project_id) for _ in range(6)]
    backend.faults.inject("status", status=503, retry_after=0, ratio=0.3)
    backend.faults.inject("drop", ratio=0.2)
    backend.faults.inject("latency", delay=0.4, ratio=0.15)
    outcomes: list[str] = []
    sent: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [sent.append]})
    with ModelArtsVizJobs(
        **stub_options(modelarts_stub), http_client=http, timeout=0.25, retry_policy=FAST
    ) as c:
        for job in jobs:
            for call in (lambda j=job: c.jobs.get(j), lambda: list(c.jobs.list(page_size=2))):
                started = time.monotonic()
                try:
                    call()
                    outcomes.append("ok")
                except ModelArtsError as error:
                    outcomes.append(type(error).__name__)
                # 3 attempts of at most 0.25 s each, backoff at most 0.05 s each
                assert time.monotonic() - started < 1.5
    assert "ok" in outcomes
    http.close()
    _drain(modelarts_stub, "GET", len(sent))  # the server answers, late, those given up on


def test_delete_retried_after_a_timeout_and_finding_the_job_gone_succeeds(
    modelarts_stub: StubHandle,
) -> None:
    # attempt 1 times out at 0.2 s, the server deletes at 0.5 s, attempt 2 (>= 1.1 s) gets 404
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    modelarts_stub.backend.faults.inject("latency", delay=0.5, count=1)
    slow_retry = RetryPolicy(initial_delay=1.5, max_delay=1.5)
    with ModelArtsVizJobs(
        **stub_options(modelarts_stub), timeout=0.2, retry_policy=slow_retry
    ) as facade:
        facade.jobs.delete(job)
    assert [entry.status for entry in _requests(modelarts_stub, "DELETE")][-1] == 404


def test_delete_retried_after_a_timeout_and_finding_the_job_killing_succeeds(
    modelarts_stub: StubHandle,
) -> None:
    # attempt 1 times out at 0.1 s, the server accepts it at 0.3 s (the job shows KILLING for
    # 30 s), attempt 2 (at 0.6 s) is refused with ModelArts.0105 "job status: 9"
    backend = modelarts_stub.backend
    backend.set_policy(TransitionPolicy.after_seconds(30))
    job = backend.seed(modelarts_stub.project_id)
    backend.faults.inject("latency", delay=0.3, count=1)
    retry_later = RetryPolicy(initial_delay=0.5, max_delay=0.5, jitter=0)
    with ModelArtsVizJobs(
        **stub_options(modelarts_stub), timeout=0.1, retry_policy=retry_later
    ) as facade:
        facade.jobs.delete(job)
    assert [entry.status for entry in _requests(modelarts_stub, "DELETE")] == [200, 400]


GONE = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "no job 7"}
KILLING = {
    "is_success": False,
    "error_code": "ModelArts.0105",
    "error_message": "This job can't be delete. job status: 9",
}


@pytest.mark.parametrize(
    ("later", "refused"),
    [
        (httpx.Response(404, json=GONE), NotFoundError),
        (httpx.Response(400, json=KILLING), JobStateConflictError),
    ],
    ids=["gone", "killing"],
)
@pytest.mark.parametrize(
    ("first_failure", "ambiguous"),
    [
        (httpx.ReadTimeout("slow"), True),
        (httpx.RemoteProtocolError("closed"), True),
        (httpx.ConnectError("refused"), False),
        (httpx.Response(503, json={"error_code": "ModelArts.4700"}), False),
    ],
    ids=["read-timeout", "dropped-after-send", "connect-error", "503"],
)
def test_delete_reports_gone_or_killing_as_done_only_after_an_ambiguous_attempt(
    first_failure: Exception | httpx.Response,
    ambiguous: bool,
    later: httpx.Response,
    refused: type[ModelArtsError],
) -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            if isinstance(first_failure, Exception):
                raise first_failure
            return first_failure
        return later

    with mock_client(handler, max_retries=2) as facade:
        if ambiguous:
            facade.jobs.delete(7)
        else:
            with pytest.raises(refused):
                facade.jobs.delete(7)
    assert len(attempts) == 2


def test_async_client_retries_the_same_way(modelarts_stub: StubHandle) -> None:
    backend = modelarts_stub.backend
    job = backend.seed(modelarts_stub.project_id)

    async def scenario() -> None:
        async with AsyncModelArtsVizJobs(
            **stub_options(modelarts_stub), timeout=0.25, retry_policy=FAST
        ) as facade:
            backend.faults.inject("status", status=503, retry_after=0, count=1)
            backend.faults.inject("drop", count=1)
            assert (await facade.jobs.get(job)).job_id == job
            backend.faults.inject("drop", count=1)
            with pytest.raises(APIConnectionError):
                await facade.jobs.create(job_name="once", train_url="/b/")

    asyncio.run(scenario())
    assert len(_requests(modelarts_stub, "GET")) == 3
    assert len(_requests(modelarts_stub, "POST")) == 1


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("2", 2.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("soon", None),
        ("", None),
        ("nan", None),
        ("inf", math.inf),
    ],
)
def test_retry_after_in_seconds(value: str, seconds: float | None) -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": value})) == seconds


def test_retry_after_as_an_http_date() -> None:
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert 25 < (retry_after_seconds(httpx.Headers({"Retry-After": future})) or 0) <= 30
    assert retry_after_seconds(httpx.Headers({"Retry-After": past})) == 0.0
    assert retry_after_seconds(httpx.Headers()) is None


def test_a_retry_after_that_is_not_a_number_falls_back_to_the_backoff() -> None:
    # "nan" parses as a float; sleeping it raised ValueError out of the sync client
    unavailable = {"is_success": False, "error_code": "ModelArts.4700"}
    attempts: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        return httpx.Response(503, json=unavailable, headers={"Retry-After": "nan"})

    with mock_client(handler, max_retries=1) as facade, pytest.raises(InternalServerError):
        facade.jobs.get(1)
    assert len(attempts) == 2

    async def scenario() -> None:
        async with async_mock_client(handler, max_retries=1) as facade:
            await facade.jobs.get(1)

    with pytest.raises(InternalServerError):
        asyncio.run(scenario())
    assert len(attempts) == 4


def test_a_closed_client_fails_at_once_with_a_connection_error(
    modelarts_stub: StubHandle,
) -> None:
    facade = ModelArtsVizJobs(**stub_options(modelarts_stub))
    facade.close()
    with pytest.raises(APIConnectionError, match="closed") as closed:
        facade.jobs.get(1)
    assert not closed.value.request_sent

    async def scenario() -> None:
        async_facade = AsyncModelArtsVizJobs(**stub_options(modelarts_stub))
        await async_facade.close()
        await async_facade.jobs.delete(1)

    with pytest.raises(APIConnectionError, match="closed"):
        asyncio.run(scenario())
    assert modelarts_stub.backend.journal == []


def test_an_async_client_survives_a_second_event_loop(modelarts_stub: StubHandle) -> None:
    # the pooled connection of the first asyncio.run fails with RuntimeError("Event loop is
    # closed") once the answer is in: a connection error, retried like one
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    facade = AsyncModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=FAST)

    async def get_then_close() -> int:
        try:
            return (await facade.jobs.get(job)).job_id
        finally:
            await facade.close()

    assert asyncio.run(facade.jobs.get(job)).job_id == job
    assert asyncio.run(get_then_close()) == job


BARE_404S = [
    {"text": "<html><h1>404 Not Found</h1></html>"},
    {"json": {"message": "no route"}},
    {"json": {"error_code": "APIGW.0101", "error_msg": "API not found"}},
    {"content": b""},
]


@pytest.mark.parametrize("bare", BARE_404S, ids=["html", "json", "apigw", "empty"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_retried_delete_is_never_done_on_a_bare_gateway_404(
    bare: dict[str, Any], mode: str
) -> None:
    """Only ModelArts.0102 says "no such job"; a gateway's 404 (wrong route, no API) does not,
    so the delete that may have failed is reported as failed, not as done."""
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ReadTimeout("slow")  # the server may have carried it out
        return httpx.Response(404, **bare)

    if mode == "sync":
        with mock_client(handler, max_retries=2) as facade, pytest.raises(NotFoundError) as caught:
            facade.jobs.delete(7)
    else:

        async def scenario() -> None:
            async with async_mock_client(handler, max_retries=2) as facade:
                await facade.jobs.delete(7)

        with pytest.raises(NotFoundError) as caught:
            asyncio.run(scenario())
    assert caught.value.error_code != "ModelArts.0102"
    assert len(attempts) == 2


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_retried_delete_is_done_on_a_404_job_not_found(mode: str) -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            return httpx.Response(502, text="<html>502 Bad Gateway</html>")
        return httpx.Response(404, json=GONE)

    if mode == "sync":
        with mock_client(handler, max_retries=2) as facade:
            assert facade.jobs.delete(7) is None
    else:

        async def scenario() -> None:
            async with async_mock_client(handler, max_retries=2) as facade:
                assert await facade.jobs.delete(7) is None

        asyncio.run(scenario())
    assert len(attempts) == 2
