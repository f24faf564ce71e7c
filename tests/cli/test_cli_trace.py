"""``modelarts-vizjobs --trace``: spans of the command on stderr (the console exporter) with
``--json`` output untouched, OTLP chosen by the OTel variables, and a clear error when its
exporter is not installed. Real processes: the CLI installs the process's tracer provider."""

from __future__ import annotations

import importlib
import json

import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus

from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli.test_cli_process import SCRIPT, environment, run

pytest.importorskip("opentelemetry.sdk")

TEMPLATE = "/v1/{project_id}/visualization-jobs/{job_id}"


def _spans(stderr: str) -> list[dict[str, object]]:
    """The console exporter's JSON objects, one per span, from stderr."""
    decoder, spans, at = json.JSONDecoder(), [], stderr.find("{")
    while at != -1:
        span, end = decoder.raw_decode(stderr, at)
        spans.append(span)
        at = stderr.find("{", end)
    return spans


def test_trace_prints_the_spans_on_stderr_and_keeps_stdout_json(
    modelarts_stub: StubHandle,
) -> None:
    job = modelarts_stub.backend.seed(modelarts_stub.project_id, status=JobStatus.RUNNING)
    done = run(
        [str(SCRIPT), "--trace", "--json", "jobs", "get", str(job)], environment(modelarts_stub)
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["job_id"] == job
    spans = {span["name"]: span for span in _spans(done.stderr)}
    assert set(spans) == {
        "modelarts.vizjobs get",
        "GET /v1/{project_id}/visualization-jobs/{job_id}",
    }
    get = spans["modelarts.vizjobs get"]
    assert get["attributes"]["modelarts.vizjobs.job_id"] == str(job)  # type: ignore[index]
    assert get["resource"]["attributes"]["service.name"] == "modelarts-vizjobs"  # type: ignore[index]
    assert modelarts_stub.token not in done.stderr


def test_the_env_variable_turns_tracing_on_and_otel_variables_apply(
    modelarts_stub: StubHandle,
) -> None:
    env = environment(modelarts_stub) | {
        "MODELARTS_VIZJOBS_TRACE": "1",
        "OTEL_SERVICE_NAME": "consumer",
    }
    done = run([str(SCRIPT), "jobs", "list"], env)
    assert done.returncode == 0, done.stderr
    (span, _) = sorted(_spans(done.stderr), key=lambda s: str(s["name"]))
    assert span["resource"]["attributes"]["service.name"] == "consumer"  # type: ignore[index]
    silent = run([str(SCRIPT), "jobs", "list"], env | {"OTEL_TRACES_EXPORTER": "none"})
    assert silent.returncode == 0 and _spans(silent.stderr) == []


def test_otlp_without_its_exporter_says_what_to_install(modelarts_stub: StubHandle) -> None:
    try:
        importlib.import_module("opentelemetry.exporter.otlp.proto.http")
    except ImportError:
        pass
    else:
        pytest.skip("the OTLP exporter is installed here")
    env = environment(modelarts_stub) | {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9"}
    done = run([str(SCRIPT), "--trace", "jobs", "list"], env)
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert first == (
        "error: OTLP export needs opentelemetry-exporter-otlp-proto-http "
        "(pip install opentelemetry-exporter-otlp-proto-http); spans go to the console instead"
    )
    assert [span["name"] for span in _spans(done.stderr)][-1] == "modelarts.vizjobs list"
