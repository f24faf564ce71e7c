"""The stub's HTTP/1.1 connection: uvicorn's httptools protocol with the stub's own bounds.

httptools (llhttp, strict) parses about twice as fast as h11 and refuses what a request
smuggler sends: ``Content-Length`` with ``Transfer-Encoding``, two ``Content-Length`` headers,
an obs-folded header line, a chunk size that is not hex. Each is answered ``400`` with the
ModelArts JSON error body and the connection is closed, so a request pipelined behind it is
never read. llhttp has no bound on a request head and uvicorn no timeout for one, so this
protocol adds both: it counts the bytes of a head still incomplete (fed to the parser in
1 KiB slices, so the bound holds however the head arrives) and closes a connection whose head
is not complete in time.

A refused request's connection is closed in stages (RFC 9112 §9.6): the answer, then the end
of writing, then whatever the client still sends is read and dropped until it closes or
``LINGER`` seconds pass. Closing at once, with the client's upload still arriving, would make
the kernel reset the connection, and a reset can destroy the answer before the client reads it.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from .app import encode_json, next_request_id
from .exceptions import BadRequest, RequestHeadTooLarge, ServiceError

__all__ = ["protocol_class", "raw_answer"]

#: Bytes handed to the parser at a time while a request head is incomplete: the head
#: limit's precision.
HEAD_SLICE = 1024
#: Seconds a refused connection is read (and what arrives dropped) after the answer.
LINGER = 2.0


def raw_answer(error: ServiceError) -> bytes:
    """The raw answer for a request the server refuses before the app sees it (unparseable,
    a head over the limit...): the documented JSON error, not a text page."""
    payload = encode_json(error.body())
    head = (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\nx-request-id: %s\r\nconnection: close\r\n\r\n"
    )
    phrase = HTTPStatus(error.status).phrase.encode()
    return head % (error.status, phrase, len(payload), next_request_id().encode()) + payload


class _OneSendPerResponse:
    """The transport as a request cycle sees it: writes wait for the end of the loop turn (or
    of the response, or a close) and go out as one send. uvicorn writes a response's head and
    body separately, and on loopback a send costs more than the stub's own work per request."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self.transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending = []
            if not self.transport.is_closing():
                self.transport.write(data)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def abort(self) -> None:
        self._pending = []
        self.transport.abort()

    def is_closing(self) -> bool:
        return self.transport.is_closing()

    def __getattr__(self, name: str) -> Any:  # get_extra_info, pause_reading...
        return getattr(self.transport, name)


def protocol_class(
    transports: dict[Any, asyncio.Transport], max_head_bytes: int, head_timeout: float
) -> type[asyncio.Protocol]:
    """uvicorn's ``HttpToolsProtocol`` with the head bound and timeout; each connection's
    transport is kept in *transports* by peer while it is open (for dropped connections)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class StubProtocol(HttpToolsProtocol):
        _stub_peer: Any = None
        _stub_timer: asyncio.TimerHandle | None = None
        _stub_head_pending = True  # no complete request head since the last message
        _stub_head_bytes = 0
        _stub_refused = False  # answered with an error: reading only to drop

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.transport = _OneSendPerResponse(transport, self.loop)  # type: ignore[assignment]
            peer = transport.get_extra_info("peername")
            self._stub_peer = tuple(peer[:2]) if peer else None
            transports[self._stub_peer] = transport
            self._stub_start_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stub_stop_timer()
            transports.pop(self._stub_peer, None)
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._stub_refused:  # a pipelined request is never read
                return
            if not self._stub_head_pending:  # a body: no head to bound
                super().data_received(data)
                return
            if self._stub_timer is None:  # the next request on a kept-alive connection
                self._stub_start_timer()
            if len(data) <= HEAD_SLICE:  # the usual case: one small read
                self._stub_head_bytes += len(data)
                super().data_received(data)
                self._stub_check_head()
                return
            view = memoryview(data)
            while view and not (self._stub_refused or self.transport.is_closing()):
                size = HEAD_SLICE if self._stub_head_pending else len(view)
                if self._stub_head_pending:
                    self._stub_head_bytes += min(size, len(view))
                super().data_received(bytes(view[:size]))
                view = view[size:]
                self._stub_check_head()

        def _stub_check_head(self) -> None:
            if self._stub_head_pending and self._stub_head_bytes > max_head_bytes:
                self._stub_refuse(RequestHeadTooLarge("Request header fields too large."))

        def _stub_refuse(self, error: ServiceError) -> None:
            """Answer *error*, stop writing, and close after ``LINGER`` s of dropping input."""
            if self._stub_refused or self.transport.is_closing():
                return
            self._stub_refused = True
            self._stub_stop_timer()
            self.transport.write(raw_answer(error))
            self.transport.flush()  # type: ignore[attr-defined]
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self._stub_timer = self.loop.call_later(LINGER, self.transport.close)

        def on_headers_complete(self) -> None:
            self._stub_head_pending = False
            self._stub_stop_timer()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            self.transport.flush()  # type: ignore[attr-defined]
            super().on_response_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._stub_head_pending = True
            self._stub_head_bytes = 0

        def _stub_start_timer(self) -> None:
            self._stub_timer = self.loop.call_later(head_timeout, self._stub_head_late)

        def _stub_stop_timer(self) -> None:
            if self._stub_timer is not None:
                self._stub_timer.cancel()
                self._stub_timer = None

        def _stub_head_late(self) -> None:
            self._stub_timer = None
            if not self.transport.is_closing():
                self.transport.close()

        def send_400_response(self, msg: str) -> None:
            self._stub_refuse(BadRequest(f"Invalid Argument. {msg}"))

    return StubProtocol
