"""Fixtures of the SDK tests (helpers in ``_helpers``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from modelarts_vizjobs import ModelArtsVizJobs
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options

if TYPE_CHECKING:
    from tests.sdk._telemetry import Otel


@pytest.fixture
def client(modelarts_stub: StubHandle) -> Iterator[ModelArtsVizJobs]:
    """The sync facade on the real stub (fresh state), AK/SK signed, fast retries."""
    with ModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=FAST) as facade:
        yield facade


@pytest.fixture(scope="session")
def otel_providers() -> Otel:
    """The process's OpenTelemetry providers: in-memory spans, delta metrics (imported on use)."""
    from tests.sdk._telemetry import install

    return install()


@pytest.fixture
def otel(otel_providers: Otel, monkeypatch: pytest.MonkeyPatch) -> Iterator[Otel]:
    """The providers with this test's spans and metric points only; the SDK's own HTTP spans
    on, trace context off."""
    monkeypatch.delenv("MODELARTS_VIZJOBS_OTEL_PROPAGATE", raising=False)
    monkeypatch.setenv("MODELARTS_VIZJOBS_OTEL_HTTP_SPANS", "true")
    otel_providers.spans.clear()
    otel_providers.reader.get_metrics_data()  # drain: later reads hold this test's points only
    otel_providers.collected.clear()
    yield otel_providers
    otel_providers.spans.clear()
