"""The async ``jobs`` resource's I/O (survivors of `make mutation` in ``_async/_resources``; the
sync one is generated from it): what each ``wait=True`` returns or raises, including a job
that disappears while a stop or restart waits, what ``delete_many`` reports, the raw answers,
and the per-call ``timeout``, ``max_retries`` and ``poll_interval``."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    InternalServerError,
    InvalidParameterError,
    JobStatus,
    NotFoundError,
    WaitTimeoutError,
)
from tests.sdk._helpers import async_mock_client

JOB = {"job_id": 10, "job_name": "a", "create_time": 1565149736000}
OK = {"is_success": True}
GONE = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "gone"}
OTHER_404 = {"is_success": False, "error_code": "ModelArts.0101", "error_message": "bad path"}

Reading = int | tuple[int, dict[str, object]]


def readings(*items: Reading) -> Iterator[Reading]:
    return iter(items)


class Server:
    """Accepts every action; answers details polls with the next reading (a status, or a
    status code and body); records (method, path) of each request."""

    def __init__(self, readings: Iterator[Reading] | None = None) -> None:
        self.readings = readings if readings is not None else iter(())
        self.sent: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path))
        if request.method == "POST" and request.url.path.endswith("visualization-jobs"):
            body = json.loads(request.content)
            return httpx.Response(200, json={**OK, "job_id": 10, "job_name": body["job_name"]})
        if request.method == "GET" and request.url.path.endswith("visualization-jobs"):
            return httpx.Response(
                200, json={**OK, "job_total_count": 1, "jobs": [{**JOB, "status": 8}]}
            )
        if request.method != "GET":
            return httpx.Response(200, json=OK)
        reading = next(self.readings)
        if isinstance(reading, tuple):
            return httpx.Response(reading[0], json=reading[1])
        return httpx.Response(200, json={**OK, **JOB, "status": reading})


def run(
    server: Server, call: Callable[[AsyncModelArtsVizJobs], Awaitable[Any]], **options: Any
) -> Any:
    async def scenario() -> Any:
        async with async_mock_client(server, **options) as client:
            return await call(client)

    return asyncio.run(scenario())


def test_a_delete_wait_ends_when_the_job_is_gone() -> None:
    server = Server(readings(9, (404, GONE)))
    assert run(server, lambda c: c.jobs.delete(10, wait=True, poll_interval=0.01)) is None
    assert [m for m, _ in server.sent] == ["DELETE", "GET", "GET"]


def test_a_delete_wait_does_not_take_another_404_for_gone() -> None:
    server = Server(readings((404, OTHER_404)))
    with pytest.raises(NotFoundError) as caught:
        run(server, lambda c: c.jobs.delete(10, wait=True, poll_interval=0.01))
    assert caught.value.error_code == "ModelArts.0101"


@pytest.mark.parametrize("verb", ["stop", "restart"])
def test_a_job_that_disappears_during_a_stop_or_restart_wait_raises_not_found(verb: str) -> None:
    server = Server(readings(9, (404, GONE)))
    with pytest.raises(NotFoundError) as caught:
        run(server, lambda c: getattr(c.jobs, verb)(10, wait=True, poll_interval=0.01))
    assert caught.value.error_code == "ModelArts.0102"


def test_a_stop_wait_returns_the_job_once_it_is_no_longer_active() -> None:
    server = Server(iter([8, 9, 12]))
    job = run(server, lambda c: c.jobs.stop(10, wait=True, poll_interval=0.01))
    assert job.status == JobStatus.KILLED
    assert run(Server(), lambda c: c.jobs.stop(10)) is None


def test_a_restart_wait_returns_the_running_job() -> None:
    job = run(Server(iter([12, 7, 8])), lambda c: c.jobs.restart(10, wait=True, poll_interval=0.01))
    assert job.status == JobStatus.RUNNING


def test_a_create_wait_returns_the_created_job_with_the_status_it_settled_in() -> None:
    server = Server(iter([1, 11]))
    created = run(
        server,
        lambda c: c.jobs.create(job_name="a", train_url="/b/", wait=True, poll_interval=0.01),
    )
    assert (created.job_id, created.name, created.status) == (10, "a", JobStatus.FAILED)
    unwaited = run(Server(), lambda c: c.jobs.create(job_name="b", train_url="/b/"))
    assert (unwaited.job_id, unwaited.name) == (10, "b")


def test_a_wait_that_outlives_its_timeout_raises_wait_timeout() -> None:
    server = Server(iter([9] * 1000))
    with pytest.raises(WaitTimeoutError) as caught:
        run(server, lambda c: c.jobs.stop(10, wait=True, timeout=0.2, poll_interval=0.01))
    assert (caught.value.job_id, caught.value.waiting_for) == ("10", "stopped")
    assert caught.value.last_status == 9


def test_a_bad_poll_interval_is_refused_before_sending() -> None:
    server = Server()
    for call in (
        lambda c: c.jobs.stop(10, wait=True, poll_interval=0),
        lambda c: c.jobs.create(job_name="a", train_url="/b/", poll_interval=-1),
    ):
        with pytest.raises(InvalidParameterError):
            run(server, call)
    assert server.sent == []


def test_max_retries_per_call_overrides_the_clients() -> None:
    attempts: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        return httpx.Response(503, json={})

    for call in (
        lambda c: c.jobs.get(10, max_retries=2),
        lambda c: c.jobs.stop(10, max_retries=2),
        lambda c: c.jobs.update(10, "d", max_retries=2),
    ):
        attempts.clear()
        with pytest.raises(InternalServerError):
            run(flaky, call)  # type: ignore[arg-type]
        assert len(attempts) == 3


def test_delete_many_reports_each_id_once_and_tells_on_done() -> None:
    told: list[tuple[object, object]] = []
    server = Server()
    result = run(
        server, lambda c: c.jobs.delete_many([1, 2, 1, ""], on_done=lambda *o: told.append(o))
    )
    assert result.deleted == (1, 2)
    assert list(result.failures) == [""] and isinstance(result.failures[""], InvalidParameterError)
    assert sorted((str(i), e is None) for i, e in told) == [("", False), ("1", True), ("2", True)]
    assert [m for m, _ in server.sent] == ["DELETE", "DELETE"]


def test_raw_answers_of_each_single_request_method() -> None:
    async def calls(client: AsyncModelArtsVizJobs) -> list[Any]:
        raw = client.jobs.with_raw_response
        return [
            await raw.create(job_name="a", train_url="/b/"),
            await raw.get(10),
            await raw.update(10, "d"),
            await raw.delete(10),
            await raw.stop(10),
            await raw.restart(10),
        ]

    server = Server(iter([8]))
    answers = run(server, calls)
    assert [a.status_code for a in answers] == [200] * 6
    assert answers[0].parse().job_id == 10 and answers[1].parse().status == JobStatus.RUNNING
    assert [m for m, _ in server.sent] == ["POST", "GET", "PUT", "DELETE", "POST", "POST"]
    assert server.sent[4][1].endswith("/10/stop") and server.sent[5][1].endswith("/10/restart")


def test_list_asks_for_the_page_size_and_the_filters() -> None:
    seen: list[httpx.URL] = []

    def listing(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(
            200, json={**OK, "job_total_count": 1, "jobs": [{**JOB, "status": 8}]}
        )

    async def collect(client: AsyncModelArtsVizJobs) -> list[Any]:
        return [job async for job in client.jobs.list(status=8, page_size=5, timeout=5)]

    jobs = run(listing, collect)  # type: ignore[arg-type]
    assert [job.job_id for job in jobs] == [10]
    params = dict(seen[0].params)
    assert (params["per_page"], params["status"], params["page"]) == ("5", "8", "1")
