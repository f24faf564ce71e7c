"""Every ``jobs`` method, and each of ``jobs.with_raw_response``, honours its own ``timeout=``
and ``max_retries=`` (over the client's), names a bad job id as ``job_id``, and sends every
argument it is given (``make mutation`` found each of these unchecked for some method).

Timeouts and retries run against the stub over a socket, sync and async; what reaches the
wire is read from a mock transport."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from modelarts_vizjobs import (
    APITimeoutError,
    AsyncModelArtsVizJobs,
    InvalidParameterError,
    ModelArtsVizJobs,
    RateLimitError,
)
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, async_mock_client, stub_options

Call = Callable[[Any, int], Any]

#: Each method that takes a job id, called on ``jobs`` (job id as the first argument).
ON_A_JOB: dict[str, Call] = {
    "get": lambda jobs, job, **o: jobs.get(job, **o),
    "update": lambda jobs, job, **o: jobs.update(job, "d", **o),
    "delete": lambda jobs, job, **o: jobs.delete(job, **o),
    "stop": lambda jobs, job, **o: jobs.stop(job, **o),
    "restart": lambda jobs, job, **o: jobs.restart(job, **o),
    "raw get": lambda jobs, job, **o: jobs.with_raw_response.get(job, **o),
    "raw update": lambda jobs, job, **o: jobs.with_raw_response.update(job, "d", **o),
    "raw delete": lambda jobs, job, **o: jobs.with_raw_response.delete(job, **o),
    "raw stop": lambda jobs, job, **o: jobs.with_raw_response.stop(job, **o),
    "raw restart": lambda jobs, job, **o: jobs.with_raw_response.restart(job, **o),
}
#: ... and the methods that take none.
WITHOUT_A_JOB: dict[str, Call] = {
    "create": lambda jobs, job, **o: jobs.create(job_name="a", train_url="/b/", **o),
    "raw create": lambda jobs, job, **o: jobs.with_raw_response.create(
        job_name="a", train_url="/b/", **o
    ),
    "list": lambda jobs, job, **o: jobs.list(**o),
}
EVERY_CALL = {**ON_A_JOB, **WITHOUT_A_JOB}


def call(kind: str, stub: StubHandle, method: Call, **options: Any) -> Any:
    """*method* on a new client of *stub* (max_retries=2 on the client), sync or async; a
    list is drained."""
    settings = {**stub_options(stub), "retry_policy": FAST, "max_retries": 2}
    job = stub.backend.seed(stub.project_id)
    if kind == "sync":
        with ModelArtsVizJobs(**settings) as client:
            result = method(client.jobs, job, **options)
            return list(result) if inspect.isgenerator(result) else result

    async def scenario() -> Any:
        async with AsyncModelArtsVizJobs(**settings) as client:
            result = method(client.jobs, job, **options)
            if inspect.isasyncgen(result):
                return [each async for each in result]
            return await result

    return asyncio.run(scenario())


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", list(EVERY_CALL))
def test_max_retries_per_call_overrides_the_clients(
    modelarts_stub: StubHandle, kind: str, name: str
) -> None:
    """A 429 is retried for every operation: the client's two retries would get past it, the
    call's ``max_retries=0`` does not."""
    modelarts_stub.backend.faults.inject("status", status=429, retry_after=0, count=1)
    with pytest.raises(RateLimitError):
        call(kind, modelarts_stub, EVERY_CALL[name], max_retries=0)
    assert len(modelarts_stub.backend.journal) == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", list(EVERY_CALL))
def test_timeout_per_call_bounds_the_call(modelarts_stub: StubHandle, kind: str, name: str) -> None:
    """The stub answers after 2 s; the call's ``timeout=0.3`` ends it long before."""
    modelarts_stub.backend.faults.inject("latency", delay=2.0, count=1)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        call(kind, modelarts_stub, EVERY_CALL[name], timeout=0.3, max_retries=0)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("name", list(ON_A_JOB))
def test_a_bad_job_id_is_named_and_nothing_is_sent(name: str) -> None:
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    async def scenario() -> None:
        async with async_mock_client(record) as client:
            await ON_A_JOB[name](client.jobs, "..")  # type: ignore[arg-type]

    with pytest.raises(InvalidParameterError, match="path parameter 'job_id' must not be"):
        asyncio.run(scenario())
    assert sent == []


@pytest.mark.parametrize("verb", ["delete", "stop", "restart"])
def test_a_wait_names_a_bad_poll_interval_and_a_bad_job_id(verb: str) -> None:
    async def scenario(job: Any, interval: float) -> None:
        async with async_mock_client(lambda request: httpx.Response(500)) as client:
            await getattr(client.jobs, verb)(job, wait=True, poll_interval=interval)

    with pytest.raises(InvalidParameterError, match=r"^poll_interval must be a positive"):
        asyncio.run(scenario(10, -1.0))
    with pytest.raises(InvalidParameterError, match="path parameter 'job_id' must not be"):
        asyncio.run(scenario("", 1.0))


def test_a_create_names_a_bad_poll_interval() -> None:
    async def scenario() -> None:
        async with async_mock_client(lambda request: httpx.Response(500)) as client:
            await client.jobs.create(job_name="a", train_url="/b/", wait=True, poll_interval=0)

    with pytest.raises(InvalidParameterError, match=r"^poll_interval must be a positive"):
        asyncio.run(scenario())


def test_the_polls_of_a_wait_take_the_calls_max_retries() -> None:
    """The delete is accepted; its first poll meets a 429. The client would retry it twice;
    the call's ``max_retries=0`` gives up."""
    answers = iter(
        [
            httpx.Response(200, json={"is_success": True}),
            httpx.Response(429, json={"error_code": "ModelArts.0000", "error_msg": "slow down"}),
            httpx.Response(404, json={"error_code": "ModelArts.0102", "error_msg": "gone"}),
        ]
    )

    async def scenario(**options: Any) -> None:
        async with async_mock_client(lambda request: next(answers), max_retries=2) as client:
            await client.jobs.delete(10, wait=True, poll_interval=0.01, **options)

    with pytest.raises(RateLimitError):
        asyncio.run(scenario(max_retries=0))


def _recording() -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST":
            return httpx.Response(200, json={"is_success": True, "job_id": 10, "job_name": "a"})
        return httpx.Response(200, json={"is_success": True, "job_total_count": 0, "jobs": []})

    return seen, answer


@pytest.mark.parametrize("raw", [False, True], ids=["jobs", "raw"])
def test_create_sends_every_field_and_no_description_by_default(raw: bool) -> None:
    seen, answer = _recording()

    async def scenario() -> None:
        async with async_mock_client(answer) as client:
            create = client.jobs.with_raw_response.create if raw else client.jobs.create
            await create(job_name="a", train_url="/b/")
            await create(
                job_name="a", train_url="/b/", description="d", job_type="mindinsight",
                auto_stop_hours=3,
            )  # fmt: skip

    asyncio.run(scenario())
    plain, full = (json.loads(request.content) for request in seen)
    assert plain.get("job_desc", "") == ""
    assert (full["job_desc"], full["job_type"]) == ("d", "mindinsight")
    assert full["schedule"][0]["duration"] == 3


def test_list_sends_every_filter() -> None:
    seen, answer = _recording()

    async def scenario() -> None:
        async with async_mock_client(answer) as client:
            listed = client.jobs.list(search="tb", sort_by="job_name", order="asc", page_size=7)
            assert [job async for job in listed] == []

    asyncio.run(scenario())
    query = dict(seen[0].url.params)
    assert query == {
        "search_content": "tb",
        "sortBy": "job_name",  # the spec's name of the parameter
        "order": "asc",
        "per_page": "7",
        "page": "1",
        "workspace_id": "0",
    }
