"""``_logging`` and secret hygiene: with every logger at DEBUG, through retries, refusals and
bad answers, no token, secret key, security token or signature reaches a log record, nor the
repr/str of any public object or exception; ``MODELARTS_VIZJOBS_LOG`` switches stderr logging."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import subprocess
import sys

import httpx
import pytest

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    JobStatus,
    ModelArtsError,
    ModelArtsVizJobs,
)
from modelarts_vizjobs._config import Settings
from modelarts_vizjobs.stub import TransitionPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, MOCK_PROJECT, mock_client, stub_options

SECURITY_TOKEN = "sts-security-token-0123456789"
_SIGNATURE = re.compile(r"Signature=([0-9a-f]{64})")


def _exercise(facade: ModelArtsVizJobs, stub: StubHandle) -> list[object]:
    """Run every operation, a retry, a refusal and a missing job; return what it produced."""
    produced: list[object] = [facade, facade.jobs]
    created = facade.jobs.create(job_name="hygiene", train_url="/b/")
    produced += [created, facade.jobs.get(created.job_id), *facade.jobs.list()]
    facade.jobs.update(created.job_id, "d")
    stub.backend.faults.inject("status", status=503, retry_after=0, count=1)
    produced.append(facade.jobs.stop(created.job_id, wait=True, poll_interval=0.01))
    killing = stub.backend.seed(stub.project_id, status=JobStatus.KILLING)
    produced.append(facade.jobs.delete_many([created.job_id, killing, 424242]))
    stub.backend.set_policy(TransitionPolicy.after_seconds(30))
    slow = stub.backend.seed(stub.project_id)
    failing_calls = (
        lambda: facade.jobs.delete(killing),
        lambda: facade.jobs.get(424242),
        # before the timed-out wait: the stub may still be serving that wait's last poll,
        # which would take the drop meant for the create
        lambda: facade.jobs.create(job_name="dropped", train_url="/b/"),
        lambda: facade.jobs.stop(slow, wait=True, timeout=0.2, poll_interval=0.05),
    )
    for number, failing in enumerate(failing_calls):
        if number == 2:
            stub.backend.faults.inject("drop", count=1)
        with pytest.raises(ModelArtsError) as failed:
            failing()
        produced.append(failed.value)
    stub.backend.set_policy(TransitionPolicy.immediate())
    return produced


def _texts(objects: list[object]) -> str:
    parts = []
    for each in objects:
        parts += [repr(each), str(each)]
        failures = getattr(each, "failures", {})
        parts += [repr(error) + str(error) for error in failures.values()]
    return "\n".join(parts)


def test_no_secret_in_logs_or_reprs(
    modelarts_stub: StubHandle, caplog: pytest.LogCaptureFixture
) -> None:
    signatures: list[str] = []
    tap = httpx.Client(
        event_hooks={"request": [lambda r: signatures.append(r.headers.get("Authorization", ""))]}
    )
    caplog.set_level(logging.DEBUG)  # every logger: the SDK's, httpx's, httpcore's
    produced: list[object] = []
    with ModelArtsVizJobs(
        **stub_options(modelarts_stub), http_client=tap, retry_policy=FAST
    ) as signed:
        produced += _exercise(signed, modelarts_stub)
    with ModelArtsVizJobs(**stub_options(modelarts_stub, aksk=False), retry_policy=FAST) as tok:
        produced += _exercise(tok, modelarts_stub)
    with ModelArtsVizJobs(
        project_id="p",
        endpoint="https://modelarts.test",
        access_key="AKTEMPORARY000001",
        secret_key="temporary-secret-key",
        security_token=SECURITY_TOKEN,
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(502))),
        max_retries=0,
    ) as temporary:
        with pytest.raises(ModelArtsError) as bad_gateway:
            temporary.jobs.get(1)
        produced += [temporary, bad_gateway.value]
    async_client = AsyncModelArtsVizJobs(**stub_options(modelarts_stub))
    produced += [async_client, async_client.jobs]
    asyncio.run(async_client.close())

    secrets = [
        modelarts_stub.secret_key,
        modelarts_stub.token,
        "temporary-secret-key",
        SECURITY_TOKEN,
        *(match for value in signatures for match in _SIGNATURE.findall(value)),
    ]
    assert len(secrets) > 10  # the signatures were captured
    logged = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    assert "request GET" in logged and "retry 1/2" in logged  # the SDK did log at DEBUG/INFO
    shown = _texts(produced)
    for secret in secrets:
        assert secret not in logged
        assert secret not in shown


def test_settings_and_auth_reprs_mask_the_access_key() -> None:
    settings = Settings.resolve(
        project_id="p",
        region="cn-north-4",
        endpoint=None,
        token=None,
        access_key="AKVISIBLEPREFIX123",
        secret_key="sk",
        security_token=None,
    )
    assert "AKVISIBLEPREFIX123" not in repr(settings)
    assert "AKVI***" in repr(settings)


def _run_with_log_env(stub: StubHandle, level: str | None) -> str:
    code = (
        "import sys\n"
        "from modelarts_vizjobs import ModelArtsVizJobs\n"
        f"c = ModelArtsVizJobs(project_id={stub.project_id!r}, endpoint={stub.base_url!r},"
        f" access_key={stub.access_key!r}, secret_key=sys.argv[1])\n"
        "print(list(c.jobs.list()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MODELARTS_VIZJOBS_LOG"}
    if level is not None:
        env["MODELARTS_VIZJOBS_LOG"] = level
    done = subprocess.run(
        [sys.executable, "-c", code, stub.secret_key],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=True,
    )
    assert done.stdout.strip() == "[]"
    return done.stderr


def test_log_env_switch(modelarts_stub: StubHandle) -> None:
    assert _run_with_log_env(modelarts_stub, None) == ""
    debug = _run_with_log_env(modelarts_stub, "debug")
    assert "request GET" in debug and "'authorization': '***'" in debug
    assert modelarts_stub.secret_key not in debug
    assert _SIGNATURE.search(debug) is None


def test_redaction_filter_masks_what_a_careless_caller_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="modelarts_vizjobs")
    with mock_client(lambda request: httpx.Response(500)) as client:
        token = "mock-token-0123456789"  # registered by the client above
        logging.getLogger("modelarts_vizjobs").debug(
            "headers %s", {"X-Auth-Token": token, "Authorization": "Signature=" + "ab" * 32}
        )
        assert client is not None
    assert token not in caplog.text
    assert "ab" * 32 not in caplog.text


def test_one_info_line_per_attempt_and_redacted_headers_at_debug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The convention the CLI's -v/-vv rely on."""
    answers = iter([httpx.Response(503), httpx.Response(200, json={"is_success": True})])
    caplog.set_level(logging.DEBUG, logger="modelarts_vizjobs")
    with mock_client(lambda request: next(answers), max_retries=1) as client:
        client.jobs.delete(7)
    attempts = [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.INFO and " -> " in record.getMessage()
    ]
    assert len(attempts) == 2
    path = f"/v1/{MOCK_PROJECT}/visualization-jobs/7"
    assert re.fullmatch(rf"DELETE {path} -> 503 request_id=None \d+\.\dms", attempts[0])
    assert re.fullmatch(rf"DELETE {path} -> 200 request_id=None \d+\.\dms", attempts[1])
    debug = "\n".join(r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG)
    assert "'x-auth-token': '***'" in debug.lower() and "mock-token" not in debug
