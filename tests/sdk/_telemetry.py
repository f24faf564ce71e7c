"""Fixtures of the telemetry tests: the process-global OpenTelemetry providers (set once, an
in-memory span exporter and a delta-temporality metric reader) and a sync/async call runner."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import Counter, Histogram, MeterProvider
from opentelemetry.sdk.metrics.export import AggregationTemporality, InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from modelarts_vizjobs import AsyncModelArtsVizJobs, ModelArtsVizJobs
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options

__all__ = ["KINDS", "Otel", "P", "install", "run"]

P = "modelarts.vizjobs"
KINDS = ["sync", "async"]
_DELTA = {Counter: AggregationTemporality.DELTA, Histogram: AggregationTemporality.DELTA}


@dataclass
class Otel:
    spans: InMemorySpanExporter
    reader: InMemoryMetricReader

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def named(self, name: str) -> list[ReadableSpan]:
        return [span for span in self.finished() if span.name == name]

    collected: list[tuple[str, dict[str, Any], Any]] = field(default_factory=list)

    def points(self, metric: str) -> list[tuple[dict[str, Any], Any]]:
        """(attributes, data point) of *metric* recorded since the test began."""
        data = self.reader.get_metrics_data()  # delta: what was recorded since the last read
        for resource in data.resource_metrics if data else ():
            for scope in resource.scope_metrics:
                for item in scope.metrics:
                    self.collected += [
                        (item.name, dict(p.attributes or {}), p) for p in item.data.data_points
                    ]
        return [(attrs, point) for name, attrs, point in self.collected if name == metric]


def install() -> Otel:
    """Set the process-global providers (once per process: OpenTelemetry refuses a second)."""
    spans = InMemorySpanExporter()
    tracing = TracerProvider()
    tracing.add_span_processor(SimpleSpanProcessor(spans))
    trace.set_tracer_provider(tracing)
    reader = InMemoryMetricReader(preferred_temporality=_DELTA)
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    if trace.get_tracer_provider() is not tracing:
        pytest.skip("another tracer provider is installed in this process")
    return Otel(spans, reader)


def run(kind: str, stub: StubHandle, action: Callable[[Any], Any], **options: Any) -> Any:
    """*action(jobs)* on a new sync or async client of *stub* (lists are drained)."""
    options = {**stub_options(stub), "retry_policy": FAST, **options}
    if kind == "sync":
        with ModelArtsVizJobs(**options) as client:
            result = action(client.jobs)
            return list(result) if inspect.isgenerator(result) else result

    async def main() -> Any:
        async with AsyncModelArtsVizJobs(**options) as client:
            result = action(client.jobs)
            if inspect.isasyncgen(result):
                return [item async for item in result]
            return await result

    return asyncio.run(main())
