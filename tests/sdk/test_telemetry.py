"""The ``otel`` extra: span trees, attributes, events and metrics of every operation, sync and
async, against the real stub over a socket (success, retry, ``ModelArts.0105``, timeout,
``wait=True``), ``delete_many``/``prune`` outcomes, and trace context on the wire only when
enabled. No secret: ``test_telemetry_secrets``; nothing imported when off: ``test_telemetry_off``.

The tracer and meter providers are process-global and set once (``otel`` fixture, conftest);
metrics are read with delta temporality, so each test sees only its own points. The SDK's own
HTTP spans are on here (the fixture), as without opentelemetry-instrumentation-httpx.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, StatusCode

from modelarts_vizjobs import (
    APITimeoutError,
    JobStateConflictError,
    WaitTimeoutError,
)
from modelarts_vizjobs._telemetry import INSTRUMENTATION_NAME
from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._telemetry import KINDS, Otel, P, run

#: operation -> (status the job is seeded in, the call, HTTP method, url template suffix)
OPERATIONS: dict[str, tuple[int | None, Callable[[Any, int], Any], str, str]] = {
    "create": (None, lambda jobs, job: jobs.create(job_name="traced", train_url="/b/"), "POST", ""),
    "list": (JobStatus.RUNNING, lambda jobs, job: jobs.list(), "GET", ""),
    "get": (JobStatus.RUNNING, lambda jobs, job: jobs.get(job), "GET", "/{job_id}"),
    "update": (JobStatus.RUNNING, lambda jobs, job: jobs.update(job, "d"), "PUT", "/{job_id}"),
    "delete": (JobStatus.RUNNING, lambda jobs, job: jobs.delete(job), "DELETE", "/{job_id}"),
    "stop": (JobStatus.RUNNING, lambda jobs, job: jobs.stop(job), "POST", "/{job_id}/stop"),
    "restart": (JobStatus.KILLED, lambda jobs, job: jobs.restart(job), "POST", "/{job_id}/restart"),
}
#: The spec's operationId of each operation.
OPERATION_IDS = {
    "create": "create_visualization_job",
    "list": "list_visualization_jobs",
    "get": "get_visualization_job",
    "update": "update_visualization_job",
    "delete": "delete_visualization_job",
    "stop": "stop_visualization_job",
    "restart": "restart_visualization_job",
}
#: A status each state-changing operation refuses with ModelArts.0105 (create, list, get and
#: update have no job state to refuse).
REFUSED_IN = {"delete": JobStatus.KILLING, "stop": JobStatus.KILLED, "restart": JobStatus.RUNNING}


def _seed(stub: StubHandle, status: int | None) -> int:
    return 0 if status is None else stub.backend.seed(stub.project_id, status=status)


def _root(otel: Otel, name: str) -> ReadableSpan:
    (span,) = otel.named(f"{P} {name}")
    assert span.parent is None and span.kind is SpanKind.INTERNAL
    return span


def _children(otel: Otel, parent: ReadableSpan) -> list[ReadableSpan]:
    return [
        span
        for span in otel.finished()
        if span.parent is not None and span.parent.span_id == parent.context.span_id
    ]


def _http_spans(otel: Otel, parent: ReadableSpan) -> list[ReadableSpan]:
    return [span for span in _children(otel, parent) if span.kind is SpanKind.CLIENT]


def _durations(otel: Otel) -> list[dict[str, Any]]:
    return [attrs for attrs, _ in otel.points(f"{P}.client.operation.duration")]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_each_operation_makes_one_span_with_its_http_attempt(
    otel: Otel, modelarts_stub: StubHandle, kind: str, name: str
) -> None:
    status, action, method, suffix = OPERATIONS[name]
    job = _seed(modelarts_stub, status)
    result = run(kind, modelarts_stub, lambda jobs: action(jobs, job))
    span = _root(otel, name)
    attributes = dict(span.attributes or {})
    entry = modelarts_stub.backend.journal[-1]
    expected_job = str(result.job_id) if name == "create" else str(job)
    assert attributes[f"{P}.operation_id"] == OPERATION_IDS[name]
    assert attributes[f"{P}.project_id"] == modelarts_stub.project_id
    assert attributes.get(f"{P}.job_id") == (None if name == "list" else expected_job)
    assert attributes[f"{P}.attempts"] == 1
    assert attributes["http.response.status_code"] == 200
    assert attributes[f"{P}.request_id"] == entry.request_id
    assert "error.type" not in attributes and span.status.status_code is StatusCode.UNSET
    (http,) = _http_spans(otel, span)
    template = "/v1/{project_id}/visualization-jobs" + suffix
    assert http.name == f"{method} {template}"
    assert http.attributes is not None
    assert http.attributes["http.request.method"] == method
    assert "url.template" not in http.attributes  # opt-in: the span name has it
    assert http.attributes["http.response.status_code"] == 200
    assert http.attributes["server.port"] == int(modelarts_stub.base_url.rsplit(":", 1)[1])
    assert len(otel.finished()) == 2
    scope = span.instrumentation_scope
    assert scope is not None and scope.name == INSTRUMENTATION_NAME == "modelarts_vizjobs"
    assert _durations(otel) == [{f"{P}.operation": name}]
    names = {name for name, _, _ in otel.collected}
    assert names == {f"{P}.client.operation.duration"}  # HTTP metrics: the instrumentation's


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_retry_is_an_event_and_a_second_http_span(
    otel: Otel, modelarts_stub: StubHandle, kind: str, name: str
) -> None:
    status, action, _, _ = OPERATIONS[name]
    job = _seed(modelarts_stub, status)
    modelarts_stub.backend.faults.inject("status", status=503, retry_after=0, count=1)
    run(kind, modelarts_stub, lambda jobs: action(jobs, job))
    span = _root(otel, name)
    assert span.attributes is not None and span.attributes[f"{P}.attempts"] == 2
    (event,) = span.events
    assert event.name == f"{P}.retry"
    assert event.attributes is not None
    assert event.attributes[f"{P}.retry.reason"] == "503 ModelArts.4700"
    assert event.attributes[f"{P}.retry.attempt"] == 1
    assert event.attributes[f"{P}.retry.backoff"] == 0.0  # the answer's Retry-After: 0
    first, second = sorted(_http_spans(otel, span), key=lambda s: s.start_time or 0)
    assert first.attributes is not None and second.attributes is not None
    assert first.attributes["error.type"] == "503" and first.status.status_code is StatusCode.ERROR
    assert "http.request.resend_count" not in first.attributes
    assert second.attributes["http.request.resend_count"] == 1
    assert second.attributes["http.response.status_code"] == 200
    retries = otel.points(f"{P}.client.retries")
    assert [(attrs, point.value) for attrs, point in retries] == [
        ({f"{P}.operation": name, "error.type": "503"}, 1)
    ]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(REFUSED_IN))
def test_a_0105_refusal_carries_error_type_and_code(
    otel: Otel, modelarts_stub: StubHandle, kind: str, name: str
) -> None:
    _, action, _, _ = OPERATIONS[name]
    job = _seed(modelarts_stub, REFUSED_IN[name])
    with pytest.raises(JobStateConflictError):
        run(kind, modelarts_stub, lambda jobs: action(jobs, job))
    span = _root(otel, name)
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == "JobStateConflictError"
    assert attributes[f"{P}.error_code"] == "ModelArts.0105"
    assert attributes["http.response.status_code"] == 400
    assert attributes[f"{P}.request_id"] == modelarts_stub.backend.journal[-1].request_id
    assert span.status.status_code is StatusCode.ERROR
    assert "ModelArts.0105" in (span.status.description or "")
    (http,) = _http_spans(otel, span)
    assert http.attributes is not None and http.attributes["error.type"] == "400"
    assert _durations(otel) == [{f"{P}.operation": name, "error.type": "JobStateConflictError"}]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_timeout_ends_the_span_with_its_error(
    otel: Otel, modelarts_stub: StubHandle, kind: str, name: str
) -> None:
    status, action, _, _ = OPERATIONS[name]
    job = _seed(modelarts_stub, status)
    modelarts_stub.backend.faults.inject("latency", delay=0.3, count=1)
    with pytest.raises(APITimeoutError):
        run(kind, modelarts_stub, lambda jobs: action(jobs, job), timeout=0.05, max_retries=0)
    span = _root(otel, name)
    assert span.attributes is not None
    assert span.attributes["error.type"] == "APITimeoutError"
    assert "http.response.status_code" not in span.attributes
    (http,) = _http_spans(otel, span)
    assert http.attributes is not None and http.attributes["error.type"] == "APITimeoutError"
    assert _durations(otel) == [{f"{P}.operation": name, "error.type": "APITimeoutError"}]


#: The operations with ``wait=True``: (seeded status, call, wait goal, final status).
WAITS: dict[str, tuple[int | None, Callable[[Any, int], Any], str, str]] = {
    "create": (
        None,
        lambda jobs, job: jobs.create(job_name="w", train_url="/b/", wait=True, poll_interval=0.01),
        "running",
        "RUNNING",
    ),
    "delete": (
        JobStatus.RUNNING,
        lambda jobs, job: jobs.delete(job, wait=True, poll_interval=0.01),
        "deleted",
        "GONE",
    ),
    "stop": (
        JobStatus.RUNNING,
        lambda jobs, job: jobs.stop(job, wait=True, poll_interval=0.01),
        "stopped",
        "KILLED",
    ),
    "restart": (
        JobStatus.KILLED,
        lambda jobs, job: jobs.restart(job, wait=True, poll_interval=0.01),
        "running",
        "RUNNING",
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(WAITS))
def test_wait_is_a_child_span_with_its_polls_and_final_status(
    otel: Otel, modelarts_stub: StubHandle, kind: str, name: str
) -> None:
    status, action, goal, final = WAITS[name]
    modelarts_stub.backend.set_policy(TransitionPolicy.after_reads(2))
    job = _seed(modelarts_stub, status)
    run(kind, modelarts_stub, lambda jobs: action(jobs, job))
    call = _root(otel, name)
    (wait,) = [span for span in _children(otel, call) if span.name == f"{P} wait"]
    attributes = dict(wait.attributes or {})
    polls = [e for e in modelarts_stub.backend.journal if e.method == "GET"]
    assert attributes[f"{P}.wait.goal"] == goal
    assert attributes[f"{P}.wait.polls"] == len(polls) >= 2
    assert attributes[f"{P}.job.status"] == final
    gets = _children(otel, wait)
    assert [span.name for span in gets] == [f"{P} get"] * len(polls)
    assert all(len(_http_spans(otel, span)) == 1 for span in gets)
    assert (call.end_time or 0) >= (wait.end_time or 0)
    assert _durations(otel) == [{f"{P}.operation": name}]  # polls are no calls of their own


@pytest.mark.parametrize("kind", KINDS)
def test_a_wait_that_times_out_keeps_the_last_status(
    otel: Otel, modelarts_stub: StubHandle, kind: str
) -> None:
    modelarts_stub.backend.set_policy(TransitionPolicy.after_seconds(30))
    job = _seed(modelarts_stub, JobStatus.RUNNING)
    with pytest.raises(WaitTimeoutError):
        run(
            kind,
            modelarts_stub,
            lambda jobs: jobs.stop(job, wait=True, timeout=0.3, poll_interval=0.05),
        )
    call = _root(otel, "stop")
    (wait,) = [span for span in _children(otel, call) if span.name == f"{P} wait"]
    assert wait.attributes is not None and call.attributes is not None
    assert wait.attributes["error.type"] == call.attributes["error.type"] == "WaitTimeoutError"
    assert wait.attributes[f"{P}.job.status"] == "KILLING"
    assert call.attributes["http.response.status_code"] == 200  # the stop itself was accepted


@pytest.mark.parametrize("kind", KINDS)
def test_delete_many_nests_each_delete_and_counts_outcomes(
    otel: Otel, modelarts_stub: StubHandle, kind: str
) -> None:
    jobs = [_seed(modelarts_stub, JobStatus.RUNNING) for _ in range(3)]
    result = run(kind, modelarts_stub, lambda api: api.delete_many([*jobs, 999_999], concurrency=2))
    assert len(result.deleted) == 3
    bulk = _root(otel, "delete_many")
    deletes = _children(otel, bulk)
    assert sorted(span.name for span in deletes) == [f"{P} delete"] * 4
    assert bulk.attributes is not None and bulk.attributes[f"{P}.bulk.deleted"] == 3
    counted = otel.points(f"{P}.client.bulk.jobs")
    assert sorted((attrs[f"{P}.outcome"], point.value) for attrs, point in counted) == [
        ("deleted", 3),
        ("failed", 1),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_prune_counts_its_outcomes(otel: Otel, modelarts_stub: StubHandle, kind: str) -> None:
    for status in (JobStatus.KILLED, JobStatus.KILLED, JobStatus.RUNNING):
        _seed(modelarts_stub, status)
    report = run(
        kind, modelarts_stub, lambda jobs: jobs.prune(status=[JobStatus.KILLED, JobStatus.RUNNING])
    )
    prune = _root(otel, "prune")
    names = sorted({span.name for span in _children(otel, prune)})
    assert names == [f"{P} delete_many", f"{P} list"]
    counted = {
        attrs[f"{P}.outcome"]: point.value
        for attrs, point in otel.points(f"{P}.client.bulk.jobs")
        if attrs[f"{P}.operation"] == "prune"
    }
    assert counted == report.counts() == {"deleted": 2, "skipped": 1}


@pytest.mark.parametrize("kind", KINDS)
def test_trace_context_goes_on_the_wire_only_when_enabled(
    otel: Otel, modelarts_stub: StubHandle, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _seed(modelarts_stub, JobStatus.RUNNING)
    run(kind, modelarts_stub, lambda jobs: jobs.get(job))
    assert "traceparent" not in modelarts_stub.backend.journal[-1].headers
    monkeypatch.setenv("MODELARTS_VIZJOBS_OTEL_PROPAGATE", "true")
    otel.spans.clear()
    run(kind, modelarts_stub, lambda jobs: jobs.get(job))
    (http,) = [span for span in otel.finished() if span.kind is SpanKind.CLIENT]
    sent = modelarts_stub.backend.journal[-1].headers["traceparent"]
    assert sent.split("-")[1:3] == [f"{http.context.trace_id:032x}", f"{http.context.span_id:016x}"]


@pytest.mark.parametrize("kind", KINDS)
def test_http_spans_are_left_to_the_httpx_instrumentation_by_default(
    otel: Otel, modelarts_stub: StubHandle, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MODELARTS_VIZJOBS_OTEL_HTTP_SPANS")
    monkeypatch.setenv("MODELARTS_VIZJOBS_OTEL_PROPAGATE", "1")
    job = _seed(modelarts_stub, JobStatus.RUNNING)
    run(kind, modelarts_stub, lambda jobs: jobs.get(job))
    (span,) = otel.finished()
    assert span.name == f"{P} get"
    sent = modelarts_stub.backend.journal[-1].headers["traceparent"]
    assert sent.split("-")[1:3] == [f"{span.context.trace_id:032x}", f"{span.context.span_id:016x}"]
