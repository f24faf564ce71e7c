"""Server mode: concurrency over a real socket, parity with in-process use, start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import socket
import threading
from collections import Counter

import httpx
import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus as S

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


Call = tuple[str, str, dict[str, str] | None]  # method, path, JSON body


async def concurrently(base_url: str, calls: list[Call]) -> list[httpx.Response]:
    """Send every call at once, each on its own connection."""
    limits = httpx.Limits(max_connections=len(calls))
    async with httpx.AsyncClient(base_url=base_url, headers=TOKEN, limits=limits) as client:
        return await asyncio.gather(
            *(client.request(m, path, json=body) for m, path, body in calls)
        )


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
    deletes: list[Call] = [("DELETE", f"{JOBS}/{doomed}", None)] * 50
    answers = asyncio.run(concurrently(modelarts_stub.base_url, deletes))
    outcomes = Counter(
        (response.status_code, response.json().get("error_code")) for response in answers
    )
    assert outcomes == {(200, None): 1, refusal: 49}
    listed = httpx.get(modelarts_stub.base_url + JOBS, headers=TOKEN).json()
    assert [job["job_id"] for job in listed["jobs"]] == [keep]  # this read completes a deletion
    assert httpx.get(f"{modelarts_stub.base_url}{JOBS}/{doomed}", headers=TOKEN).status_code == 404


#: With immediate transitions: the status an accepted verb leaves (absent: refused, 0105).
ACCEPTED = {("restart", S.KILLED): S.RUNNING, ("stop", S.RUNNING): S.KILLED}


def replay(verb: str, status: int | None) -> tuple[int, int | None]:
    """The answer one request must get, and the job's status after it (None: removed)."""
    if verb == "create":
        return 200, status
    if status is None:
        return 404, None
    if verb == "delete":
        return 200, None
    if verb in ("get", "update"):
        return 200, status
    after = ACCEPTED.get((verb, status))
    return (400, status) if after is None else (200, after)


def verb_of(method: str, path: str) -> str:
    if path.endswith(("/stop", "/restart")):
        return path.rsplit("/", 1)[1]
    return {"DELETE": "delete", "PUT": "update", "GET": "get"}.get(method, "create")


@pytest.mark.parametrize("seeded", [S.KILLED, S.RUNNING])
def test_racing_verbs_on_one_job_leave_the_state_a_serial_order_explains(
    modelarts_stub: StubHandle, seeded: S
) -> None:
    """52 concurrent create/stop/restart/update/get/delete calls: no 5xx, and replaying the
    journal (the order the backend served them in) through a model predicts every answer, every
    status a read shows, and the end state."""
    job = f"{JOBS}/{modelarts_stub.backend.seed(modelarts_stub.project_id, status=seeded)}"
    calls: list[Call] = [("POST", f"{job}/stop", None), ("POST", f"{job}/restart", None)] * 10
    calls += [("GET", job, None), ("PUT", job, {"job_desc": "d"})] * 10
    calls += [("POST", JOBS, {"job_name": "racer", "train_url": "/o/"})] * 10
    calls += [("DELETE", job, None)] * 2
    random.Random(seeded).shuffle(calls)
    answers = asyncio.run(concurrently(modelarts_stub.base_url, calls))
    by_request_id = {response.headers["x-request-id"]: response for response in answers}
    journal = modelarts_stub.backend.journal
    assert sorted(entry.request_id for entry in journal) == sorted(by_request_id)
    status: int | None = seeded
    for entry in journal:
        verb = verb_of(entry.method, entry.path)
        expected, status = replay(verb, status)
        response = by_request_id[entry.request_id]
        assert (entry.status, response.status_code) == (expected, expected), (entry, status)
        if verb == "get" and status is not None:
            assert response.json()["status"] == status
    final = httpx.get(modelarts_stub.base_url + job, headers=TOKEN)
    assert final.status_code == (404 if status is None else 200)
    listed = httpx.get(modelarts_stub.base_url + JOBS, headers=TOKEN).json()
    assert listed["job_total_count"] == 10 + (status is not None)


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


def raw_exchange(port: int, request: bytes) -> tuple[bytes, bytes]:
    """Send raw bytes, read until the server closes (bounded); the answer's head and body."""
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head, body


@pytest.mark.parametrize(
    "request_line",
    [
        b"GET " + JOBS.encode() + b"/\xff\xfe HTTP/1.1",  # raw non-ASCII bytes in the path
        b"GET " + JOBS.encode() + b"?search_content=\xe9 HTTP/1.1",
        b"NOT HTTP AT ALL",
    ],
)
def test_requests_the_http_parser_refuses_get_a_json_400(
    modelarts_stub: StubHandle, request_line: bytes
) -> None:
    port = int(modelarts_stub.base_url.rsplit(":", 1)[1])
    request = request_line + b"\r\nHost: stub\r\nConnection: close\r\n\r\n"
    head, body = raw_exchange(port, request)
    assert head.startswith(b"HTTP/1.1 400 "), head
    assert b"content-type: application/json" in head.lower()
    assert b"x-request-id: " in head.lower()
    assert json.loads(body)["error_code"] == "ModelArts.0101"


def test_a_very_long_path_is_a_json_404(modelarts_stub: StubHandle) -> None:
    port = int(modelarts_stub.base_url.rsplit(":", 1)[1])
    request = b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: stub\r\nConnection: close\r\n\r\n"
    head, body = raw_exchange(port, request)
    assert head.startswith(b"HTTP/1.1 404 "), head
    assert json.loads(body)["error_code"] == "ModelArts.2836"


def test_a_head_over_the_limit_is_a_json_431_however_it_arrives() -> None:
    """Issue 10: a 20 MB header was answered 200 (RSS +20 MB); h11 bounds the head."""
    with StubServer(max_head_bytes=4096) as server:
        just_under = b"GET " + JOBS.encode() + b" HTTP/1.1\r\nHost: stub\r\nX-Pad: "
        fits = just_under + b"a" * 3000 + b"\r\nConnection: close\r\n\r\n"
        head, _ = raw_exchange(server.port, fits)
        assert head.startswith(b"HTTP/1.1 401 "), head  # served (no credentials)
        for padding in (6000, 100_000):  # one read or many, the same refusal
            request = just_under + b"a" * padding + b"\r\nConnection: close\r\n\r\n"
            head, body = raw_exchange(server.port, request)
            assert head.startswith(b"HTTP/1.1 431 "), head
            assert b"x-request-id: " in head.lower()
            assert json.loads(body) == {
                "is_success": False,
                "error_code": "ModelArts.4104",
                "error_message": "Request header fields too large.",
            }


def test_a_client_still_sending_reads_the_whole_refusal() -> None:
    """A refusal is not lost to a reset: the server stops writing after the answer and drops
    what the client still sends (a 2 MB head, sent while the answer is read), 20 times over."""
    with StubServer(max_head_bytes=4096) as server:
        for _ in range(20):
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
                sender = threading.Thread(target=_send_quietly, args=(connection, _HUGE_HEAD))
                sender.start()
                answer = b""
                while chunk := connection.recv(65536):
                    answer += chunk
                sender.join()
            assert answer.startswith(b"HTTP/1.1 431 "), answer[:80]
            assert json.loads(answer.partition(b"\r\n\r\n")[2])["error_code"] == "ModelArts.4104"


_HUGE_HEAD = b"GET / HTTP/1.1\r\nHost: stub\r\nX-Pad: " + b"a" * 2_000_000 + b"\r\n\r\n"


def _send_quietly(connection: socket.socket, data: bytes) -> None:
    with contextlib.suppress(OSError):  # the server may close before it has all
        connection.sendall(data)


def test_a_stalled_head_is_dropped_while_other_clients_are_served() -> None:
    """Issue 10: 20 connections that never finished their head stayed open > 40 s."""
    with StubServer(head_timeout=0.5) as server:
        stalled = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(5)]
        kept_alive = socket.create_connection(("127.0.0.1", server.port))
        try:
            for connection in stalled:
                connection.sendall(b"GET " + JOBS.encode() + b" HTTP/1.1\r\nHost: st")
            # a kept-alive connection whose second request head stalls is dropped too
            kept_alive.sendall(b"GET / HTTP/1.1\r\nHost: stub\r\n\r\n")
            assert read_one_answer(kept_alive).startswith(b"HTTP/1.1 404 ")
            kept_alive.sendall(b"GET / HTTP/1.1\r\nHo")
            served = httpx.get(server.base_url + JOBS, headers=TOKEN, timeout=5)
            assert served.status_code == 200
            for connection in [*stalled, kept_alive]:
                connection.settimeout(5)
                assert connection.recv(65536) == b""  # closed by the server, no answer
        finally:
            for connection in [*stalled, kept_alive]:
                connection.close()


def read_one_answer(connection: socket.socket) -> bytes:
    """One whole answer (head and Content-Length body) from a connection kept open."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += connection.recv(65536)
    head, _, body = answer.partition(b"\r\n\r\n")
    length = int(
        next(
            line for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")
        ).split(b":")[1]
    )
    while len(body) < length:
        body += connection.recv(65536)
    return answer


@pytest.mark.parametrize(
    "limits", [{"max_head_bytes": 0}, {"max_head_bytes": True}, {"head_timeout": float("nan")}]
)
def test_bad_limits_are_refused(limits: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be a positive"):
        StubServer(**limits)  # type: ignore[arg-type]
