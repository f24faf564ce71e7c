"""The OpenTelemetry instruments of the SDK (the ``otel`` extra; see ``_otel``): its tracer and
metric instruments, and whether anything records them."""

from __future__ import annotations

import time

from opentelemetry import metrics, trace

from ._version import __version__

__all__ = ["INSTRUMENTATION_NAME", "PREFIX", "SCHEMA_URL", "Instruments"]

PREFIX = "modelarts.vizjobs"
#: The instrumentation scope: ``_telemetry.INSTRUMENTATION_NAME`` (not imported: ``_telemetry``
#: imports this module, never the other way round).
INSTRUMENTATION_NAME = "modelarts_vizjobs"
SCHEMA_URL = "https://opentelemetry.io/schemas/1.26.0"
_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
#: Asks for the global tracer provider's tracer without the environment lookup
#: ``get_tracer_provider()`` makes while none is set (two KeyErrors raised and caught, most of
#: what the extra costs a call without a provider). A provider named in
#: ``OTEL_PYTHON_TRACER_PROVIDER`` is loaded by the first ``Instruments()`` (``get_tracer``).
_GLOBAL_TRACERS = trace.ProxyTracerProvider()


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
            tracer = _GLOBAL_TRACERS.get_tracer(INSTRUMENTATION_NAME)
            self._tracing = _recording(tracer, "opentelemetry.trace")
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


def _recording(made: object, api_package: str) -> bool:
    """Whether a global provider (or the tracer it gives) records anything: one an SDK made.
    Until an application sets one, the API hands out its own proxies (and an application may
    set the API's no-op provider to silence a library, or disable the SDK, whose tracer is then
    the API's no-op one); the API package itself defines nothing that records."""
    return not type(made).__module__.startswith(api_package)
