"""Per-call state shared with httpx through a context variable and two event hooks.

The generated ``sync_detailed``/``asyncio_detailed`` take no per-request options, so the call's
deadline reaches httpx here: the request hook clips the request's timeouts to the time left,
and the response hook keeps the raw response, so that an answer the generated parser chokes on
is still reported with its status, body and request id. The hooks also write the debug log.
Context variables are per thread and per asyncio task, so concurrent calls do not mix.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from ._logging import logger, redact_headers

__all__ = [
    "CallScope",
    "async_request_hook",
    "async_response_hook",
    "call_scope",
    "request_hook",
    "response_hook",
]


@dataclass
class CallScope:
    """One attempt's context: its deadline (monotonic) and the answer it got."""

    operation: str
    deadline: float | None
    response: httpx.Response | None = None
    sent_at: float | None = None

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()


_current: contextvars.ContextVar[CallScope | None] = contextvars.ContextVar(
    "modelarts_vizjobs_call", default=None
)


@contextmanager
def call_scope(operation: str, deadline: float | None) -> Iterator[CallScope]:
    scope = CallScope(operation, deadline)
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def request_hook(request: httpx.Request) -> None:
    scope = _current.get()
    if scope is not None:
        scope.sent_at = time.perf_counter()
        remaining = scope.remaining()
        if remaining is not None:
            left = max(remaining, 0.001)
            limits = request.extensions.get("timeout", {})
            request.extensions["timeout"] = {
                phase: left if limits.get(phase) is None else min(limits[phase], left)
                for phase in ("connect", "read", "write", "pool")
            }
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "request %s %s headers=%s",
            request.method,
            request.url,
            redact_headers(request.headers.multi_items()),
        )


def response_hook(response: httpx.Response) -> None:
    scope = _current.get()
    sent_at = None
    if scope is not None:
        scope.response = response
        sent_at = scope.sent_at
    if logger.isEnabledFor(logging.INFO):
        took = "" if sent_at is None else f" {(time.perf_counter() - sent_at) * 1000:.1f}ms"
        logger.info(
            "%s %s -> %d request_id=%s%s",
            response.request.method,
            response.request.url.raw_path.decode("ascii", "replace"),
            response.status_code,
            response.headers.get("X-Request-Id"),
            took,
        )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("response headers=%s", redact_headers(response.headers.multi_items()))


async def async_request_hook(request: httpx.Request) -> None:
    request_hook(request)


async def async_response_hook(response: httpx.Response) -> None:
    response_hook(response)
