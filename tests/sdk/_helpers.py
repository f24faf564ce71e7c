"""Facade clients for the SDK tests: on the real stub over a socket, or on an
``httpx.MockTransport`` for answers no correct server sends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from modelarts_vizjobs import AsyncModelArtsVizJobs, ModelArtsVizJobs, RetryPolicy
from modelarts_vizjobs.stub.pytest_plugin import StubHandle

MOCK_ENDPOINT = "https://modelarts.test"
MOCK_PROJECT = "0123456789abcdef0123456789abcdef"
#: Fast backoff: the retry tests check counts and decisions, not the production delays.
FAST = RetryPolicy(initial_delay=0.01, max_delay=0.05)

Handler = Callable[[httpx.Request], httpx.Response]


def mock_client(handler: Handler, **options: Any) -> ModelArtsVizJobs:
    options = {"max_retries": 0, "retry_policy": FAST, **options}
    return ModelArtsVizJobs(
        project_id=MOCK_PROJECT,
        endpoint=MOCK_ENDPOINT,
        token="mock-token-0123456789",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **options,
    )


def async_mock_client(handler: Handler, **options: Any) -> AsyncModelArtsVizJobs:
    options = {"max_retries": 0, "retry_policy": FAST, **options}
    return AsyncModelArtsVizJobs(
        project_id=MOCK_PROJECT,
        endpoint=MOCK_ENDPOINT,
        token="mock-token-0123456789",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        **options,
    )


def stub_options(stub: StubHandle, *, aksk: bool = True) -> dict[str, Any]:
    """Constructor arguments for the stub: AK/SK signing by default, else the token."""
    credentials: dict[str, Any] = (
        {"access_key": stub.access_key, "secret_key": stub.secret_key}
        if aksk
        else {"token": stub.token}
    )
    return {"project_id": stub.project_id, "endpoint": stub.base_url, **credentials}


def json_from_fresh_python(code: str, **env: str) -> Any:
    """The JSON *code* prints last, run by a fresh interpreter at the repository's root with
    this environment less its ``OTEL_`` variables, plus *env* (OpenTelemetry lets a process set
    each global provider once, and the SDK reads its options when a client is made)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")} | env
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])
