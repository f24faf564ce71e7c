"""Fixtures of the SDK tests (helpers in ``_helpers``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modelarts_vizjobs import ModelArtsVizJobs
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options


@pytest.fixture
def client(modelarts_stub: StubHandle) -> Iterator[ModelArtsVizJobs]:
    """The sync facade on the real stub (fresh state), AK/SK signed, fast retries."""
    with ModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=FAST) as facade:
        yield facade
