"""Facade clients for the SDK tests: on the real stub over a socket, or on an
``httpx.MockTransport`` for answers no correct server sends."""

from __future__ import annotations

from collections.abc import Callable
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
