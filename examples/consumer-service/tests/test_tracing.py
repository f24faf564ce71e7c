"""One traced round: with the SDK's `otel` extra and an OpenTelemetry provider, a janitor round
is a `modelarts.vizjobs prune` span with the listing and each delete below it, and its outcomes
are counted. The service sets the providers up once, as it does for its own spans."""

from __future__ import annotations

from modelarts_vizjobs import ModelArtsVizJobs
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from vizjobs_janitor import Policy, run_once

OLD = {"create_time": 1_700_000_000_000}


def test_a_round_is_one_traced_prune(modelarts_stub) -> None:
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    trace.set_tracer_provider(provider)
    reader = InMemoryMetricReader()
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    for name in ("tb-a", "tb-b"):
        modelarts_stub.backend.seed(modelarts_stub.project_id, job_name=name, **OLD)
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=0, count=1)

    with ModelArtsVizJobs(
        project_id=modelarts_stub.project_id,
        endpoint=modelarts_stub.base_url,
        token=modelarts_stub.token,
    ) as client:
        assert run_once(client, Policy()) is True

    by_name: dict[str, list] = {}
    for span in spans.get_finished_spans():
        by_name.setdefault(span.name, []).append(span)
    (prune,) = by_name["modelarts.vizjobs prune"]
    (listing,) = by_name["modelarts.vizjobs list"]
    assert listing.parent.span_id == prune.context.span_id
    assert listing.attributes["modelarts.vizjobs.attempts"] == 2  # the 503, then the answer
    assert [event.name for event in listing.events] == ["modelarts.vizjobs.retry"]
    assert len(by_name["modelarts.vizjobs delete"]) == 2
    assert prune.attributes["modelarts.vizjobs.bulk.deleted"] == 2
    points = {
        point.attributes["modelarts.vizjobs.outcome"]: point.value
        for resource in reader.get_metrics_data().resource_metrics
        for scope in resource.scope_metrics
        for metric in scope.metrics
        if metric.name == "modelarts.vizjobs.client.bulk.jobs"
        for point in metric.data.data_points
        if point.attributes["modelarts.vizjobs.operation"] == "prune"
    }
    assert points == {"deleted": 2}
