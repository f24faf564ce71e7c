"""Where exchanges go once made: the spec check, the run's memory and the optional cassette.

:class:`ObservingTransport` feeds it from a sync httpx client (the tour); the proxy feeds it
the exchanges it forwards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx

from modelarts_vizjobs.cassette import Cassette, Exchange, Redactor

from ._report import Call
from ._spec import Finding, SpecChecker

__all__ = ["ObservingTransport", "Recorder", "exchange_of"]


class Recorder:
    """Checks each exchange against the spec and keeps it, its findings and its timing.

    *checker* may be None when the checks happen elsewhere (the proxy's checking process,
    which hands results to :meth:`keep`). *cassette* (with *redactor*) also records it;
    *on_finding* hears of each finding as it comes (the proxy logs them). Thread-safe.
    """

    def __init__(
        self,
        checker: SpecChecker | None,
        *,
        cassette: Cassette | None = None,
        redactor: Redactor | None = None,
        on_finding: Callable[[Finding], None] | None = None,
    ) -> None:
        self.checker = checker
        self.cassette = cassette
        self.redactor: Redactor = redactor or Redactor()
        self.on_finding = on_finding
        self.step = ""
        #: Set while the tour sends what the spec refuses on purpose: no request findings.
        self.deliberate = False
        self.exchanges: list[Exchange] = []
        self.findings: list[Finding] = []
        self.calls: list[Call] = []
        self._lock = threading.Lock()

    def observe(self, exchange: Exchange) -> list[Finding]:
        """Check *exchange* against the spec and keep it; its findings."""
        if self.checker is None:
            raise RuntimeError("this recorder has no checker: use keep()")
        findings = self.checker.check(exchange)
        if self.deliberate:
            findings = [f for f in findings if not f.message.startswith("request: ")]
        self.keep(exchange, findings)
        return findings

    def keep(self, exchange: Exchange, findings: list[Finding]) -> None:
        """Keep an exchange checked elsewhere (the proxy's checking process)."""
        query = "&".join(f"{k}={v}" for k, v in exchange.query)
        target = exchange.path + (f"?{query}" if query else "")
        call = Call(
            self.step,
            exchange.operation,
            exchange.method,
            target,
            exchange.status,
            exchange.elapsed_ms,
        )
        with self._lock:
            self.exchanges.append(exchange)
            self.findings += findings
            self.calls.append(call)
            if self.cassette is not None:
                self.cassette.add(exchange, self.redactor)
        if self.on_finding is not None:
            for finding in findings:
                self.on_finding(finding)


def exchange_of(
    request: httpx.Request, response: httpx.Response | None, elapsed_ms: float
) -> Exchange:
    """An :class:`Exchange` from a sent request and its (read) answer, if any."""
    path = request.url.raw_path.partition(b"?")[0].decode("ascii")
    return Exchange(
        operation="",
        method=request.method,
        path=path,
        query=list(request.url.params.multi_items()),
        request_headers=dict(request.headers.items()),
        request_body=request.content,
        status=None if response is None else response.status_code,
        response_headers={} if response is None else dict(response.headers.items()),
        response_body=b"" if response is None else response.content,
        elapsed_ms=elapsed_ms,
    )


class ObservingTransport(httpx.BaseTransport):
    """Sends through *inner* (a plain HTTP transport by default) and hands every attempt,
    answered or not, to *recorder*."""

    def __init__(self, recorder: Recorder, inner: httpx.BaseTransport | None = None) -> None:
        self.recorder = recorder
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        start = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
            response.read()
        except httpx.TransportError:
            elapsed = (time.perf_counter() - start) * 1000
            self.recorder.observe(exchange_of(request, None, elapsed))
            raise
        elapsed = (time.perf_counter() - start) * 1000
        self.recorder.observe(exchange_of(request, response, elapsed))
        return response

    def close(self) -> None:
        self._inner.close()
