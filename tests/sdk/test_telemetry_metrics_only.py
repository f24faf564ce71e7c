"""Metrics without tracing: an application that sets a meter provider and no tracer provider
gets every metric, through the SDK's span-free path (``MeteredCall``/``MeteredRequest``); a
tracer provider set later, while the client lives, gets the next calls' spans. OpenTelemetry
lets a process set each global provider once, so this runs in a fresh interpreter."""

from __future__ import annotations

import textwrap

import pytest

from tests.sdk._helpers import json_from_fresh_python

_SCRIPT = textwrap.dedent(
    """
    import asyncio, json
    from opentelemetry import metrics, trace
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from modelarts_vizjobs import AsyncModelArtsVizJobs, ModelArtsVizJobs, RetryPolicy
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubServer

    reader = InMemoryMetricReader()
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    fast = RetryPolicy(initial_delay=0.001, max_delay=0.001, jitter=0.0)

    def points():
        seen = {}
        for resource in reader.get_metrics_data().resource_metrics:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    for point in metric.data.data_points:
                        key = metric.name + " " + json.dumps(dict(point.attributes), sort_keys=True)
                        seen[key] = getattr(point, "count", None) or getattr(point, "value", None)
        return seen

    with StubServer() as server:
        options = dict(project_id=DEFAULT_PROJECT_ID, endpoint=server.base_url,
                       token=DEFAULT_TOKEN, retry_policy=fast)
        seed = lambda: server.backend.seed(DEFAULT_PROJECT_ID)
        with ModelArtsVizJobs(**options) as client:
            server.backend.faults.inject("status", status=503, count=1)
            client.jobs.delete(seed())
            client.jobs.delete_many([seed(), seed(), 10**9])

            async def on_async():
                async with AsyncModelArtsVizJobs(**options) as other:
                    await other.jobs.get(seed())
            asyncio.run(on_async())
            before = points()
            spans = InMemorySpanExporter()
            provider = TracerProvider()
            provider.add_span_processor(SimpleSpanProcessor(spans))
            trace.set_tracer_provider(provider)  # while the client lives
            client.jobs.get(seed())
    print(json.dumps({"metrics": before, "spans": [s.name for s in spans.get_finished_spans()]}))
    """
)


def test_metrics_without_a_tracer_provider_then_spans_once_one_is_set() -> None:
    pytest.importorskip("opentelemetry.sdk")
    seen = json_from_fresh_python(_SCRIPT)
    prefix = "modelarts.vizjobs.client"
    operation = '{"modelarts.vizjobs.operation": '
    assert seen["metrics"] == {
        # a delete (its 503 retried) and the two done inside delete_many; an async get
        f'{prefix}.operation.duration {operation}"delete"}}': 3,
        f'{prefix}.operation.duration {operation}"delete_many"}}': 1,
        f'{prefix}.operation.duration {operation}"get"}}': 1,
        # delete_many's unknown job: a 404, its error type on its duration
        f"{prefix}.operation.duration "
        '{"error.type": "NotFoundError", "modelarts.vizjobs.operation": "delete"}': 1,
        f'{prefix}.retries {{"error.type": "503", "modelarts.vizjobs.operation": "delete"}}': 1,
        f"{prefix}.bulk.jobs "
        '{"modelarts.vizjobs.operation": "delete_many", "modelarts.vizjobs.outcome": "deleted"}': 2,
        f"{prefix}.bulk.jobs "
        '{"modelarts.vizjobs.operation": "delete_many", "modelarts.vizjobs.outcome": "failed"}': 1,
    }
    assert seen["spans"] == ["modelarts.vizjobs get"]


_FROM_ENVIRONMENT = textwrap.dedent(
    """
    import json
    from opentelemetry import trace
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from modelarts_vizjobs import ModelArtsVizJobs
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubServer

    with StubServer() as server:
        options = dict(project_id=DEFAULT_PROJECT_ID, endpoint=server.base_url, token=DEFAULT_TOKEN)
        with ModelArtsVizJobs(**options) as client:  # loads the provider the variable names
            spans = InMemorySpanExporter()
            trace.get_tracer_provider().add_span_processor(SimpleSpanProcessor(spans))
            client.jobs.delete(server.backend.seed(DEFAULT_PROJECT_ID))
    print(json.dumps([span.name for span in spans.get_finished_spans()]))
    """
)


def test_a_tracer_provider_named_in_the_environment_records_spans() -> None:
    """``OTEL_PYTHON_TRACER_PROVIDER``: OpenTelemetry loads the named provider when the global
    one is first asked for, which the SDK does when its first client is made."""
    pytest.importorskip("opentelemetry.sdk")
    seen = json_from_fresh_python(
        _FROM_ENVIRONMENT, OTEL_PYTHON_TRACER_PROVIDER="sdk_tracer_provider"
    )
    assert seen == ["modelarts.vizjobs delete"]
