"""``client.jobs.with_raw_response.<op>(...)``: the answer of a call, with its headers.

openai-python's convention: the raw variant of a method returns an ``APIResponse`` whose
``parse()`` gives what the plain method returns; the plain method is the raw one followed by
``parse()``. The body has been read and checked by the time the object exists, so ``parse()``
is a plain (not awaited) call for both clients.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import httpx

__all__ = ["APIResponse"]

T = TypeVar("T")


class APIResponse(Generic[T]):
    """The answer to one call: ``status_code``, ``headers``, ``http_response`` (the
    ``httpx.Response``, body read; its request's credential headers masked) and ``parse()``."""

    __slots__ = ("_parsed", "http_response")

    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response: httpx.Response = http_response
        self._parsed = parsed

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The answer's ``X-Request-Id``."""
        request_id: str | None = self.http_response.headers.get("X-Request-Id")
        return request_id

    def parse(self) -> T:
        """What the plain method returns for this answer."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] request_id={self.request_id!r}>"
