"""The ASGI application: routing, body handling, auth, faults and the journal around the backend.

A thin raw-ASGI router rather than a framework: the request path stays lean for the delete
throughput benchmark, and routing happens on the RAW path split on ``/`` before each segment is
unquoted, so an id containing ``%2F`` stays one segment.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final
from urllib.parse import unquote

import httpx

from .control import CONTROL_PREFIX, handle_control
from .exceptions import MethodNotAllowed, PathNotFound, PayloadTooLarge, ServiceError
from .faults import FAULT_STATUSES
from .journal import JournalEntry, redact
from .models import StubBackend
from .validation import (
    check_path_value,
    parse_create,
    parse_json_object,
    parse_list_query,
    parse_update,
)

__all__ = ["MAX_BODY_BYTES", "ConnectionDropped", "StubApp", "create_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Larger request bodies answer 413 ``ModelArts.4104`` (every documented body is tiny).
MAX_BODY_BYTES: Final = 1024 * 1024

_log = logging.getLogger("modelarts_vizjobs.stub")
_COLLECTION: Final = ("GET", "POST")
_ITEM: Final = ("DELETE", "GET", "PUT")
_ACTION: Final = ("POST",)
_JSON: Final = (b"content-type", b"application/json")
_REQUEST_IDS = itertools.count(1)
_REQUEST_ID_PREFIX: Final = os.urandom(6).hex()


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by the app for a "drop" fault: in-process callers see the transport error a real
    dropped connection gives; :class:`~modelarts_vizjobs.stub.StubServer` closes the socket."""

    def __init__(self) -> None:
        super().__init__("Server disconnected without sending a response.")


def encode_json(document: object) -> bytes:
    """Compact JSON, as the service answers."""
    return json.dumps(document, separators=(",", ":")).encode()


def next_request_id() -> str:
    """A fresh ``X-Request-Id``: unique to this process run, then a counter."""
    return f"{_REQUEST_ID_PREFIX}{next(_REQUEST_IDS):010d}"


class StubApp:
    """ASGI 3 application serving the seven operations and the ``/_stub/`` control plane."""

    def __init__(self, backend: StubBackend) -> None:
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _lifespan(receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = next_request_id()
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        raw_path = raw_path.partition("?")[0]
        segments = raw_path.split("/")
        method: str = scope["method"]
        if len(segments) > 2 and segments[1] == CONTROL_PREFIX:
            await self._control(method, segments, scope, receive, send, request_id)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        headers = _headers(scope)
        generation = self.backend.generation
        status, document, extra = await self._api(
            method, raw_path, segments, query, headers, receive, request_id
        )
        if self.backend.generation != generation:
            # reset while this request waited (a delay its client gave up on): it belongs to
            # the state before, and must neither act on nor be journaled in the fresh one
            raise ConnectionDropped()
        self.backend.record(
            JournalEntry(method, raw_path, query, status, redact(headers.items()), request_id)
        )
        if status is None:
            raise ConnectionDropped()
        await _respond(send, status, document, request_id, extra)

    async def _api(
        self,
        method: str,
        raw_path: str,
        segments: list[str],
        query: str,
        headers: dict[str, str],
        receive: Receive,
        request_id: str,
    ) -> tuple[int | None, object, list[tuple[bytes, bytes]]]:
        generation = self.backend.generation
        fault = self.backend.faults.decide()
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.drop or self.backend.generation != generation:
            return None, None, []
        if fault.status is not None:
            code, message = FAULT_STATUSES[fault.status]
            extra = [] if fault.retry_after is None else [_retry_after(fault.retry_after)]
            error = {"is_success": False, "error_code": code, "error_message": message}
            return fault.status, error, extra
        work = self._operate(method, raw_path, segments, query, headers, receive)
        return await _answer(work, request_id)

    async def _operate(
        self,
        method: str,
        raw_path: str,
        segments: list[str],
        query: str,
        headers: dict[str, str],
        receive: Receive,
    ) -> dict[str, object]:
        """Route, read, authenticate, validate and run one API request (errors raise)."""
        count = len(segments)
        if (
            count < 4
            or count > 6
            or segments[0]
            or unquote(segments[1]) != "v1"
            or unquote(segments[3]) != "visualization-jobs"
        ):
            raise PathNotFound(f"PathNotFound: {raw_path}")
        if count == 6:
            action = unquote(segments[5])
            if action not in ("stop", "restart"):
                raise PathNotFound(f"PathNotFound: {raw_path}")
            allow: tuple[str, ...] = _ACTION
        else:
            action = ""
            allow = _COLLECTION if count == 4 else _ITEM
        if method not in allow:
            raise MethodNotAllowed(method, allow)
        body = await _read_body(headers, receive)
        project_id = unquote(segments[2])
        self.backend.credentials.authenticate(
            method=method,
            raw_path=raw_path,
            query_string=query,
            headers=headers,
            body=body,
            project_id=project_id,
        )
        check_path_value("project_id", project_id)
        backend = self.backend
        if count == 4:
            if method == "GET":
                return backend.list_jobs(project_id, parse_list_query(query))
            request = parse_create(parse_json_object(body, headers.get("content-type")))
            return backend.create_job(project_id, request)
        job_id = unquote(segments[4])
        check_path_value("job_id", job_id)
        if action == "stop":
            backend.stop_job(project_id, job_id)
        elif action == "restart":
            backend.restart_job(project_id, job_id)
        elif method == "GET":
            return backend.get_job(project_id, job_id)
        elif method == "DELETE":
            backend.delete_job(project_id, job_id)
        else:
            job_desc = parse_update(parse_json_object(body, headers.get("content-type")))
            backend.update_job(project_id, job_id, job_desc)
        return {"is_success": True}

    async def _control(
        self,
        method: str,
        segments: list[str],
        scope: Scope,
        receive: Receive,
        send: Send,
        request_id: str,
    ) -> None:
        work = self._run_control(method, segments, _headers(scope), receive)
        status, document, extra = await _answer(work, request_id)
        await _respond(send, status, document, request_id, extra)

    async def _run_control(
        self, method: str, segments: list[str], headers: dict[str, str], receive: Receive
    ) -> dict[str, object]:
        if len(segments) != 3:
            raise PathNotFound(f"PathNotFound: /{'/'.join(segments[1:])}")
        body = await _read_body(headers, receive)
        return handle_control(self.backend, method, unquote(segments[2]), body)


def create_app(backend: StubBackend | None = None) -> StubApp:
    """The ASGI app over *backend* (a fresh one by default), for httpx.ASGITransport (async),
    schemathesis or any ASGI server; :class:`StubServer` and :class:`StubTransport` (sync)
    serve this same object."""
    return StubApp(backend if backend is not None else StubBackend())


def _headers(scope: Scope) -> dict[str, str]:
    """Request headers by lower-case name (a repeated header keeps its last value)."""
    return {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]
    }


async def _answer(
    work: Awaitable[dict[str, object]], request_id: str
) -> tuple[int, object, list[tuple[bytes, bytes]]]:
    """Status, body and extra headers of *work*'s answer: 200, its service error, or a JSON 500
    (logged) for a bug, never an exception that the server would turn into a text page."""
    try:
        return 200, await work, []
    except ServiceError as exc:
        return _failure(exc)
    except Exception:
        _log.exception("stub request %s failed", request_id)
        return _failure(ServiceError("Internal error."))


def _failure(exc: ServiceError) -> tuple[int, object, list[tuple[bytes, bytes]]]:
    """Status, JSON body and extra headers (``Allow`` for a 405) of an error answer."""
    extra = [(b"allow", ", ".join(exc.allow).encode())] if isinstance(exc, MethodNotAllowed) else []
    return exc.status, exc.body(), extra


def _retry_after(seconds: int) -> tuple[bytes, bytes]:
    return (b"retry-after", str(seconds).encode())


async def _read_body(headers: dict[str, str], receive: Receive) -> bytes:
    declared = headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLarge(
            "Invalid request body because the size exceeds the maximum size allowed."
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise PayloadTooLarge(
                "Invalid request body because the size exceeds the maximum size allowed."
            )
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _respond(
    send: Send,
    status: int,
    document: object,
    request_id: str,
    extra: list[tuple[bytes, bytes]],
) -> None:
    payload = encode_json(document)
    headers = [
        _JSON,
        (b"content-length", str(len(payload)).encode()),
        (b"x-request-id", request_id.encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
