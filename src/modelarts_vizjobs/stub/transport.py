"""The stub in-process for SYNC clients: an httpx transport that runs the ASGI app with no socket.

httpx's own ``ASGITransport`` is async-only. This one hands each request to the same app on an
asyncio event loop in a helper thread, started on first use and stopped by
:meth:`StubTransport.close` (which ``httpx.Client.close`` calls), so the sync SDK client and the
generated sync client talk to the stub exactly as the async ones do.

The helper thread is a daemon, and the transport stops it when it is garbage-collected: a
script that never closes its client still exits (an anyio blocking portal's worker thread kept
the interpreter alive until 1.1.0).
"""

from __future__ import annotations

import asyncio
import threading
import weakref

import httpx

from .app import create_app
from .models import StubBackend

__all__ = ["StubTransport"]


class _LoopThread:
    """An asyncio loop running forever in a daemon thread, until :meth:`stop`."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="stub-transport", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self.loop.close()


class StubTransport(httpx.BaseTransport):
    """``httpx.Client(transport=StubTransport(backend))``: the stub over *backend* (a fresh one
    by default), in-process. A "drop" fault raises
    :class:`~modelarts_vizjobs.stub.ConnectionDropped`, as a dropped connection would."""

    def __init__(self, backend: StubBackend | None = None) -> None:
        self.backend: StubBackend = backend if backend is not None else StubBackend()
        self._app = httpx.ASGITransport(app=create_app(self.backend))
        self._lock = threading.Lock()
        self._runner: _LoopThread | None = None
        self._finalizer: weakref.finalize[[], StubTransport] | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Hand the request to the app on the transport's loop thread: the app is async, the
        caller is not."""
        request.read()  # the body as bytes, readable from the event loop too
        loop = self._running_loop()
        return asyncio.run_coroutine_threadsafe(self._send(request), loop).result()

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._app.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._runner is None:
                self._runner = runner = _LoopThread()
                self._finalizer = weakref.finalize(self, runner.stop)
            return self._runner.loop

    def close(self) -> None:
        """End the loop thread; a later request starts a new one, so closing is always safe."""
        with self._lock:
            runner, self._runner = self._runner, None
            if self._finalizer is not None:
                self._finalizer.detach()
                self._finalizer = None
        if runner is not None:
            runner.stop()
