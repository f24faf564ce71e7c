"""Serve the stub over a real socket: uvicorn in a thread (:class:`StubServer`) or blocking
(:func:`serve`, behind ``modelarts-vizjobs stub serve``).

Both serve the very app object :func:`create_app` returns, so server mode behaves exactly like
in-process use (moto's ``ThreadedMotoServer`` sharing state with the decorators). uvicorn is
imported lazily: it belongs to the optional ``stub`` extra.
"""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .app import (
    ConnectionDropped,
    Receive,
    Scope,
    Send,
    StubApp,
    create_app,
    encode_json,
    next_request_id,
)
from .exceptions import BadRequest
from .models import StubBackend

if TYPE_CHECKING:
    import uvicorn

__all__ = ["StubServer", "serve"]

_START_TIMEOUT = 10.0


class _DroppingApp:
    """Turns :class:`ConnectionDropped` into an aborted TCP connection with no answer at all.

    *transports* holds the open connections by peer (the protocol of :func:`_config` adds and
    removes them). A peer that is no longer there has closed its end already, typically on its
    read timeout during an injected delay: there is nothing left to drop, and returning quietly
    is right (were the connection still open, uvicorn would report the missing answer itself).
    """

    def __init__(self, app: StubApp) -> None:
        self.app = app
        self.transports: dict[Any, asyncio.Transport] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ConnectionDropped:
            client = scope.get("client")
            if client is None:  # not a TCP peer (a Unix socket): no transport to abort
                raise
            transport = self.transports.get(client)
            if transport is None:  # the client has gone already
                return
            transport.abort()
            for _ in range(3):  # let connection_lost mark the request cycle disconnected
                await asyncio.sleep(0)


def _unparsable_answer(reason: str) -> bytes:
    """The raw 400 for a request uvicorn cannot parse (a request line with raw non-ASCII bytes,
    a URL past the parser's limits...): the documented JSON error, not uvicorn's text page."""
    payload = encode_json(BadRequest(f"Invalid Argument. {reason}").body())
    head = (
        b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\nx-request-id: %s\r\nconnection: close\r\n\r\n"
    )
    return head % (len(payload), next_request_id().encode()) + payload


def _config(app: StubApp, host: str, port: int, log_level: str) -> uvicorn.Config:
    """uvicorn settings: httptools/uvloop when installed, no access log, a protocol that lets
    :class:`_DroppingApp` find the transport of a request and answers unparsable requests with
    JSON."""
    import uvicorn
    from uvicorn.protocols.http.h11_impl import H11Protocol

    base: type[asyncio.Protocol] = H11Protocol
    if importlib.util.find_spec("httptools") is not None:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base = HttpToolsProtocol
    dropping = _DroppingApp(app)
    transports = dropping.transports

    class _Protocol(base):  # type: ignore[valid-type,misc]
        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            peer = transport.get_extra_info("peername")
            self._stub_peer = tuple(peer[:2]) if peer else None
            transports[self._stub_peer] = transport

        def connection_lost(self, exc: Exception | None) -> None:
            transports.pop(self._stub_peer, None)
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            self.transport.write(_unparsable_answer(msg))
            self.transport.close()

    loop = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
    return uvicorn.Config(
        dropping,
        host=host,
        port=port,
        http=_Protocol,
        loop=loop,
        lifespan="off",
        ws="none",  # a WebSocket upgrade is an ordinary request here, whatever is installed
        access_log=False,
        server_header=False,
        log_level=log_level,
    )


class StubServer:
    """The stub on ``127.0.0.1`` and a free port, in a daemon thread; a context manager.

    >>> with StubServer() as server:  # doctest: +SKIP
    ...     httpx.get(f"{server.base_url}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs", ...)
    """

    def __init__(
        self, backend: StubBackend | None = None, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.backend = backend if backend is not None else StubBackend()
        self.app = create_app(self.backend)
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        state = "running" if self._thread is not None else "stopped"
        return f"StubServer({self.host}:{self.port}, {state})"

    @property
    def base_url(self) -> str:
        if self._thread is None:
            raise RuntimeError("StubServer is not running; use start() or a with block")
        return f"http://{self.host}:{self.port}"

    def start(self) -> StubServer:
        """Bind, start serving, and return once requests are accepted."""
        if self._thread is not None:
            return self
        import uvicorn

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        server = uvicorn.Server(_config(self.app, self.host, self.port, "warning"))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="modelarts-stub", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                sock.close()
                raise RuntimeError("the stub server did not start")
            time.sleep(0.005)
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread (bounded)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT)
        self._server = self._thread = None

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    backend: StubBackend | None = None,
    log_level: str = "info",
) -> None:
    """Serve the stub until interrupted (Ctrl-C); what ``modelarts-vizjobs stub serve`` runs."""
    import uvicorn

    app = create_app(backend if backend is not None else StubBackend())
    uvicorn.Server(_config(app, host, port, log_level)).run()
