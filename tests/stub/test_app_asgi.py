"""The stub's ASGI app at its own interface, where a server hands it the request in pieces:
bodies that arrive oddly (no ``body`` key, a disconnect halfway, a declared size over the
limit), the header names it answers with (the ASGI spec wants them lower-case), and a bug
inside the stub (a JSON 500, logged with the answer's request id). Survivors of
``make mutation`` in ``stub/app.py``; a real socket cannot send most of these."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend, create_app

JOBS = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs"
CREATE = json.dumps({"job_name": "asgi", "train_url": "/bucket/logs/"}).encode()

Message = dict[str, Any]
#: A scope key the server leaves out (ASGI makes ``raw_path`` and ``query_string`` optional).
_ABSENT = object()


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    path, _, query = path.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"stub"),
            (b"x-auth-token", DEFAULT_TOKEN.encode()),
            (b"content-type", b"application/json"),
            *headers,
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }


def call(
    method: str,
    path: str,
    messages: list[Message],
    *,
    headers: list[tuple[bytes, bytes]] = (),  # type: ignore[assignment]
    backend: StubBackend | None = None,
    scope: dict[str, Any] | None = None,
) -> tuple[int, dict[bytes, bytes], list[bytes], Any]:
    """Run one request through the app; *messages* are what ``receive`` returns, in order (a
    further call fails the test: the app must not read past the request). Returns the status,
    the headers, their names as sent, and the JSON body."""
    app = create_app(backend)
    pending = list(messages)
    sent: list[Message] = []

    async def receive() -> Message:
        if not pending:
            raise AssertionError("the app read past the end of the request")
        return pending.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    full_scope = {**_scope(method, path, list(headers)), **(scope or {})}
    asyncio.run(_run(app, {k: v for k, v in full_scope.items() if v is not _ABSENT}, receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    names = [name for name, _ in start["headers"]]
    return start["status"], dict(start["headers"]), names, json.loads(body)


async def _run(
    app: Any,
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    await app(scope, receive, send)


def test_a_declared_body_over_the_limit_is_refused_before_any_is_read() -> None:
    declared = [(b"content-length", str(2 * 1024 * 1024).encode())]
    status, _, _, body = call("POST", JOBS, [], headers=declared)
    assert (status, body["error_code"]) == (413, "ModelArts.4104")


def test_a_body_message_without_body_or_more_body_keys_is_an_empty_last_message() -> None:
    """ASGI makes both keys optional (``b""`` and False)."""
    status, _, _, body = call("POST", JOBS, [{"type": "http.request"}])
    assert (status, body["error_code"]) == (400, "ModelArts.0101")  # a client error, no bug
    status, _, _, body = call("DELETE", f"{JOBS}/1", [{"type": "http.request"}])
    assert status == 404  # read as an empty body: the unknown job, not a bug


def test_the_last_body_message_ends_the_read() -> None:
    """A message without ``more_body`` is the last: the app answers without asking again."""
    status, _, _, body = call("POST", JOBS, [{"type": "http.request", "body": CREATE}])
    assert status == 200 and body["job_name"] == "asgi"


def test_a_body_in_pieces_is_read_whole() -> None:
    pieces = [
        {"type": "http.request", "body": CREATE[:10], "more_body": True},
        {"type": "http.request", "more_body": True},  # no body key: none in this piece
        {"type": "http.request", "body": CREATE[10:]},
    ]
    status, _, _, body = call("POST", JOBS, pieces)
    assert status == 200 and body["job_name"] == "asgi"


def test_a_client_gone_halfway_leaves_a_partial_body_refused_as_such() -> None:
    pieces = [
        {"type": "http.request", "body": CREATE[:10], "more_body": True},
        {"type": "http.disconnect"},
    ]
    status, _, _, body = call("POST", JOBS, pieces)
    assert status == 400 and "JSON" in body["error_message"], body


def test_header_names_are_lower_case_as_asgi_asks() -> None:
    """A 405 carries ``Allow``; a faulted 503 ``Retry-After``; every answer its request id."""
    _, _, names, _ = call("PATCH", f"{JOBS}/1", [{"type": "http.request"}])
    assert b"allow" in names
    backend = StubBackend()
    backend.faults.inject("status", status=503, retry_after=2, count=1)
    status, headers, names, _ = call("GET", JOBS, [{"type": "http.request"}], backend=backend)
    assert (status, headers.get(b"retry-after")) == (503, b"2")
    for name in names:
        assert name == name.lower(), name


def test_the_405_names_the_method_refused() -> None:
    _, headers, _, body = call("PATCH", f"{JOBS}/1", [{"type": "http.request"}])
    assert "PATCH is not supported" in body["error_message"]
    assert headers[b"allow"] == b"DELETE, GET, PUT"


@pytest.mark.parametrize("path", [JOBS, "/_stub/faults"], ids=["api", "control plane"])
def test_a_bug_in_the_stub_is_a_json_500_logged_with_its_request_id(
    path: str, caplog: pytest.LogCaptureFixture
) -> None:
    backend = StubBackend()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug")

    backend.list_jobs = broken  # type: ignore[method-assign]
    backend.faults.active = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="modelarts_vizjobs.stub"):
        status, headers, _, body = call("GET", path, [{"type": "http.request"}], backend=backend)
    assert body == {
        "is_success": False,
        "error_code": "ModelArts.0010",
        "error_message": "Internal error.",
    }
    assert status == 500
    request_id = headers[b"x-request-id"].decode()
    assert [record.getMessage() for record in caplog.records] == [
        f"stub request {request_id} failed"
    ]
    assert caplog.records[0].exc_info is not None  # with the traceback


def test_a_scope_without_the_optional_keys_is_served() -> None:
    """No ``raw_path`` (the path is ``path``) and no ``query_string`` (none)."""
    absent = {"raw_path": _ABSENT, "query_string": _ABSENT}
    backend = StubBackend()
    request = [{"type": "http.request"}]
    status, _, _, body = call("GET", JOBS, request, scope=absent, backend=backend)
    assert (status, body["job_total_count"]) == (200, 0)
    assert [(entry.path, entry.query) for entry in backend.journal] == [(JOBS, "")]
    status, _, _, body = call("GET", JOBS, [{"type": "http.request"}], scope={"raw_path": None})
    assert status == 200


def test_a_raw_path_that_carries_its_query_is_routed_on_the_path() -> None:
    """Some servers put the query in ``raw_path`` too; the route is the part before ``?``."""
    scope = {"raw_path": JOBS.encode() + b"?per_page=5"}
    status, _, _, body = call("GET", JOBS, [{"type": "http.request"}], scope=scope)
    assert (status, body["job_total_count"]) == (200, 0)


def test_an_injected_fault_answers_like_the_service_and_says_retry_after_only_when_set() -> None:
    backend = StubBackend()
    backend.faults.inject("status", status=500, count=1)  # the only one without a default
    backend.faults.inject("status", status=429, retry_after=3, count=1)
    first = call("GET", JOBS, [{"type": "http.request"}], backend=backend)
    second = call("GET", JOBS, [{"type": "http.request"}], backend=backend)
    assert (first[0], b"retry-after" in first[1], first[3]["is_success"]) == (500, False, False)
    assert (second[0], second[1][b"retry-after"], second[3]["is_success"]) == (429, b"3", False)


def test_the_control_prefix_alone_is_an_api_path_journaled_as_such() -> None:
    """``/_stub`` is no control endpoint: an API request (404), in the journal, where control
    requests never are."""
    backend = StubBackend()
    status, _, _, _ = call("GET", "/_stub", [{"type": "http.request"}], backend=backend)
    call("GET", "/_stub/faults", [{"type": "http.request"}], backend=backend)
    assert status == 404
    assert [(entry.method, entry.path) for entry in backend.journal] == [("GET", "/_stub")]


def test_a_token_of_another_project_is_refused_with_the_reason() -> None:
    other = f"/v1/{'f' * 32}/visualization-jobs"
    status, _, _, body = call("GET", other, [{"type": "http.request"}])
    assert (status, body["error_message"]) == (
        403,
        "The project id in the request URL does not match the token.",
    )
