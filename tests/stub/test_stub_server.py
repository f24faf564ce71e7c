"""Server mode: concurrency over a real socket, parity with in-process use, start and stop."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from modelarts_vizjobs.stub import (
    DEFAULT_PROJECT_ID,
    DEFAULT_TOKEN,
    StubBackend,
    StubServer,
    TransitionPolicy,
    create_app,
)
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.stub._helpers import JOBS

TOKEN = {"X-Auth-Token": DEFAULT_TOKEN}


async def delete_concurrently(base_url: str, path: str, times: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=times)
    async with httpx.AsyncClient(base_url=base_url, headers=TOKEN, limits=limits) as client:
        return await asyncio.gather(*(client.delete(path) for _ in range(times)))


@pytest.mark.parametrize(
    ("policy", "refusal"),
    [
        (TransitionPolicy.immediate(), (404, "ModelArts.0102")),
        (TransitionPolicy.after_reads(1), (400, "ModelArts.0105")),
    ],
)
def test_fifty_concurrent_deletes_succeed_exactly_once(
    modelarts_stub: StubHandle, policy: TransitionPolicy, refusal: tuple[int, str]
) -> None:
    backend = modelarts_stub.backend
    backend.set_policy(policy)
    keep = backend.seed(modelarts_stub.project_id, job_name="keep")
    doomed = backend.seed(modelarts_stub.project_id, job_name="doomed")
    answers = asyncio.run(delete_concurrently(modelarts_stub.base_url, f"{JOBS}/{doomed}", 50))
    outcomes = Counter(
        (response.status_code, response.json().get("error_code")) for response in answers
    )
    assert outcomes == {(200, None): 1, refusal: 49}
    listed = httpx.get(modelarts_stub.base_url + JOBS, headers=TOKEN).json()
    assert [job["job_id"] for job in listed["jobs"]] == [keep]  # this read completes a deletion
    assert httpx.get(f"{modelarts_stub.base_url}{JOBS}/{doomed}", headers=TOKEN).status_code == 404


async def scenario(client: httpx.AsyncClient) -> list[tuple[int, object]]:
    """A fixed conversation; answers with volatile fields (times, uuids) masked."""
    steps = [
        await client.post(JOBS, json={"job_name": "parity", "train_url": "/o/"}),
        await client.get(f"{JOBS}?sortBy=status&order=desc"),
        await client.put(f"{JOBS}/1", json={"job_desc": "d"}),
        await client.post(f"{JOBS}/1/stop"),
        await client.post(f"{JOBS}/1/restart"),
        await client.delete(f"{JOBS}/1"),
        await client.get(f"{JOBS}/1"),
        await client.post(JOBS, content=b"{", headers={"Content-Type": "application/json"}),
        await client.patch(JOBS),
        await client.get("/elsewhere"),
    ]
    volatile = {"create_time", "resource_id", "duration"}
    answers: list[tuple[int, object]] = []
    for response in steps:
        body = response.json()
        for job in [body, *body.get("jobs", [])]:
            for name in volatile & set(job):
                job[name] = "*"
        answers.append((response.status_code, body))
    return answers


async def converse(**client_options: object) -> list[tuple[int, object]]:
    async with httpx.AsyncClient(headers=TOKEN, **client_options) as client:  # type: ignore[arg-type]
        return await scenario(client)


def test_server_mode_answers_exactly_like_in_process() -> None:
    transport = httpx.ASGITransport(app=create_app(StubBackend()))
    in_process = asyncio.run(converse(transport=transport, base_url="http://stub"))
    with StubServer() as server:
        over_socket = asyncio.run(converse(base_url=server.base_url))
    assert over_socket == in_process
    assert [status for status, _ in in_process] == [200] * 6 + [404, 400, 405, 404]


def test_stub_server_lifecycle() -> None:
    backend = StubBackend()
    server = StubServer(backend)
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.base_url
    with server:
        assert server.backend is backend
        assert server.start() is server  # idempotent
        assert server.port > 0 and "running" in repr(server)
        backend.seed(DEFAULT_PROJECT_ID)
        listed = httpx.get(server.base_url + JOBS, headers=TOKEN)
        assert listed.json()["job_total_count"] == 1
        assert "server" not in listed.headers
        base_url = server.base_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url + JOBS, headers=TOKEN, timeout=2)
    server.stop()  # stopping twice is harmless
