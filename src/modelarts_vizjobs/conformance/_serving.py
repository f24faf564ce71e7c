"""An ASGI app on 127.0.0.1 in a daemon thread (uvicorn, the stub's server stack): the proxy
in tests and benchmarks, and any app a test wants on a real socket."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

__all__ = ["ThreadedServer"]


class ThreadedServer:
    """``with ThreadedServer(app) as server: httpx.get(server.base_url + ...)``."""

    #: Further ``uvicorn.Config`` settings of this kind of server.
    uvicorn_options: dict[str, Any] = {}  # noqa: RUF012 (never mutated: subclasses replace it)

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app: Any = app
        self.host: str = host
        self.port: int = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> ThreadedServer:
        """Listen before returning, so ``port`` is the bound one (``port=0`` picks a free one)."""
        import uvicorn

        from modelarts_vizjobs.stub.server import listening_socket, serve_in_thread

        sock = listening_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            lifespan="auto",
            access_log=False,
            log_level="warning",
            server_header=False,
            **self.uvicorn_options,
        )
        self._server, self._thread = serve_in_thread(config, sock, "conformance-server")
        return self

    def stop(self) -> None:
        """Stop the server and wait for its thread (bounded); a second call does nothing."""
        from modelarts_vizjobs.stub.server import stop_serving

        if self._server is None or self._thread is None:
            return
        stop_serving(self._server, self._thread)
        self._server = self._thread = None

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
