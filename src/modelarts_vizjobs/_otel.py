"""The ``otel`` extra: spans and metrics of SDK calls (imported only by ``_telemetry``).

Spans (instrumentation scope ``modelarts_vizjobs``; see docs/tracing.md):

- ``modelarts.vizjobs <operation>`` (INTERNAL): one per SDK call, ``create`` ... ``restart``,
  ``delete_many``, ``prune``; a ``list`` makes one per page. Attributes ``modelarts.vizjobs.*``:
  ``operation_id`` (the spec's), ``project_id``, ``job_id``, ``attempts``, ``request_id``,
  ``error_code``; ``http.response.status_code`` (final) and ``error.type`` on failure. Each
  retry is an event ``modelarts.vizjobs.retry`` with its reason and backoff sleep.
- ``modelarts.vizjobs wait`` (INTERNAL), child of the call, for ``wait=True``: ``polls``,
  the job's final ``job.status``, each poll a ``get`` span below it.
- ``<METHOD> <url template>`` (CLIENT), one per HTTP attempt, per the HTTP client semantic
  conventions (``http.request.resend_count`` on retries), with
  ``MODELARTS_VIZJOBS_OTEL_HTTP_SPANS=true``. Off by default: a service that traces usually
  runs opentelemetry-instrumentation-httpx, whose spans nest under the call's span (current
  while sending), and a second span per attempt would double the cost.

Metrics: ``modelarts.vizjobs.client.operation.duration`` (s, per operation and ``error.type``),
``modelarts.vizjobs.client.retries`` ({retry}) and ``modelarts.vizjobs.client.bulk.jobs``
({job}, per ``delete_many``/``prune`` outcome). ``http.client.request.duration`` is left to
opentelemetry-instrumentation-httpx: a histogram per attempt cost more than the spans' budget.

Trace context goes on the wire (the global propagator, W3C ``traceparent`` by default) only
with ``MODELARTS_VIZJOBS_OTEL_PROPAGATE=true``. Messages pass through the SDK's redaction.
"""

from __future__ import annotations

import os
import time
from typing import Any

from opentelemetry import metrics, trace

from ._otel_traces import PREFIX, CallTrace, MeteredCall, MeteredRequest, RequestTrace, WaitTrace
from ._version import __version__

__all__ = ["HTTP_SPANS_ENV", "PROPAGATE_ENV", "Instruments", "Telemetry"]

#: The instrumentation scope: ``_telemetry.INSTRUMENTATION_NAME`` (not imported: ``_telemetry``
#: imports this module, never the other way round).
INSTRUMENTATION_NAME = "modelarts_vizjobs"
PROPAGATE_ENV = "MODELARTS_VIZJOBS_OTEL_PROPAGATE"
HTTP_SPANS_ENV = "MODELARTS_VIZJOBS_OTEL_HTTP_SPANS"
SCHEMA_URL = "https://opentelemetry.io/schemas/1.26.0"
_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


class Instruments:
    """The tracer and the metric instruments, from the global providers (their proxies follow
    providers set later) unless others are given (the bench compares providers side by side)."""

    def __init__(
        self,
        tracer_provider: trace.TracerProvider | None = None,
        meter_provider: metrics.MeterProvider | None = None,
    ) -> None:
        scope = (INSTRUMENTATION_NAME, __version__)
        self._tracing = tracer_provider is not None
        self._metering = meter_provider is not None
        self.tracer = trace.get_tracer(*scope, tracer_provider, schema_url=SCHEMA_URL)
        meter = metrics.get_meter(*scope, meter_provider, schema_url=SCHEMA_URL)
        self.duration = meter.create_histogram(
            f"{PREFIX}.client.operation.duration",
            unit="s",
            description="Duration of SDK calls, retries and waiting included.",
            explicit_bucket_boundaries_advisory=_DURATION_BUCKETS,
        )
        self.retries = meter.create_counter(
            f"{PREFIX}.client.retries", unit="{retry}", description="Retries of SDK requests."
        )
        self.bulk = meter.create_counter(
            f"{PREFIX}.client.bulk.jobs",
            unit="{job}",
            description="Jobs handled by delete_many and prune, per outcome.",
        )

    def tracing(self) -> bool:
        """Whether spans are recorded: a tracer provider was given, or an SDK's is set
        globally (it can be set once, so a yes is kept)."""
        if not self._tracing:
            self._tracing = _recording(trace.get_tracer_provider(), "opentelemetry.trace")
        return self._tracing

    def metering(self) -> bool:
        """Whether metrics are recorded: as :meth:`tracing`, for the meter provider."""
        if not self._metering:
            self._metering = _recording(metrics.get_meter_provider(), "opentelemetry.metrics")
        return self._metering

    def record_duration(self, name: str, started: float, exc: BaseException | None) -> None:
        attributes = {f"{PREFIX}.operation": name}
        if exc is not None:
            attributes["error.type"] = type(exc).__qualname__
        self.duration.record(time.perf_counter() - started, attributes)


_GLOBAL = Instruments()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


class Telemetry:
    """The options of one client (read from the environment when it is made)."""

    __slots__ = ("http_spans", "propagate", "tools")

    def __init__(
        self,
        *,
        propagate: bool = False,
        http_spans: bool = False,
        instruments: Instruments | None = None,
    ) -> None:
        self.propagate = propagate
        self.http_spans = http_spans
        self.tools = instruments or _GLOBAL

    @classmethod
    def from_env(cls) -> Telemetry:
        return cls(propagate=_flag(PROPAGATE_ENV, False), http_spans=_flag(HTTP_SPANS_ENV, False))

    def request(self, op: Any) -> RequestTrace | MeteredRequest | None:
        """What records one request: spans and metrics, metrics alone, or nothing (None:
        the request runs as if the extra were absent)."""
        if self.tools.tracing():
            return RequestTrace(self, op)
        return MeteredRequest(self.tools, op.name) if self.tools.metering() else None

    def call(self, name: str, project_id: str) -> CallTrace | MeteredCall | None:
        if self.tools.tracing():
            return CallTrace(self.tools, name, project_id)
        return MeteredCall(self.tools, name) if self.tools.metering() else None

    def wait(self, waiter: Any) -> WaitTrace | None:
        # Also without spans: its polls are not calls of their own in the metrics.
        recording = self.tools.tracing() or self.tools.metering()
        return WaitTrace(self.tools, waiter) if recording else None


def _recording(provider: object, api_package: str) -> bool:
    """Whether a global provider records anything: one an SDK made. Until an application sets
    one, the API hands out its own proxy (and an application may set the API's no-op one to
    silence a library); the API package itself defines no provider that records."""
    return not type(provider).__module__.startswith(api_package)
