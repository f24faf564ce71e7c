"""The validating proxy: forwards to the upstream, re-signs AK/SK requests for the upstream
host, and checks every exchange against the spec without ever changing an answer.

Why re-sign: an AK/SK signature covers the ``Host`` header, so a request signed for the proxy
(``127.0.0.1:8081``) is refused upstream (``ModelArts.0208``), as it is through Prism. The
proxy drops the client's signature and signs again with the key pair of its environment; an
``X-Auth-Token`` request goes through as it is.

The answer's bytes go back untouched (status, headers, encoded body) as soon as they arrive;
the spec check runs afterwards in a separate process: openapi-core takes ~5 ms of CPU per
exchange, which in a thread of the proxy's process would hold the GIL the forwarding needs.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import signal
import threading
import time
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx

from modelarts_vizjobs import AkSkAuth
from modelarts_vizjobs.cassette import Exchange

from ._recorder import Recorder
from ._serving import ThreadedServer
from ._spec import Finding, SpecChecker, spec_path

__all__ = ["ProxyServer", "ValidatingProxy", "finding_line"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

#: Hop-by-hop headers (RFC 9110 7.6.1) and the ones httpx sets itself: never forwarded.
_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding"}
    | {"upgrade", "host", "content-length"}
)
#: What the client's signature consists of: replaced when the proxy re-signs.
_SIGNATURE = frozenset({"authorization", "x-sdk-date", "x-security-token", "x-sdk-content-sha256"})
_ANSWER_HOP = frozenset({"connection", "keep-alive", "transfer-encoding"})


def _decoded(body: bytes, encoding: str) -> bytes:
    """The answer body as the spec sees it (gzip/deflate undone); undecodable: as it is."""
    try:
        if encoding == "gzip":
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            return zlib.decompress(body)
    except zlib.error:
        return body
    return body


def _async_client(**options: Any) -> httpx.AsyncClient:
    """The upstream client: on aiohttp when the ``aiohttp`` extra is installed (about a third of
    httpx's own asyncio CPU per request, which is most of what the proxy adds), else httpx's."""
    try:
        from httpx_aiohttp import HttpxAiohttpClient
    except ImportError:
        return httpx.AsyncClient(**options)
    return HttpxAiohttpClient(**options)


class ValidatingProxy:
    """ASGI app forwarding to *upstream*; *signer* re-signs AK/SK requests (None: they go as
    they came); each exchange is checked against the spec at *spec* in a checking process and
    then kept by *recorder*. ``close()`` waits for the checks still running."""

    def __init__(
        self,
        upstream: str,
        recorder: Recorder,
        *,
        signer: AkSkAuth | None = None,
        timeout: float = 60.0,
        spec: Path | None = None,
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.recorder = recorder
        self.signer = signer
        self.counts: Counter[str] = Counter()
        self._timeout = timeout
        self._clients: dict[int, httpx.AsyncClient] = {}
        self._lock = threading.Lock()
        self._checks = _CheckingProcess(spec or spec_path(), self._checked)

    def _client(self) -> httpx.AsyncClient:
        """One connection pool per event loop thread (uvicorn runs one)."""
        key = threading.get_ident()
        with self._lock:
            if key not in self._clients:
                limits = httpx.Limits(max_keepalive_connections=32, keepalive_expiry=30)
                self._clients[key] = _async_client(timeout=self._timeout, limits=limits)
            return self._clients[key]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
        request = self._outgoing(scope, body)
        start = time.perf_counter()
        try:
            response = await self._client().send(request, stream=True)
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
            await response.aclose()
        except httpx.HTTPError as exc:
            elapsed = (time.perf_counter() - start) * 1000
            await _answer_failure(send, exc)
            self._submit(request, body, None, b"", elapsed)
            return
        elapsed = (time.perf_counter() - start) * 1000
        headers = [
            (name, value)
            for name, value in response.headers.raw
            if name.lower().decode("latin-1") not in _ANSWER_HOP
        ]
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": headers}
        )
        await send({"type": "http.response.body", "body": raw})
        self._submit(request, body, response, raw, elapsed)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Close this event loop's upstream client when the server shuts down."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                with self._lock:
                    client = self._clients.pop(threading.get_ident(), None)
                if client is not None:
                    await client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _outgoing(self, scope: Scope, body: bytes) -> httpx.Request:
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        url = self.upstream + raw_path.partition("?")[0] + (f"?{query}" if query else "")
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in scope["headers"]
            if name.decode("latin-1").lower() not in _HOP
        ]
        names = {name.lower() for name, _ in headers}
        resign = (
            self.signer is not None and "authorization" in names and "x-auth-token" not in names
        )
        if resign:
            headers = [(n, v) for n, v in headers if n.lower() not in _SIGNATURE]
        request = httpx.Request(scope["method"], url, headers=headers, content=body)
        if resign:
            assert self.signer is not None
            self.signer.sign(request)
        for name, value in headers:
            if name.lower() == "x-auth-token":
                self.recorder.redactor.add_secret(value)
        return request

    def _submit(
        self,
        request: httpx.Request,
        body: bytes,
        response: httpx.Response | None,
        raw: bytes,
        elapsed_ms: float,
    ) -> None:
        exchange = Exchange(
            operation="",
            method=request.method,
            path=request.url.raw_path.partition(b"?")[0].decode("ascii"),
            query=list(request.url.params.multi_items()),
            request_headers=dict(request.headers.items()),
            request_body=body,
            status=None if response is None else response.status_code,
            response_headers={} if response is None else dict(response.headers.items()),
            response_body=b""
            if response is None
            else _decoded(raw, response.headers.get("content-encoding", "")),
            elapsed_ms=elapsed_ms,
        )
        self._checks.submit(exchange)

    def _checked(self, exchange: Exchange, findings: list[Finding]) -> None:
        self.recorder.keep(exchange, findings)
        with self._lock:
            self.counts[exchange.operation] += 1
            self.counts["(all)"] += 1
            for finding in findings:
                self.counts[finding.severity] += 1

    def drain(self, timeout: float = 60.0) -> None:
        """Wait until every exchange so far has been checked."""
        self._checks.drain(timeout)

    def close(self) -> None:
        self._checks.close()

    def summary(self) -> str:
        """What the proxy saw, for its exit: calls per operation and each distinct finding."""
        self.drain()
        lines = [f"proxy summary: {self.counts['(all)']} exchanges forwarded to {self.upstream}"]
        operations = sorted(k for k in self.counts if k not in ("(all)", "violation", "drift"))
        lines += [f"  {name}: {self.counts[name]} calls" for name in operations]
        distinct = Counter(
            (f.severity, f.operation, f.field, f.message) for f in self.recorder.findings
        )
        lines.append(
            f"  {self.counts['violation']} violations, {self.counts['drift']} drift warnings"
            f" ({len(distinct)} distinct)"
        )
        lines += [
            f"  {severity.upper()} {operation} [{field or '-'}] {message} (x{count})"
            for (severity, operation, field, message), count in sorted(distinct.items())
        ]
        return "\n".join(lines)


class _CheckingProcess:
    """A child process running :class:`SpecChecker` over submitted exchanges; *done* hears of
    each result, in order, from a reader thread."""

    def __init__(self, spec: Path, done: Callable[[Exchange, list[Finding]], None]) -> None:
        context = multiprocessing.get_context("spawn")
        self._inbox: Any = context.Queue()
        self._outbox: Any = context.Queue()
        self._process = context.Process(
            target=_check_forever, args=(spec, self._inbox, self._outbox), daemon=True
        )
        self._process.start()
        self._done = done
        self._pending = 0
        self._idle = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="proxy-checks", daemon=True)
        self._reader.start()

    def submit(self, exchange: Exchange) -> None:
        with self._idle:
            self._pending += 1
        self._inbox.put(exchange)

    def _read(self) -> None:
        while True:
            try:
                result = self._outbox.get(timeout=0.5)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                result = None
            if result is None:
                with self._idle:
                    self._pending = 0
                    self._idle.notify_all()
                return
            exchange, findings = result
            try:
                self._done(exchange, findings)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def drain(self, timeout: float) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        if self._process.is_alive():
            self._inbox.put(None)
            self._reader.join(timeout=60)
            self._process.join(timeout=10)


def _check_forever(spec: Path, inbox: Any, outbox: Any) -> None:
    """The checking process: one result per exchange, then None when told to stop. Ctrl-C in
    a terminal reaches the whole process group: the proxy decides when this process stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    checker = SpecChecker(spec)
    while (exchange := inbox.get()) is not None:
        try:
            findings = checker.check(exchange)
        except Exception as exc:  # one odd exchange must not end the checks of the others
            findings = [
                Finding(
                    "violation", exchange.operation or "(unknown)", "", f"check failed: {exc!r}"
                )
            ]
        outbox.put((exchange, findings))
    outbox.put(None)


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _answer_failure(send: Send, exc: httpx.HTTPError) -> None:
    """The proxy's own answer when the upstream gave none: 502 and the ModelArts error shape."""
    document = {"is_success": False, "error_code": "PROXY.0502", "error_msg": f"upstream: {exc}"}
    payload = json.dumps(document).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": 502, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def finding_line(finding: Finding) -> str:
    """How the proxy logs a finding: one line."""
    field = finding.field or "-"
    return f"proxy: {finding.severity.upper()} {finding.operation} [{field}] {finding.message}"


class ProxyServer(ThreadedServer):
    """A :class:`ValidatingProxy` on 127.0.0.1 in a thread (tests, benchmarks)."""

    def __init__(self, proxy: ValidatingProxy, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(proxy, host, port)
        self.proxy = proxy

    def stop(self) -> None:
        super().stop()
        self.proxy.close()
