"""Serve the stub over a real socket: uvicorn in a thread (:class:`StubServer`) or blocking
(:func:`serve`, behind ``modelarts-vizjobs stub serve``).

Both serve the very app object :func:`create_app` returns, so server mode behaves exactly like
in-process use (moto's ``ThreadedMotoServer`` sharing state with the decorators). uvicorn is
imported lazily: it belongs to the optional ``stub`` extra.

What the server reads is bounded (both settable on :class:`StubServer` and :func:`serve`):

==========================  ============  ==================================================
``max_head_bytes``          64 KiB        a longer request head (request line and headers;
                                          1 KiB precision) answers ``431`` with the
                                          ModelArts JSON error body
``head_timeout``            10 s          a request head not complete by then: the
                                          connection is closed (other clients are unaffected)
request body (``app``)      1 MiB         a larger body answers ``413`` ``ModelArts.4104``
==========================  ============  ==================================================

The server is uvicorn on httptools (llhttp, strict), whatever ``--http`` uvicorn would pick:
:mod:`.http_protocol` adds the head bound and timeout that neither has, and answers what llhttp
refuses (request smuggling among it) with the JSON error and a closed connection. An idle
kept-alive connection closes after uvicorn's 5 s.
"""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .app import ConnectionDropped, Receive, Scope, Send, StubApp, create_app
from .http_protocol import protocol_class
from .models import StubBackend

if TYPE_CHECKING:
    import uvicorn

__all__ = ["DEFAULT_HEAD_TIMEOUT", "DEFAULT_MAX_HEAD_BYTES", "StubServer", "serve"]

_START_TIMEOUT = 10.0
DEFAULT_MAX_HEAD_BYTES = 64 * 1024
DEFAULT_HEAD_TIMEOUT = 10.0


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


def _check_limits(max_head_bytes: int, head_timeout: float) -> None:
    if (
        isinstance(max_head_bytes, bool)
        or not isinstance(max_head_bytes, int)
        or max_head_bytes < 1
    ):
        raise ValueError(f"max_head_bytes must be a positive integer, not {max_head_bytes!r}")
    if not 0 < head_timeout < float("inf"):
        raise ValueError(f"head_timeout must be a positive number of seconds, not {head_timeout!r}")


def _config(
    app: StubApp,
    host: str,
    port: int,
    log_level: str,
    *,
    max_head_bytes: int = DEFAULT_MAX_HEAD_BYTES,
    head_timeout: float = DEFAULT_HEAD_TIMEOUT,
) -> uvicorn.Config:
    """uvicorn settings: the stub's httptools protocol (head bound and timeout, JSON refusals,
    transports for :class:`_DroppingApp`), uvloop when installed, no access log."""
    import uvicorn

    _check_limits(max_head_bytes, head_timeout)
    dropping = _DroppingApp(app)
    protocol = protocol_class(dropping.transports, max_head_bytes, head_timeout)

    loop = "uvloop" if importlib.util.find_spec("uvloop") is not None else "asyncio"
    return uvicorn.Config(
        dropping,
        host=host,
        port=port,
        http=protocol,
        loop=loop,
        lifespan="off",
        ws="none",  # a WebSocket upgrade is an ordinary request here, whatever is installed
        access_log=False,
        server_header=False,
        proxy_headers=False,  # the peer is the peer: _DroppingApp finds transports by it
        log_level=log_level,
    )


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to *host*:*port* (0: a free port) and listening, so that clients can
    connect (their connections wait in the backlog) before the server runs; OSError when the
    address is busy or the host unknown."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        sock.bind(address)
        sock.listen(2048)  # uvicorn's default backlog
    except OSError:
        sock.close()
        raise
    return sock


class StubServer:
    """The stub on ``127.0.0.1`` and a free port, in a daemon thread; a context manager.

    ``max_head_bytes`` and ``head_timeout`` bound what a client may send before its request
    head is complete (see the module's table of limits).

    >>> with StubServer() as server:  # doctest: +SKIP
    ...     httpx.get(f"{server.base_url}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs", ...)
    """

    def __init__(
        self,
        backend: StubBackend | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        max_head_bytes: int = DEFAULT_MAX_HEAD_BYTES,
        head_timeout: float = DEFAULT_HEAD_TIMEOUT,
    ) -> None:
        _check_limits(max_head_bytes, head_timeout)
        self.backend: StubBackend = backend if backend is not None else StubBackend()
        self.app: StubApp = create_app(self.backend)
        self.host: str = host
        self.port: int = port
        self.max_head_bytes = max_head_bytes
        self.head_timeout = head_timeout
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

        sock = listening_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        config = _config(
            self.app,
            self.host,
            self.port,
            "warning",
            max_head_bytes=self.max_head_bytes,
            head_timeout=self.head_timeout,
        )
        self._server, self._thread = serve_in_thread(config, sock, "modelarts-stub")
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread (bounded)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        stop_serving(server, thread)
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


def serve_in_thread(config: Any, sock: socket.socket, name: str) -> tuple[Any, threading.Thread]:
    """Run a ``uvicorn.Config`` on *sock* in a daemon thread named *name*; return the server
    and the thread once it accepts requests (RuntimeError if it does not within 10 s)."""
    import uvicorn

    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError(f"{name}: the server did not start")
        time.sleep(0.005)
    return server, thread


def stop_serving(server: Any, thread: threading.Thread) -> None:
    """Ask a server of :func:`serve_in_thread` to exit and wait for its thread (bounded)."""
    server.should_exit = True
    thread.join(timeout=_START_TIMEOUT)


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    backend: StubBackend | None = None,
    log_level: str = "info",
    max_head_bytes: int = DEFAULT_MAX_HEAD_BYTES,
    head_timeout: float = DEFAULT_HEAD_TIMEOUT,
    sock: socket.socket | None = None,
) -> None:
    """Serve the stub until interrupted (Ctrl-C); what ``modelarts-vizjobs stub serve`` runs.

    *sock*, from :func:`listening_socket`, is served instead of binding *host*:*port* (the CLI
    binds first so that it prints its banner only once the port is really its own).
    """
    import uvicorn

    app = create_app(backend if backend is not None else StubBackend())
    config = _config(
        app, host, port, log_level, max_head_bytes=max_head_bytes, head_timeout=head_timeout
    )
    uvicorn.Server(config).run(sockets=None if sock is None else [sock])
