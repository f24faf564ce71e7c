"""The spans and metrics of one SDK call, request and wait (the ``otel`` extra; see ``_otel``).

``RequestTrace`` (one request, all its attempts), ``CallTrace`` (a ``jobs`` method spanning
several requests) and ``WaitTrace`` (the polling of ``wait=True``) while spans are recorded;
``MeteredRequest`` and ``MeteredCall`` while only metrics are. ``_CURRENT`` is the innermost
call or wait in this context, which a new request joins or counts in.
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token
from typing import Any, Protocol
from urllib.parse import unquote

import httpx
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, StatusCode

from ._otel_instruments import PREFIX, Instruments
from ._secrets import redact_live as redact

__all__ = [
    "CallTrace",
    "MeteredCall",
    "MeteredRequest",
    "RequestTrace",
    "TraceOptions",
    "WaitTrace",
]


#: The innermost call or wait being traced in this context (requests join or count in it).
_CURRENT: ContextVar[_Scope | MeteredCall | None] = ContextVar(
    "modelarts_vizjobs_call", default=None
)


def _outcome(result: object, exc: BaseException | None) -> dict[str, Any]:
    """Attributes of a request's or attempt's end: status, request id, error type and code."""
    source = exc if exc is not None else result
    attributes: dict[str, Any] = {}
    status = getattr(source, "status_code", None)
    if isinstance(status, int):
        attributes["http.response.status_code"] = status
    request_id = getattr(source, "request_id", None)
    if isinstance(request_id, str):
        attributes[f"{PREFIX}.request_id"] = request_id
    if exc is not None:
        attributes["error.type"] = type(exc).__qualname__
        error_code = getattr(exc, "error_code", None)
        if isinstance(error_code, str):
            attributes[f"{PREFIX}.error_code"] = error_code
    return attributes


def _fail(span: Span, exc: BaseException | None, attributes: dict[str, Any]) -> None:
    span.set_attributes(attributes)
    if exc is not None:
        span.set_status(StatusCode.ERROR, redact(str(exc)))


def _http_error(result: object, exc: BaseException | None) -> str | None:
    """``error.type`` of an HTTP attempt: the status (4xx/5xx) or the transport exception."""
    status = getattr(exc if exc is not None else result, "status_code", None)
    if isinstance(status, int):
        return str(status) if status >= 400 else None
    return None if exc is None else type(exc).__qualname__


class TraceOptions(Protocol):
    """What a request's trace reads of its client's telemetry (``_otel.Telemetry``)."""

    tools: Instruments
    http_spans: bool
    propagate: bool


class RequestTrace:
    """One SDK request, all its attempts: joins the call of the same operation, or makes its
    own operation span."""

    __slots__ = (
        "_http",
        "_identity",
        "_metric",
        "_name",
        "_owned",
        "_route",
        "_started",
        "_telemetry",
        "_token",
        "attempts",
        "span",
    )

    def __init__(self, telemetry: TraceOptions, op: Any) -> None:
        self._telemetry = telemetry
        self._name: str = op.name
        self._started = time.perf_counter()
        self._http: Span | None = None
        self._token: Token[otel_context.Context] | None = None
        self.attempts = 0
        self._route: str = op.route
        self._identity = (op.operation_id, op.request["url"])
        current = _CURRENT.get()
        joined = _place(current, op.name, self)
        if joined is not None:  # a call started before a tracer provider was set has no span
            self.span = joined.span if isinstance(joined, CallTrace) else trace.INVALID_SPAN
            self._owned, self._metric = False, False
        else:
            self._owned, self._metric = True, not isinstance(current, WaitTrace)
            self.span = telemetry.tools.tracer.start_span(f"{PREFIX} {op.name}")
            if self.span.is_recording():
                self._token = otel_context.attach(trace.set_span_in_context(self.span))

    def attempt(self, request: httpx.Request) -> None:
        self.attempts += 1
        if not self.span.is_recording():
            return
        if not (self._telemetry.http_spans or self._telemetry.propagate):
            return  # the call's span is current already: nothing to add per attempt
        parent = trace.set_span_in_context(self.span)
        if self._telemetry.http_spans:
            self._http = self._http_span(request, parent)
            parent = trace.set_span_in_context(self._http, parent)
        if self._telemetry.propagate:
            propagate.inject(request.headers, context=parent)

    def _http_span(self, request: httpx.Request, parent: otel_context.Context) -> Span:
        url = request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        attributes: dict[str, Any] = {
            "http.request.method": request.method,
            "server.address": url.host,
            "server.port": port,
            "url.full": redact(f"{url.scheme}://{url.host}:{port}{url.raw_path.decode('ascii')}"),
        }
        if self.attempts > 1:
            attributes["http.request.resend_count"] = self.attempts - 1
        return self._telemetry.tools.tracer.start_span(
            f"{request.method} {self._route}",
            context=parent,
            kind=SpanKind.CLIENT,
            attributes=attributes,
        )

    def _end_attempt(self, result: object, exc: BaseException | None) -> None:
        span, self._http = self._http, None
        if span is None:
            return
        attributes: dict[str, Any] = {}
        status = getattr(exc if exc is not None else result, "status_code", None)
        if isinstance(status, int):
            attributes["http.response.status_code"] = status
        error = _http_error(result, exc)
        if error is not None:
            attributes["error.type"] = error
        span.set_attributes(attributes)
        if error is not None:
            span.set_status(StatusCode.ERROR, redact(str(exc)) if exc is not None else None)
        span.end()

    def retry(self, error: Exception, delay: float) -> None:
        reason = _count_retry(self._telemetry.tools, self._name, error)
        code = getattr(error, "error_code", None)
        if not self.span.is_recording():
            return
        self._end_attempt(None, error)
        self.span.add_event(
            f"{PREFIX}.retry",
            {
                f"{PREFIX}.retry.attempt": self.attempts,
                f"{PREFIX}.retry.reason": f"{reason} {code}" if isinstance(code, str) else reason,
                f"{PREFIX}.retry.backoff": delay,
                "error.type": reason,
            },
        )

    def end(self, result: object, exc: BaseException | None) -> None:
        if self._metric:
            self._telemetry.tools.record_duration(self._name, self._started, exc)
        if not self.span.is_recording():
            return
        self._end_attempt(result, exc)
        attributes = _identity(*self._identity)  # set once, at the end: one pass of checks
        attributes.update(_outcome(result, exc))
        attributes[f"{PREFIX}.attempts"] = self.attempts
        _fail(self.span, exc, attributes)
        if self._owned:
            if self._token is not None:
                otel_context.detach(self._token)
            self.span.end()


class MeteredRequest:
    """A request while nothing records spans: only its metrics, which cost a clock read and
    two no-op calls until a meter provider is set (the ``otel`` extra with no provider)."""

    __slots__ = ("_metric", "_name", "_started", "_tools")

    def __init__(self, tools: Instruments, name: str) -> None:
        self._tools = tools
        self._name = name
        self._started = time.perf_counter()
        current = _CURRENT.get()
        self._metric = _place(current, name, self) is None and not isinstance(current, WaitTrace)

    def attempt(self, request: httpx.Request) -> None:
        """Nothing to add to an attempt: no span, no trace context to propagate."""

    def retry(self, error: Exception, delay: float) -> None:
        _count_retry(self._tools, self._name, error)

    def end(self, result: object, exc: BaseException | None) -> None:
        if self._metric:
            self._tools.record_duration(self._name, self._started, exc)


class MeteredCall:
    """A call while nothing records spans: its duration and ``delete_many``/``prune`` counts."""

    __slots__ = ("_current", "_name", "_started", "_tools", "request")

    def __init__(self, tools: Instruments, name: str) -> None:
        self._tools = tools
        self._name = name
        self.request: object = None
        self._started = time.perf_counter()
        self._current = _CURRENT.set(self)

    def joins(self, operation: str) -> bool:
        return self.request is None and operation == self._name

    def end(self, result: object, exc: BaseException | None) -> None:
        _CURRENT.reset(self._current)
        _count_bulk(self._tools, self._name, result)
        self._tools.record_duration(self._name, self._started, exc)


def _place(current: object, name: str, request: object) -> CallTrace | MeteredCall | None:
    """The call a new request of operation *name* joins (its first of that name: the call
    records the duration), else None; a poll of a wait is counted."""
    if isinstance(current, CallTrace | MeteredCall) and current.joins(name):
        current.request = request
        return current
    if isinstance(current, WaitTrace):
        current.polls += 1
    return None


def _count_retry(tools: Instruments, name: str, error: Exception) -> str:
    """Count a retry of operation *name*; its reason (``error.type``)."""
    reason = _http_error(None, error) or type(error).__qualname__
    tools.retries.add(1, {f"{PREFIX}.operation": name, "error.type": reason})
    return reason


def _identity(operation_id: str, path: str) -> dict[str, Any]:
    """Operation id, project id and job id (from the request's path, built from the spec)."""
    parts = path.split("/")  # "", "v1", project, "visualization-jobs", job, action
    attributes = {f"{PREFIX}.operation_id": operation_id}
    if len(parts) > 2:
        attributes[f"{PREFIX}.project_id"] = unquote(parts[2])
    if len(parts) > 4:
        attributes[f"{PREFIX}.job_id"] = unquote(parts[4])
    return attributes


class _Scope:
    """A span made current (OTel context and ``_CURRENT``) until :meth:`close`; without
    *spans* (only metrics are recorded) the span is OTel's ``INVALID_SPAN``, which records
    nothing and ends as a no-op."""

    def __init__(
        self, tools: Instruments, name: str, attributes: dict[str, Any], *, spans: bool
    ) -> None:
        self.tools = tools
        self.started = time.perf_counter()
        self.span: Span = trace.INVALID_SPAN
        self._token: Token[otel_context.Context] | None = None
        if spans:
            self.span = tools.tracer.start_span(f"{PREFIX} {name}", attributes=attributes or None)
            if self.span.is_recording():
                self._token = otel_context.attach(trace.set_span_in_context(self.span))
        self._current = _CURRENT.set(self)

    def close(self, exc: BaseException | None, attributes: dict[str, Any]) -> None:
        if self.span.is_recording() and (attributes or exc is not None):
            _fail(self.span, exc, {**attributes, **_outcome(None, exc)} if exc else attributes)
        _CURRENT.reset(self._current)
        if self._token is not None:
            otel_context.detach(self._token)
        self.span.end()


class CallTrace(_Scope):
    """A ``jobs`` method spanning several requests; its first request of the same operation
    joins its span."""

    def __init__(self, tools: Instruments, name: str, project_id: str) -> None:
        self.name = name
        self.project_id = project_id
        self.request: object = None  # the request that joined (a RequestTrace or MeteredRequest)
        super().__init__(tools, name, {}, spans=True)  # made only while spans are recorded

    def joins(self, operation: str) -> bool:
        return self.request is None and operation == self.name

    def end(self, result: object, exc: BaseException | None) -> None:
        attributes: dict[str, Any] = {}
        if self.request is None:  # else the request gave the ids
            attributes[f"{PREFIX}.project_id"] = self.project_id
        job_id = getattr(result, "job_id", None)  # a create's new job
        if job_id is not None:
            attributes[f"{PREFIX}.job_id"] = str(job_id)
        for outcome, count in _count_bulk(self.tools, self.name, result).items():
            attributes[f"{PREFIX}.bulk.{outcome}"] = count
        self.tools.record_duration(self.name, self.started, exc)
        self.close(exc, attributes)


def _count_bulk(tools: Instruments, name: str, result: object) -> dict[str, int]:
    """Count the jobs a ``delete_many``/``prune`` handled, per outcome; the counts."""
    outcomes = _bulk_outcomes(name, result)
    for outcome, count in outcomes.items():
        tools.bulk.add(count, {f"{PREFIX}.operation": name, f"{PREFIX}.outcome": outcome})
    return outcomes


def _bulk_outcomes(name: str, result: object) -> dict[str, int]:
    if name == "delete_many" and result is not None:
        return {"deleted": len(result.deleted), "failed": len(result.failures)}  # type: ignore[attr-defined]
    if name == "prune" and result is not None and not result.dry_run:  # type: ignore[attr-defined]
        counts: dict[str, int] = result.counts()  # type: ignore[attr-defined]
        return counts
    return {}


class WaitTrace(_Scope):
    """``wait=True``: counts the polls (each a ``get`` span below it) and keeps the end."""

    def __init__(self, tools: Instruments, waiter: Any, *, spans: bool) -> None:
        self._waiter = waiter
        self.polls = 0
        attributes = {f"{PREFIX}.job_id": waiter.job_id, f"{PREFIX}.wait.goal": waiter.goal.value}
        super().__init__(tools, "wait", attributes, spans=spans)

    def end(self, result: object, exc: BaseException | None) -> None:
        attributes: dict[str, Any] = {f"{PREFIX}.wait.polls": self.polls}
        job: Any = result if exc is None else self._waiter.last
        if job is not None:
            status = job.status
            attributes[f"{PREFIX}.job.status"] = getattr(status, "name", str(status))
        elif exc is None:
            attributes[f"{PREFIX}.job.status"] = "GONE"
        self.close(exc, attributes)
