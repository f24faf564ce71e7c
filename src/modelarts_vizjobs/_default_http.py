"""The ``httpx.AsyncClient`` an ``AsyncModelArtsVizJobs`` makes when it is given none.

With the ``aiohttp`` extra installed it is :class:`DefaultAioHttpClient` (httpx's asyncio stack
costs about three times the CPU of aiohttp's per request, which made ``delete_many`` slower than a
sequential sync loop on a fast endpoint); without it, httpx's own ``AsyncClient``. aiohttp is
imported only here, when such a client is made, never by ``import modelarts_vizjobs``.

A client the SDK made is closed by ``close()``. One that is never closed must not spam "Unclosed
client session" / "Unclosed connector" when it is collected or at exit: a finalizer lets go of
its aiohttp session quietly (``AioHttpTransport.release``). aiohttp starts no thread, so nothing
keeps the process alive either way.
"""

from __future__ import annotations

import weakref

import httpx

__all__ = ["new_async_http_client"]


def new_async_http_client() -> httpx.AsyncClient:
    """The fastest ``httpx.AsyncClient`` installed: on aiohttp if the extra is there."""
    try:
        from ._aiohttp import AioHttpTransport, DefaultAioHttpClient
    except ImportError:
        return httpx.AsyncClient()
    transport = AioHttpTransport()
    client = DefaultAioHttpClient(transport=transport)
    weakref.finalize(client, transport.release)  # if never closed
    return client
