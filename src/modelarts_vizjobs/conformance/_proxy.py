"""The validating proxy: forwards the spec's operations to the upstream, re-signs AK/SK
requests for the upstream host, and checks every exchange against the spec without ever
changing an answer.

Why re-sign: an AK/SK signature covers the ``Host`` header, so a request signed for the proxy
(``127.0.0.1:8081``) is refused upstream (``ModelArts.0208``), as it is through Prism. The
proxy drops the client's signature and signs again with the key pair of its environment, but
only once the client's signature verifies with that same pair (:mod:`._proxy_guard` says what
is refused, and why); an ``X-Auth-Token`` request goes through as it is.

The answer's bytes go back untouched (status, headers, encoded body) as soon as they arrive;
the spec check runs afterwards in a separate process (:mod:`._proxy_checks`).
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx

from modelarts_vizjobs import AkSkAuth
from modelarts_vizjobs._default_http import new_async_http_client
from modelarts_vizjobs.cassette import Exchange

from ._proxy_checks import CheckingProcess
from ._proxy_guard import Guard, Refusal
from ._recorder import Recorder
from ._serving import ThreadedServer
from ._spec import Finding, Routes, spec_path

__all__ = ["ProxyServer", "ValidatingProxy", "finding_line"]

#: uvicorn settings of every proxy server: h11 hands the request target over as sent, so an
#: absolute-form one can be refused (httptools keeps only its path).
PROXY_SERVER_OPTIONS: dict[str, Any] = {"http": "h11"}

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


class ValidatingProxy:
    """ASGI app forwarding the operations of the spec at *spec* to *upstream*; each exchange is
    checked against the spec in a checking process and then kept by *recorder*. ``close()``
    waits for the checks still running.

    *signer* re-signs AK/SK requests whose signature verifies with *signer*'s access key and
    *secret_key* (ValueError when one comes without the other); None: nothing is re-signed or
    verified, requests go as they came. *forward_unknown* forwards requests that match no
    operation, never re-signed. *on_refusal* hears one line per refused request.
    """

    def __init__(
        self,
        upstream: str,
        recorder: Recorder,
        *,
        signer: AkSkAuth | None = None,
        secret_key: str | None = None,
        timeout: float = 60.0,
        spec: Path | None = None,
        forward_unknown: bool = False,
        on_refusal: Callable[[str], None] | None = None,
    ) -> None:
        if (signer is None) != (secret_key is None):
            raise ValueError("give signer and secret_key together: the proxy verifies first")
        self.upstream: str = upstream.rstrip("/")
        self.recorder = recorder
        self.signer = signer
        self.guard: Guard = Guard(
            Routes.load(spec),
            access_key=None if signer is None else signer.access_key,
            secret_key=secret_key,
            forward_unknown=forward_unknown,
        )
        self.counts: Counter[str] = Counter()
        self.refused: Counter[int] = Counter()
        self._on_refusal = on_refusal
        self._timeout = timeout
        self._clients: dict[int, httpx.AsyncClient] = {}
        self._lock = threading.Lock()
        self._checks = CheckingProcess(spec or spec_path(), self._checked)

    def _client(self) -> httpx.AsyncClient:
        """One connection pool per event loop thread (uvicorn runs one), on aiohttp when the
        extra is installed (a third of httpx's own asyncio CPU per request, most of what the
        proxy adds); like a client the SDK makes, it keeps no cookies: an upstream's cookie
        (a gateway's session) never goes out with another caller's request."""
        key = threading.get_ident()
        with self._lock:
            if key not in self._clients:
                limits = httpx.Limits(max_keepalive_connections=32, keepalive_expiry=30)
                self._clients[key] = new_async_http_client(timeout=self._timeout, limits=limits)
            return self._clients[key]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
        received = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        verdict = self.guard.judge(scope, received, body)
        if isinstance(verdict, Refusal):
            await self._refuse(scope, verdict, send)
            return
        request = self._outgoing(scope, body, resign=verdict)
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

    async def _refuse(self, scope: Scope, refusal: Refusal, send: Send) -> None:
        with self._lock:
            self.refused[refusal.status] += 1
        if self._on_refusal is not None:  # the raw path: still percent-encoded, one line
            raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
            raw_path = raw_path.partition("?")[0]
            path = raw_path if raw_path.startswith("/") else "(a URL as request target)"
            self._on_refusal(
                f"proxy: REFUSED {refusal.status} {refusal.error_code} {scope['method']} {path}:"
                f" {refusal.message}"
            )
        await _send_json(send, refusal.status, refusal.payload())

    def _outgoing(self, scope: Scope, body: bytes, *, resign: bool) -> httpx.Request:
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        url = self.upstream + raw_path.partition("?")[0] + (f"?{query}" if query else "")
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in scope["headers"]
            if name.decode("latin-1").lower() not in _HOP
        ]
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
        """Let the checks still queued finish, then end the checking process."""
        self._checks.close()

    def summary(self) -> str:
        """What the proxy saw, for its exit: calls per operation and each distinct finding."""
        self.drain()
        lines = [f"proxy summary: {self.counts['(all)']} exchanges forwarded to {self.upstream}"]
        if self.refused:
            by_status = ", ".join(f"{n} x {s}" for s, n in sorted(self.refused.items()))
            lines.append(f"  {sum(self.refused.values())} requests refused ({by_status})")
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


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _answer_failure(send: Send, exc: httpx.HTTPError) -> None:
    """The proxy's own answer when the upstream gave none: 502 and the ModelArts error shape."""
    await _send_json(send, 502, Refusal(502, "PROXY.0502", f"upstream: {exc}").payload())


async def _send_json(send: Send, status: int, payload: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def finding_line(finding: Finding) -> str:
    """How the proxy logs a finding: one line."""
    field = finding.field or "-"
    return f"proxy: {finding.severity.upper()} {finding.operation} [{field}] {finding.message}"


class ProxyServer(ThreadedServer):
    """A :class:`ValidatingProxy` on 127.0.0.1 in a thread (tests, benchmarks)."""

    uvicorn_options = PROXY_SERVER_OPTIONS

    def __init__(self, proxy: ValidatingProxy, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(proxy, host, port)
        self.proxy = proxy

    def stop(self) -> None:
        """Stop serving, then wait for the checks of what was served (``close()``)."""
        super().stop()
        self.proxy.close()
