"""No secret reaches telemetry: after calls that sign (AK/SK), carry a token, retry, fail and
propagate trace context, no exported span (attributes, events, status) or metric holds the
token, the secret key, the security token or a request signature."""

from __future__ import annotations

import contextlib
import re

import httpx
import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus

from modelarts_vizjobs import (
    AuthenticationError,
    JobStateConflictError,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
)
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options
from tests.sdk._telemetry import Otel

SECURITY_TOKEN = "temporary-security-token-0123456789"
WRONG_TOKEN = "an-unknown-token-0123456789abcdef"


def _exported(otel: Otel) -> str:
    spans = "\n".join(span.to_json() for span in otel.finished())
    otel.points("")  # collects every metric point of the test
    points = "\n".join(f"{attrs} {point.to_json()}" for _, attrs, point in otel.collected)
    return spans + "\n" + points


def _calls(client: ModelArtsVizJobs, stub: StubHandle) -> None:
    running = stub.backend.seed(stub.project_id)
    killing = stub.backend.seed(stub.project_id, status=JobStatus.KILLING)
    stub.backend.faults.inject("status", status=503, retry_after=0, count=1)
    client.jobs.get(running)
    client.jobs.update(running, "traced")
    with pytest.raises(JobStateConflictError):
        client.jobs.delete(killing)
    with pytest.raises(NotFoundError):
        client.jobs.get(999_999)
    client.jobs.delete_many([running, 999_998])
    client.jobs.create(job_name="secret-free", train_url="/b/", wait=True, poll_interval=0.01)


def test_no_secret_in_any_span_or_metric(
    otel: Otel, modelarts_stub: StubHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODELARTS_VIZJOBS_OTEL_PROPAGATE", "true")
    signatures: list[str] = []

    def keep_signature(request: httpx.Request) -> None:
        found = re.search(r"Signature=([0-9a-f]+)", request.headers.get("Authorization", ""))
        if found:
            signatures.append(found.group(1))

    http = httpx.Client(event_hooks={"request": [keep_signature]})
    options = stub_options(modelarts_stub)
    temporary = ModelArtsVizJobs(**options, security_token=SECURITY_TOKEN, http_client=http)
    with temporary, contextlib.suppress(ModelArtsError):  # whatever the stub makes of it
        temporary.jobs.get(1)
    wrong = {**stub_options(modelarts_stub, aksk=False), "token": WRONG_TOKEN}
    with ModelArtsVizJobs(**wrong) as refused, pytest.raises(AuthenticationError):
        refused.jobs.get(1)
    with ModelArtsVizJobs(**stub_options(modelarts_stub), http_client=http) as signed:
        _calls(signed, modelarts_stub)
    with ModelArtsVizJobs(**stub_options(modelarts_stub, aksk=False), retry_policy=FAST) as token:
        _calls(token, modelarts_stub)
    exported = _exported(otel)
    assert "modelarts.vizjobs get" in exported
    assert len(signatures) > 5
    secrets = [
        modelarts_stub.token,
        modelarts_stub.secret_key,
        SECURITY_TOKEN,
        WRONG_TOKEN,
        *signatures,
    ]
    assert [secret for secret in secrets if secret in exported] == []
