"""The stub in-process for SYNC clients: an httpx transport that runs the ASGI app with no socket.

httpx's own ``ASGITransport`` is async-only. This one hands each request to the same app on an
event loop in a helper thread (an anyio blocking portal, started on first use and stopped by
:meth:`StubTransport.close`, which ``httpx.Client.close`` calls), so the sync SDK client and
the generated sync client talk to the stub exactly as the async ones do.
"""

from __future__ import annotations

import threading
from contextlib import ExitStack

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from .app import create_app
from .models import StubBackend

__all__ = ["StubTransport"]


class StubTransport(httpx.BaseTransport):
    """``httpx.Client(transport=StubTransport(backend))``: the stub over *backend* (a fresh one
    by default), in-process. A "drop" fault raises
    :class:`~modelarts_vizjobs.stub.ConnectionDropped`, as a dropped connection would."""

    def __init__(self, backend: StubBackend | None = None) -> None:
        self.backend = backend if backend is not None else StubBackend()
        self._app = httpx.ASGITransport(app=create_app(self.backend))
        self._lock = threading.Lock()
        self._portal: BlockingPortal | None = None
        self._stack = ExitStack()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body as bytes, readable from the event loop too
        return self._running_portal().call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._app.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    def _running_portal(self) -> BlockingPortal:
        with self._lock:
            if self._portal is None:
                self._portal = self._stack.enter_context(start_blocking_portal())
            return self._portal

    def close(self) -> None:
        with self._lock:
            self._portal = None
            self._stack.close()
