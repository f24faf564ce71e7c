"""pytest plugin (entry point ``pytest11``): the ``modelarts_stub`` fixture.

Imports nothing but pytest at collection time, so it can never slow down or break pytest
startup for projects that do not use it; the stub is imported and started on first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from modelarts_vizjobs.stub import StubBackend, StubServer

__all__ = ["StubHandle", "modelarts_stub"]


@dataclass(frozen=True)
class StubHandle:
    """What ``modelarts_stub`` yields: where the stub listens and credentials it accepts."""

    base_url: str
    project_id: str
    token: str = field(repr=False)
    access_key: str
    secret_key: str = field(repr=False)
    backend: StubBackend = field(repr=False)
    other_project_id: str
    other_token: str = field(repr=False)


@pytest.fixture(scope="session")
def _modelarts_stub_server() -> Iterator[StubServer]:
    from modelarts_vizjobs.stub import StubServer

    with StubServer() as server:
        yield server


@pytest.fixture
def modelarts_stub(_modelarts_stub_server: StubServer) -> Iterator[StubHandle]:
    """A running stub (one per session) with fresh state for each test."""
    from modelarts_vizjobs import stub

    server = _modelarts_stub_server
    server.backend.reset()
    yield StubHandle(
        base_url=server.base_url,
        project_id=stub.DEFAULT_PROJECT_ID,
        token=stub.DEFAULT_TOKEN,
        access_key=stub.DEFAULT_ACCESS_KEY,
        secret_key=stub.DEFAULT_SECRET_KEY,
        backend=server.backend,
        other_project_id=stub.OTHER_PROJECT_ID,
        other_token=stub.OTHER_TOKEN,
    )
    server.backend.reset()
