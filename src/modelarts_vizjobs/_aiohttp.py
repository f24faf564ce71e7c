"""``DefaultAioHttpClient``: an ``httpx.AsyncClient`` on aiohttp (the ``aiohttp`` extra).

httpx's own asyncio stack costs about three times the CPU of its sync stack per request; ``httpx-
aiohttp``'s ``AiohttpTransport`` sends the same ``httpx`` requests through aiohttp, so many
concurrent calls run faster. ``AsyncModelArtsVizJobs`` makes one itself when the extra is installed
and it is given no ``http_client`` (``_default_http``); make your own to set transport options, or
to share one between SDK clients. It takes ``httpx.AsyncClient``'s arguments (limits, TLS,
proxy...); the SDK uses it like any caller's client and does not close it. Without the extra (``pip
install "modelarts-vizjobs[aiohttp]"``) making one raises ``RuntimeError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Coroutine
from typing import Any

import httpx

__all__ = ["DefaultAioHttpClient"]

try:
    from httpx_aiohttp import HttpxAiohttpClient
except ImportError:  # pragma: no cover - exercised only without the extra

    class DefaultAioHttpClient(httpx.AsyncClient):
        def __init__(self, **_kwargs: Any) -> None:
            raise RuntimeError(
                "DefaultAioHttpClient needs the aiohttp extra: "
                'pip install "modelarts-vizjobs[aiohttp]"'
            )

else:
    import aiohttp
    from httpx_aiohttp import AiohttpTransport

    #: Failures before the request went out, which httpx-aiohttp reports as ConnectTimeout.
    _BEFORE_SENDING = (aiohttp.ClientConnectorError, TimeoutError)
    #: The client's settings its transport takes too.
    _TRANSPORT_OPTIONS = ("verify", "cert", "trust_env", "http1", "http2", "limits")

    class AioHttpTransport(AiohttpTransport):
        """``AiohttpTransport`` that tells a lost connection from a failed connect, follows the
        event loop, and can let go of its session without awaiting.

        httpx-aiohttp maps every ``aiohttp.ClientConnectionError`` to ``httpx.ConnectTimeout``,
        so a server that closed the connection after reading a request ("Server disconnected")
        looked like a request never sent, and the SDK retried a ``create`` that may have been
        done. Such an error is re-raised as httpx's own ``RemoteProtocolError`` / ``ReadError``.

        An aiohttp session belongs to one event loop; httpx's own client can be used from one
        ``asyncio.run`` to the next, so this transport makes a new session for a new loop.
        """

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._owns_sessions = self.client is None  # not the caller's session or factory
            self._loop: asyncio.AbstractEventLoop | None = None

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if self._owns_sessions and self._loop is not asyncio.get_running_loop():
                self.release()
                self.client = None  # the next request makes a session on this loop
                self._loop = asyncio.get_running_loop()
            try:
                return await super().handle_async_request(request)
            except httpx.ConnectTimeout as exc:
                cause = exc.__cause__
                if cause is None or isinstance(cause, _BEFORE_SENDING):
                    raise
                lost = (
                    httpx.RemoteProtocolError
                    if isinstance(cause, aiohttp.ServerDisconnectedError)
                    else httpx.ReadError
                )
                raise lost(str(exc), request=request) from cause

        def release(self) -> None:
            """Let go of the session now, without awaiting and without aiohttp's "Unclosed
            client session" / "Unclosed connector" warnings: it is detached (closed, no
            connector left to warn about) and the connector closed (its sockets; nothing to
            do when its event loop is closed already)."""
            session = self.client
            if not isinstance(session, aiohttp.ClientSession) or session.closed:
                return
            connector = session.connector
            session.detach()
            if connector is not None and not connector.closed:
                _start(connector.close())

    def _start(closing: Awaitable[object]) -> None:
        """Run a ``TCPConnector.close()`` coroutine up to its first suspension, here and now,
        then drop it: a finalizer cannot await, and a task may never run (the loop is closing
        or closed). It closes the sockets before it first waits; what it would wait for (their
        ``connection_lost``) happens on the loop anyway."""
        if not isinstance(closing, Coroutine):  # a plain connector closes before returning
            return
        try:
            closing.send(None)
        except StopIteration:
            return
        closing.close()

    class DefaultAioHttpClient(HttpxAiohttpClient):  # type: ignore[no-redef]
        """An ``httpx.AsyncClient`` whose transport is :class:`AioHttpTransport` (given the
        client's ``verify``, ``cert``, ``trust_env``, ``http1``, ``http2`` and ``limits``)."""

        def __init__(self, **kwargs: Any) -> None:
            if kwargs.get("transport") is None:
                options = {key: kwargs[key] for key in _TRANSPORT_OPTIONS if key in kwargs}
                kwargs["transport"] = AioHttpTransport(**options)
            super().__init__(**kwargs)
