# Generated from src/modelarts_vizjobs/_async/_base_client.py by scripts/unasync.py: do not edit.
# Change the async source and run `make regen` instead.
"""``APIClient``: the call loop, the one place requests are sent and retried.

Each attempt builds its request from the operation (``ClientCore._build``), sends it with this
client's auth and ``follow_redirects=False``, reads the body, and turns the answer into the
result or an exception (``Operation.result``); ``RetryState`` decides what happens after
a failure.
"""

from __future__ import annotations

import time
from typing import Self, TypeVar

import httpx

from .._base_client import ClientCore
from .._concurrency import sleep
from .._errors import ModelArtsError
from .._operations import Operation
from .._raw_response import APIResponse

__all__ = ["APIClient"]

T = TypeVar("T")


class APIClient(ClientCore):
    """Sends operations on an ``httpx.Client``: the caller's (used, never modified, never
    closed) or one of its own (closed by ``close()``)."""

    _http: httpx.Client
    _owns_http: bool

    def _request(
        self, op: Operation[T], *, deadline: float | None, max_retries: int | None
    ) -> APIResponse[T]:
        state = self._retry_state(op, deadline, max_retries)
        while True:
            request = self._build(op, deadline)
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
            done = self._already_done(op, state, error)
            if done is not None:
                return done
            delay = self._next_delay(op, state, error)
            if delay is None:
                raise error
            sleep(delay)

    def close(self) -> None:
        """Close the HTTP client if this client created it, and forget the secrets."""
        self._redact.close()
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
