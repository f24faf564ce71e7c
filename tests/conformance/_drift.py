"""Deliberately drifted servers: the stub's app behind a middleware that rewrites answers.

Each drift is one small function of (method, path, status, body) -> (status, body), so a test
names exactly what the "live service" does differently from the spec.
"""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from typing import Any

Rewrite = Callable[[str, str, int, dict[str, Any]], tuple[int, dict[str, Any]]]
Message = MutableMapping[str, Any]


class DriftingApp:
    """ASGI middleware: *app*'s JSON answers, passed through *rewrite* before they leave."""

    def __init__(self, app: Any, rewrite: Rewrite) -> None:
        self.app = app
        self.rewrite = rewrite

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def rewritten(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            status, body = self.rewrite(
                scope["method"], scope["path"], start["status"], json.loads(b"".join(chunks))
            )
            payload = json.dumps(body).encode()
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(payload)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": payload})

        await self.app(scope, receive, rewritten)


def _details(method: str, path: str, status: int) -> bool:
    return (
        method == "GET"
        and status == 200
        and path.rstrip("/").split("/")[-2] == "visualization-jobs"
    )


def refusal_as_409(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """A second stop refused with 409 (the newer 27xx/28xx habit) instead of 400."""
    return (409 if path.endswith("/stop") and status == 400 else status), body


def list_without_total(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """The list answer lacks the required job_total_count."""
    if method == "GET" and path.endswith("/visualization-jobs") and status == 200:
        body.pop("job_total_count", None)
    return status, body


def create_time_as_text(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Details carry create_time as a date string, not a number."""
    if _details(method, path, status):
        body["create_time"] = "2026-11-30T12:00:00Z"
    return status, body


def job_desc_renamed(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Details call the description "description"."""
    if _details(method, path, status) and "job_desc" in body:
        body["description"] = body.pop("job_desc")
    return status, body


def error_msg_key(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Refusals put their text under error_msg (the generic envelope's key)."""
    if status >= 400 and "error_message" in body:
        body["error_msg"] = body.pop("error_message")
    return status, body


def error_without_code(
    method: str, path: str, status: int, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Refusals with ``is_success: false`` and a message but no ``error_code`` (reading 9)."""
    if status >= 400:
        body = {key: value for key, value in body.items() if key != "error_code"}
    return status, body
