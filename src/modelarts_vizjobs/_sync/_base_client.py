# Generated from src/modelarts_vizjobs/_async/_base_client.py by scripts/unasync.py: do not edit.
# Change the async source and run `make regen` instead.
"""``APIClient``: the call loop, the one place requests are built, sent and retried.

Each attempt is built from the operation's generated description as one ``httpx.Request``: an
absolute URL on this client's endpoint, the SDK's User-Agent, the client's timeout clipped to
the call's deadline. It is sent with this client's auth and ``follow_redirects=False``, its
body read, and the answer turned into the result or an exception (``Operation.result``);
``RetryState`` decides what happens after a failure. Nothing is set on the ``httpx`` client: a
caller's ``http_client`` is used, never modified, so any number of SDK clients can share one,
each reaching its own endpoint with its own credentials.
"""

from __future__ import annotations

import time
from typing import Any, Self, TypeVar

import httpx

from .. import _telemetry
from .._base_client import USER_AGENT, ClientCore
from .._concurrency import sleep
from .._errors import ModelArtsError
from .._operations import Operation
from .._response import APIResponse

__all__ = ["APIClient"]

T = TypeVar("T")

_USER_AGENT = {"User-Agent": USER_AGENT}


def _clipped(limit: float | None, left: float) -> float:
    return left if limit is None else min(limit, left)


class APIClient(ClientCore):
    """Sends operations on an ``httpx.Client``: the caller's (used, never modified, never
    closed) or one of its own (closed by ``close()``)."""

    _http: httpx.Client
    _owns_http: bool

    def _build(self, op: Operation[Any], deadline: float | None) -> httpx.Request:
        """One attempt's request: the generated description on this client's endpoint."""
        spec = op.request
        headers = spec.get("headers")
        return self._http.build_request(
            spec["method"],
            self._settings.base_url + spec["url"],
            params=spec.get("params"),
            json=spec.get("json"),
            headers={**headers, "User-Agent": USER_AGENT} if headers else _USER_AGENT,
            timeout=self._attempt_timeout(deadline),
        )

    def _attempt_timeout(self, deadline: float | None) -> httpx.Timeout:
        """The client's per-attempt timeout, each phase clipped to the time the call has left."""
        if deadline is None:
            return self.timeout
        left = max(deadline - time.monotonic(), 0.001)
        limits = self.timeout
        return httpx.Timeout(
            connect=_clipped(limits.connect, left),
            read=_clipped(limits.read, left),
            write=_clipped(limits.write, left),
            pool=_clipped(limits.pool, left),
        )

    @_telemetry.traced_request  # telemetry seam: request start/end
    def _request(
        self, op: Operation[T], *, deadline: float | None, max_retries: int | None
    ) -> APIResponse[T]:
        state = self._retry_state(op, deadline, max_retries)
        while True:
            request = self._build(op, deadline)
            _telemetry.attempt(request)  # telemetry seam: attempt (trace context on the wire)
            started = time.perf_counter()
            response = None
            try:
                response = self._http.send(
                    request, auth=self._settings.auth, follow_redirects=False, stream=True
                )
                try:
                    response.read()
                finally:
                    response.close()
            except Exception as exc:
                error = self._failed(exc, op, request, response, started)
            else:
                self._answered(request, response, started)
                try:
                    return APIResponse(response, op.result(response))
                except ModelArtsError as exc:
                    error = exc
            done = self._settled(op, state, error)
            if done is not None:
                return done
            delay = self._next_delay(op, state, error)
            if delay is None:
                raise error
            _telemetry.retry(error, delay)  # telemetry seam: retry and backoff sleep
            sleep(delay)

    def close(self) -> None:
        """Close the HTTP client if this client created it, and forget the secrets; later
        calls raise ``APIConnectionError``."""
        self._closed = True
        self._redact.close()
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
