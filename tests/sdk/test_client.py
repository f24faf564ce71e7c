"""The facade, sync and async, against the real stub over a socket: the whole job lifecycle,
pagination, asynchronous waits, refusals and bulk deletes."""

from __future__ import annotations

import asyncio
import threading
import time
from urllib.parse import parse_qs

import httpx
import pytest

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    AuthenticationError,
    BulkDeleteResult,
    InvalidParameterError,
    JobStateConflictError,
    JobStatus,
    ModelArtsVizJobs,
    NotFoundError,
    PermissionDeniedError,
    WaitTimeoutError,
)
from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options


def _pages_requested(stub: StubHandle) -> list[str]:
    return [
        parse_qs(entry.query)["page"][0]
        for entry in stub.backend.journal
        if entry.method == "GET" and entry.path.endswith("/visualization-jobs")
    ]


def test_lifecycle_sync(client: ModelArtsVizJobs, modelarts_stub: StubHandle) -> None:
    created = client.jobs.create(
        job_name="tb-1", train_url="/bucket/logs/", description="first", auto_stop_hours=2
    )
    assert created.status is JobStatus.INIT
    assert created.request_id

    job = client.jobs.get(created.job_id)
    assert (job.job_id, job.name, job.description) == (created.job_id, "tb-1", "first")

    client.jobs.update(str(created.job_id), "second")
    assert client.jobs.get(created.job_id).description == "second"

    stopped = client.jobs.stop(created.job_id, wait=True, poll_interval=0.01, timeout=10)
    assert stopped is not None and stopped.status is JobStatus.KILLED
    running = client.jobs.restart(created.job_id, wait=True, poll_interval=0.01, timeout=10)
    assert running is not None and running.status is JobStatus.RUNNING

    assert client.jobs.delete(created.job_id, wait=True, poll_interval=0.01, timeout=10) is None
    with pytest.raises(NotFoundError) as gone:
        client.jobs.get(created.job_id)
    assert gone.value.error_code == "ModelArts.0102"


def test_create_waits_until_running(client: ModelArtsVizJobs, modelarts_stub: StubHandle) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(2))
    created = client.jobs.create(
        job_name="tb-wait", train_url="/b/", wait=True, poll_interval=0.01, timeout=10
    )
    assert created.status is JobStatus.RUNNING
    polls = [e for e in modelarts_stub.backend.journal if e.method == "GET"]
    assert len(polls) >= 2


def test_list_iterates_every_page_lazily(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    seeded = {modelarts_stub.backend.seed(modelarts_stub.project_id) for _ in range(23)}
    listing = client.jobs.list(page_size=10, sort_by="job_id", order="desc")
    first = next(listing)
    assert _pages_requested(modelarts_stub) == ["1"]  # nothing fetched ahead
    rest = list(listing)
    assert {first.job_id, *(job.job_id for job in rest)} == seeded
    assert [job.job_id for job in [first, *rest]] == sorted(seeded, reverse=True)
    assert _pages_requested(modelarts_stub) == ["1", "2", "3"]


def test_list_filters_by_status_and_search(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    backend, project = modelarts_stub.backend, modelarts_stub.project_id
    killed = backend.seed(project, status=JobStatus.KILLED, job_name="alpha-1")
    backend.seed(project, status=JobStatus.RUNNING, job_name="alpha-2")
    backend.seed(project, status=JobStatus.KILLED, job_name="beta")
    found = list(client.jobs.list(status=JobStatus.KILLED, search="alpha"))
    assert [job.job_id for job in found] == [killed]


def test_refusal_in_killing_carries_the_job_status(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    killing = modelarts_stub.backend.seed(modelarts_stub.project_id, status=JobStatus.KILLING)
    with pytest.raises(JobStateConflictError) as refused:
        client.jobs.delete(killing)
    assert refused.value.job_status is JobStatus.KILLING
    assert refused.value.verb == "delete"
    assert refused.value.error_code == "ModelArts.0105"
    assert refused.value.status_code == 400


def test_delete_waits_until_the_job_is_gone(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(3))
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    client.jobs.delete(job, wait=True, poll_interval=0.01, timeout=10)
    polls = [e for e in modelarts_stub.backend.journal if e.method == "GET"]
    assert len(polls) >= 2 and polls[-1].status == 404


def test_wait_gives_up_at_the_deadline(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_seconds(30))
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    started = time.monotonic()
    with pytest.raises(WaitTimeoutError) as late:
        client.jobs.stop(job, wait=True, timeout=0.5, poll_interval=0.05)
    assert time.monotonic() - started < 2.0
    assert late.value.job_id == str(job)
    assert late.value.last_status is JobStatus.KILLING


def test_delete_many_collects_every_outcome(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle
) -> None:
    backend, project = modelarts_stub.backend, modelarts_stub.project_id
    deletable = [backend.seed(project) for _ in range(12)]
    killing = backend.seed(project, status=JobStatus.KILLING)
    result = client.jobs.delete_many(
        [*deletable, killing, 999_999, "..", deletable[0]], concurrency=4, wait=True,
        poll_interval=0.01, timeout=10,
    )  # fmt: skip
    assert sorted(result.deleted) == sorted(deletable)  # type: ignore[type-var]
    assert not result.ok
    assert isinstance(result.failures[killing], JobStateConflictError)
    assert isinstance(result.failures[999_999], NotFoundError)
    assert isinstance(result.failures[".."], InvalidParameterError)
    assert list(client.jobs.list()) == [client.jobs.get(killing)]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_delete_many_reports_each_id_as_it_finishes(mode: str, modelarts_stub: StubHandle) -> None:
    backend, project = modelarts_stub.backend, modelarts_stub.project_id
    deletable = [backend.seed(project) for _ in range(5)]
    killing = backend.seed(project, status=JobStatus.KILLING)
    seen: list[tuple[object, object]] = []

    def on_done(job_id: object, error: object) -> None:
        seen.append((job_id, error))

    ids = [*deletable, killing, ".."]
    if mode == "sync":
        with ModelArtsVizJobs(**stub_options(modelarts_stub)) as client:
            result = client.jobs.delete_many(ids, on_done=on_done)
    else:

        async def run() -> BulkDeleteResult:
            async with AsyncModelArtsVizJobs(**stub_options(modelarts_stub)) as client:
                return await client.jobs.delete_many(ids, on_done=on_done)

        result = asyncio.run(run())
    assert sorted(map(str, (job_id for job_id, _ in seen))) == sorted(map(str, ids))
    assert {job_id: error for job_id, error in seen if error is not None} == result.failures
    assert sorted(job_id for job_id, error in seen if error is None) == sorted(deletable)


def test_credentials_are_checked(modelarts_stub: StubHandle) -> None:
    options = stub_options(modelarts_stub)
    with (
        ModelArtsVizJobs(**{**options, "secret_key": "wrong"}) as forged,
        pytest.raises(AuthenticationError) as refused,
    ):
        forged.jobs.get(1)
    assert refused.value.status_code == 401
    other = {"project_id": modelarts_stub.project_id, "endpoint": modelarts_stub.base_url}
    with (
        ModelArtsVizJobs(**other, token=modelarts_stub.other_token) as stranger,
        pytest.raises(PermissionDeniedError),
    ):
        list(stranger.jobs.list())


def test_token_authentication_works_too(modelarts_stub: StubHandle) -> None:
    with ModelArtsVizJobs(**stub_options(modelarts_stub, aksk=False)) as facade:
        created = facade.jobs.create(job_name="by-token", train_url="/b/")
        assert facade.jobs.get(created.job_id).name == "by-token"


def test_lifecycle_async(modelarts_stub: StubHandle) -> None:
    backend, project = modelarts_stub.backend, modelarts_stub.project_id

    async def scenario() -> None:
        async with AsyncModelArtsVizJobs(
            **stub_options(modelarts_stub), retry_policy=FAST
        ) as facade:
            created = await facade.jobs.create(job_name="tb-async", train_url="/b/")
            assert (await facade.jobs.get(created.job_id)).name == "tb-async"
            await facade.jobs.update(created.job_id, "async")
            stopped = await facade.jobs.stop(created.job_id, wait=True, poll_interval=0.01)
            assert stopped is not None and stopped.status is JobStatus.KILLED
            running = await facade.jobs.restart(created.job_id, wait=True, poll_interval=0.01)
            assert running is not None and running.status is JobStatus.RUNNING

            seeded = [backend.seed(project) for _ in range(7)]
            listed = [job.job_id async for job in facade.jobs.list(page_size=3)]
            assert sorted(listed) == sorted([created.job_id, *seeded])

            killing = backend.seed(project, status=JobStatus.KILLING)
            with pytest.raises(JobStateConflictError) as refused:
                await facade.jobs.delete(killing)
            assert refused.value.job_status is JobStatus.KILLING

            result = await facade.jobs.delete_many(
                [created.job_id, *seeded, killing], concurrency=3, wait=True, poll_interval=0.01
            )
            assert sorted(result.deleted) == sorted([created.job_id, *seeded])
            assert list(result.failures) == [killing]
            with pytest.raises(NotFoundError):
                await facade.jobs.get(created.job_id)

    asyncio.run(scenario())


class _InFlight:
    """The most requests a real transport had open at once."""

    def __init__(self) -> None:
        self.now = self.most = 0
        self._lock = threading.Lock()

    def change(self, step: int) -> None:
        with self._lock:
            self.now += step
            self.most = max(self.most, self.now)


class _CountingTransport(httpx.HTTPTransport):
    def __init__(self, counter: _InFlight) -> None:
        super().__init__()
        self.counter = counter

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.counter.change(1)
        try:
            return super().handle_request(request)
        finally:
            self.counter.change(-1)


class _AsyncCountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self, counter: _InFlight) -> None:
        super().__init__()
        self.counter = counter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.counter.change(1)
        try:
            return await super().handle_async_request(request)
        finally:
            self.counter.change(-1)


def test_delete_many_keeps_at_most_concurrency_requests_in_flight(
    modelarts_stub: StubHandle,
) -> None:
    backend, project = modelarts_stub.backend, modelarts_stub.project_id
    backend.faults.inject("latency", delay=0.1)  # every request: overlaps become visible
    options = stub_options(modelarts_stub)
    sync_count, async_count = _InFlight(), _InFlight()

    jobs = [backend.seed(project) for _ in range(6)]
    with ModelArtsVizJobs(
        **options, http_client=httpx.Client(transport=_CountingTransport(sync_count))
    ) as facade:
        assert facade.jobs.delete_many(jobs, concurrency=2).ok

    async def scenario(job_ids: list[int]) -> bool:
        transport = _AsyncCountingTransport(async_count)
        async with AsyncModelArtsVizJobs(
            **options, http_client=httpx.AsyncClient(transport=transport)
        ) as facade:
            result = await facade.jobs.delete_many(job_ids, concurrency=2)
        return result.ok

    assert asyncio.run(scenario([backend.seed(project) for _ in range(6)]))
    assert (sync_count.most, async_count.most) == (2, 2)


@pytest.mark.parametrize("job_ids", ["123", b"12", 7, None])
def test_delete_many_refuses_a_single_value_for_its_ids(
    client: ModelArtsVizJobs, modelarts_stub: StubHandle, job_ids: object
) -> None:
    # "123" used to delete jobs 1, 2 and 3; 7 and None raised TypeError
    for _ in range(3):
        modelarts_stub.backend.seed(modelarts_stub.project_id)  # jobs 1, 2 and 3
    with pytest.raises(InvalidParameterError):
        client.jobs.delete_many(job_ids)  # type: ignore[arg-type]

    async def scenario() -> None:
        async with AsyncModelArtsVizJobs(**stub_options(modelarts_stub)) as facade:
            await facade.jobs.delete_many(job_ids)  # type: ignore[arg-type]

    with pytest.raises(InvalidParameterError):
        asyncio.run(scenario())
    assert modelarts_stub.backend.journal == []
