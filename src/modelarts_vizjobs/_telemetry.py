"""OpenTelemetry seams of the request path: decorators and hooks that cost nothing when off.

Tracing and metrics are the ``otel`` extra's (``opentelemetry-api``); everything that imports
it is in ``_otel`` and the two modules it imports, loaded by :func:`for_client` only when the
API is installed and not disabled (``OTEL_PYTHON_DISABLED_INSTRUMENTATIONS`` naming
``modelarts_vizjobs``). Without it a client's ``_telemetry`` is None and every seam below is
one attribute or context-variable read.
With it but no SDK provider set (the API's own proxies record nothing), a seam asks the
providers and goes on as if it were off; with only a meter provider, it records no span.

The seams, all in code that both clients share through ``scripts/unasync.py``:

- ``@traced_request`` on ``_request``: one SDK request (all its attempts) starts and ends;
- ``attempt(request)`` before each send: the HTTP attempt (and trace-context propagation);
- ``retry(error, delay)`` before each backoff sleep;
- ``@traced_call(name)`` on a resource method whose call spans several requests (a ``wait``,
  ``delete_many``, ``prune``): the call's span, which its first request of that name joins
  (``when_waiting``: only for a call with ``wait=True``; without, its one request's span is
  the call's, and the call pays for one seam, not two);
- ``@traced_wait`` on ``_wait``: the polling of ``wait=True``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import httpx

    from ._otel import Telemetry
    from ._otel_traces import MeteredRequest, RequestTrace

__all__ = [
    "INSTRUMENTATION_NAME",
    "attempt",
    "for_client",
    "retry",
    "traced_call",
    "traced_request",
    "traced_wait",
]

F = TypeVar("F", bound=Callable[..., Any])

#: The instrumentation scope, and the name ``OTEL_PYTHON_DISABLED_INSTRUMENTATIONS`` takes.
INSTRUMENTATION_NAME = "modelarts_vizjobs"
#: The request being traced in this context (set by ``traced_request`` only when tracing).
_REQUEST: ContextVar[RequestTrace | MeteredRequest | None] = ContextVar(
    "modelarts_vizjobs_request", default=None
)
_available: list[bool] = []
#: ``inspect.CO_COROUTINE``: ``inspect`` itself would cost the SDK's import 5 ms.
_CO_COROUTINE = 0x80


def for_client() -> Telemetry | None:
    """A new client's telemetry when the ``otel`` extra is installed and enabled, else None
    (then ``opentelemetry`` is never imported). Options are read from the environment now."""
    disabled = os.environ.get("OTEL_PYTHON_DISABLED_INSTRUMENTATIONS", "")
    if INSTRUMENTATION_NAME in (name.strip() for name in disabled.split(",")):
        return None
    if not _available:
        import importlib.util

        try:
            _available.append(importlib.util.find_spec("opentelemetry") is not None)
        except (ImportError, ValueError):  # hidden or half-imported: treated as absent
            _available.append(False)
    if not _available[0]:
        return None
    try:
        from ._otel import Telemetry
    except ImportError:  # a broken or partial install: run without telemetry
        _available[0] = False
        return None
    return Telemetry.from_env()


def attempt(request: httpx.Request) -> None:
    """Seam: an attempt of the current request is about to be sent."""
    trace = _REQUEST.get()
    if trace is not None:
        trace.attempt(request)


def retry(error: Exception, delay: float) -> None:
    """Seam: the current request sleeps *delay* seconds before retrying after *error*."""
    trace = _REQUEST.get()
    if trace is not None:
        trace.retry(error, delay)


def traced_request(method: F) -> F:
    """Seam on ``_request(self, op, ...)``: the request's span and metrics (the client's
    ``_telemetry``)."""
    return _traced(method, lambda self: self._telemetry, _start_request)


def traced_call(name: str, *, when_waiting: bool = False) -> Callable[[F], F]:
    """Seam on a ``jobs`` method: the call's span (``client.jobs._client._telemetry``); with
    *when_waiting*, only for a call given ``wait=True``."""

    def start(telemetry: Telemetry, self: Any, args: tuple[Any, ...], kwargs: Any) -> Any:
        if when_waiting and not kwargs.get("wait"):
            return None
        return telemetry.call(name, self._project)

    return lambda method: _traced(method, lambda self: self._client._telemetry, start)


def traced_wait(method: F) -> F:
    """Seam on ``_wait(self, waiter, ...)``: the polling span of ``wait=True``."""

    def start(telemetry: Telemetry, self: Any, args: tuple[Any, ...], kwargs: Any) -> Any:
        return telemetry.wait(args[0])

    return _traced(method, lambda self: self._client._telemetry, start)


def _start_request(telemetry: Telemetry, self: Any, args: tuple[Any, ...], kwargs: Any) -> Any:
    trace = telemetry.request(args[0])
    return None if trace is None else (trace, _REQUEST.set(trace))


def _traced(
    method: F,
    telemetry_of: Callable[[Any], Telemetry | None],
    start: Callable[[Telemetry, Any, tuple[Any, ...], dict[str, Any]], Any],
) -> F:
    """*method* (sync or async) wrapped in a span that *start* opens; untouched when the
    object's telemetry is None or *start* opens nothing."""

    def begin(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        telemetry = telemetry_of(self)
        return None if telemetry is None else start(telemetry, self, args, kwargs)

    if method.__code__.co_flags & _CO_COROUTINE:

        @functools.wraps(method)
        async def run_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            scope = begin(self, args, kwargs)
            if scope is None:
                return await method(self, *args, **kwargs)
            try:
                result = await method(self, *args, **kwargs)
            except BaseException as exc:
                _end(scope, None, exc)
                raise
            _end(scope, result, None)
            return result

        return run_async  # type: ignore[return-value]

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        scope = begin(self, args, kwargs)
        if scope is None:
            return method(self, *args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except BaseException as exc:
            _end(scope, None, exc)
            raise
        _end(scope, result, None)
        return result

    return run  # type: ignore[return-value]


def _end(scope: Any, result: object, exc: BaseException | None) -> None:
    if isinstance(scope, tuple):  # a request: (trace, context-variable token)
        trace, token = scope
        _REQUEST.reset(token)
        trace.end(result, exc)
    else:
        scope.end(result, exc)
