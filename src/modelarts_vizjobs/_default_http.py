"""The ``httpx`` client an SDK client makes when it is given none.

Async: with the ``aiohttp`` extra installed it is on :class:`DefaultAioHttpClient` (httpx's
asyncio stack costs about three times the CPU of aiohttp's per request, which made
``delete_many`` slower than a sequential sync loop on a fast endpoint); without it, on httpx's
own ``AsyncClient``. aiohttp is imported only here, when such a client is made, never by
``import modelarts_vizjobs``.

Neither keeps cookies. The API authenticates each request by its headers and sets none, and
httpx reads every answer's headers into its cookie jar (about 17 µs per answer, ``make bench``);
a cookie a gateway sets would also be sent again with later requests, whoever's they are. A
client the caller gives is used as it is, jar included.

A client the SDK made is closed by ``close()``. One that is never closed must not spam
"Unclosed client session" / "Unclosed connector" when it is collected or at exit: a finalizer
lets go of its aiohttp session quietly (``AioHttpTransport.release``). aiohttp starts no
thread, so nothing keeps the process alive either way.
"""

from __future__ import annotations

import functools
import weakref
from typing import Any

import httpx

__all__ = ["new_async_http_client", "new_http_client"]


class _KeepsNoCookies(httpx.Cookies):
    """A cookie jar that takes nothing from answers."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _NoCookies:
    """Mixed into an ``httpx`` client class: its ``cookies`` (what httpx reads answers into
    and sends from) is a :class:`_KeepsNoCookies`, and setting it changes nothing."""

    _no_cookies: _KeepsNoCookies | None = None

    @property
    def cookies(self) -> httpx.Cookies:
        if self._no_cookies is None:
            self._no_cookies = _KeepsNoCookies()
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        return None


class _Client(_NoCookies, httpx.Client):
    """``httpx.Client`` without cookies."""


class _AsyncClient(_NoCookies, httpx.AsyncClient):
    """``httpx.AsyncClient`` without cookies."""


#: The sync client's pool keeps every connection it may open: httpcore's sync pool can close a
#: surplus keep-alive connection it has just handed to a waiting thread (encode/httpcore#1110:
#: a request then fails with "[Errno 9] Bad file descriptor" or hangs until its read timeout).
#: Seen here with 50 threads sharing one client; with no surplus to close, the race has no
#: room. httpx's default is 100 connections, 20 kept alive.
_SYNC_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)


def new_http_client() -> httpx.Client:
    """The sync client's own ``httpx.Client``."""
    return _Client(limits=_SYNC_LIMITS)


def new_async_http_client(**options: Any) -> httpx.AsyncClient:
    """The fastest ``httpx.AsyncClient`` installed, made with ``httpx.AsyncClient``'s
    *options* (the proxy's timeout and limits): on aiohttp if the extra is there."""
    on_aiohttp = _aiohttp_classes()
    if on_aiohttp is None:
        return _AsyncClient(**options)
    client_class, transport_for = on_aiohttp
    transport = transport_for(options)
    client = client_class(**options, transport=transport)
    weakref.finalize(client, transport.release)  # if never closed
    return client


@functools.cache
def _aiohttp_classes() -> tuple[type[httpx.AsyncClient], Any] | None:
    """``DefaultAioHttpClient`` without cookies and what makes its transport; None without
    the extra."""
    try:
        from ._aiohttp import DefaultAioHttpClient, transport_for
    except ImportError:
        return None

    class _AioHttpClient(_NoCookies, DefaultAioHttpClient):
        """``DefaultAioHttpClient`` without cookies."""

    return _AioHttpClient, transport_for
