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
import functools
from collections.abc import AsyncIterator, Awaitable, Coroutine
from typing import Any, cast

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
    import yarl
    from httpx_aiohttp import AiohttpTransport

    #: The transports' shared settings a ``DefaultAioHttpClient`` hands its transport.
    _TRANSPORT_OPTIONS = ("verify", "cert", "trust_env", "http1", "http2", "limits")
    #: aiohttp's exception -> httpx's, the first that matches (subclasses before their bases).
    #: As httpx's own transport says it: a refused connection is a ``ConnectError``, not a
    #: timeout; a connection lost after the request went out is not a failed connect (the SDK
    #: must not retry a ``create`` that may have been done). httpx-aiohttp's own table maps
    #: both to ``ConnectTimeout``.
    _HTTPX_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
        (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
        (aiohttp.ClientHttpProxyError, httpx.ProxyError),
        (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
        (aiohttp.ServerTimeoutError, httpx.TimeoutException),
        (aiohttp.ClientConnectorError, httpx.ConnectError),
        (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError, httpx.ReadError),
        (aiohttp.ClientConnectionError, httpx.ReadError),
        (aiohttp.InvalidUrlClientError, httpx.UnsupportedProtocol),
        (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
    )

    @functools.lru_cache(maxsize=32)  # a client sends with one timeout, unless a deadline clips it
    def _client_timeout(
        connect: float | None, read: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        """aiohttp's timeouts for httpx's: connect, each read, and the wait for a connection."""
        return aiohttp.ClientTimeout(sock_connect=connect, sock_read=read, connect=pool)

    def _httpx_error(exc: Exception, request: httpx.Request) -> Exception:
        """httpx's exception for an aiohttp one; *exc* itself when it is none of these."""
        for source, target in _HTTPX_ERRORS:
            if isinstance(exc, source):
                return target(str(exc), request=request)
        return exc

    class _AnswerStream(httpx.AsyncByteStream):
        """An aiohttp answer's body as httpx reads it: each chunk as it arrives (no fixed
        chunk size, no context manager per chunk), aiohttp's errors as httpx's."""

        __slots__ = ("_answer", "_request")

        def __init__(self, answer: aiohttp.ClientResponse, request: httpx.Request) -> None:
            self._answer = answer
            self._request = request

        async def __aiter__(self) -> AsyncIterator[bytes]:
            content = self._answer.content
            try:
                while chunk := await content.readany():
                    yield chunk
            except Exception as exc:
                raise _httpx_error(exc, self._request) from exc

        async def aclose(self) -> None:
            # The connection goes back to the pool, or is closed when the body was not all read.
            self._answer.release()

    class AioHttpTransport(AiohttpTransport):
        """``AiohttpTransport`` whose errors read as httpx's own transport's, that follows the
        event loop, can let go of its session without awaiting, and does less per request.

        It keeps httpx-aiohttp's settings (TLS, limits, proxy, its session factory) and sends
        each request itself: the headers go to aiohttp as they are, the answer's body is read
        as it comes, and exceptions are translated only when one is raised. That is about a
        tenth of the CPU of a request on loopback (``docs/performance.md``).

        An aiohttp session belongs to one event loop; httpx's own client can be used from one
        ``asyncio.run`` to the next, so this transport makes a new session for a new loop.
        """

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self._owns_sessions = self.client is None  # not the caller's session or factory
            self._loop: asyncio.AbstractEventLoop | None = None

        def get_client(self) -> aiohttp.ClientSession:
            """httpx-aiohttp's session, without a cookie jar of its own when the transport makes
            it: httpx keeps the client's cookies (a client the SDK makes keeps none), and
            aiohttp's jar would store every cookie an answer sets and send it back under
            httpx's nose. A session or factory the caller gave is used as it is."""
            made = super().get_client()
            if self._owns_sessions:
                connector = made.connector  # httpx-aiohttp's, with the client's TLS and limits
                made.detach()
                return aiohttp.ClientSession(
                    connector=connector, cookie_jar=aiohttp.DummyCookieJar()
                )
            return made

        def _session(self) -> aiohttp.ClientSession:
            if self._owns_sessions and self._loop is not (loop := asyncio.get_running_loop()):
                self.release()
                self.client = None  # a new session on this loop
                self._loop = loop
            session = self.client
            if not isinstance(session, aiohttp.ClientSession):
                session = self.client = self.get_client()
            return session

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            session = self._session()
            timeout = request.extensions.get("timeout", {})
            proxy = self.proxy
            try:
                try:
                    body: bytes | httpx.AsyncByteStream | None = request.content or None
                except httpx.RequestNotRead:  # a streamed body: aiohttp frames it itself
                    body = cast(httpx.AsyncByteStream, request.stream)
                    request.headers.pop("transfer-encoding", None)
                answer = await session.request(
                    request.method,
                    yarl.URL(str(request.url), encoded=True),  # httpx has percent-encoded it
                    headers=request.headers.multi_items(),
                    data=body,
                    allow_redirects=False,
                    auto_decompress=False,
                    compress=False,
                    timeout=_client_timeout(
                        timeout.get("connect"), timeout.get("read"), timeout.get("pool")
                    ),
                    server_hostname=request.extensions.get("sni_hostname"),
                    proxy=str(proxy.url) if proxy else None,
                    proxy_auth=aiohttp.BasicAuth(*proxy.auth) if proxy and proxy.auth else None,
                    proxy_headers=proxy.headers if proxy else None,
                )
            except Exception as exc:
                raise _httpx_error(exc, request) from exc
            extensions = {"http_version": b"HTTP/1.1"}
            if answer.reason:
                extensions["reason_phrase"] = answer.reason.encode()
            return httpx.Response(
                answer.status,
                headers=answer.raw_headers,
                stream=_AnswerStream(answer, request),
                request=request,
                extensions=extensions,
            )

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

    def transport_for(options: dict[str, Any]) -> AioHttpTransport:
        """The transport of a client made with ``httpx.AsyncClient`` *options*: their
        ``verify``, ``cert``, ``trust_env``, ``http1``, ``http2`` and ``limits``."""
        return AioHttpTransport(
            **{key: options[key] for key in _TRANSPORT_OPTIONS if key in options}
        )

    class DefaultAioHttpClient(HttpxAiohttpClient):  # type: ignore[no-redef]
        """An ``httpx.AsyncClient`` whose transport is :class:`AioHttpTransport` (given the
        client's ``verify``, ``cert``, ``trust_env``, ``http1``, ``http2`` and ``limits``)."""

        def __init__(self, **kwargs: Any) -> None:
            if kwargs.get("transport") is None:
                kwargs["transport"] = transport_for(kwargs)
            super().__init__(**kwargs)
