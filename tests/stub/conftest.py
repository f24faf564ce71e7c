"""Fixtures of the stub's tests: keep-alive httpx clients on the session's real stub server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from modelarts_vizjobs.stub import DEFAULT_TOKEN, StubServer
from modelarts_vizjobs.stub.pytest_plugin import StubHandle


@pytest.fixture(scope="session")
def _session_clients(
    _modelarts_stub_server: StubServer,
) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    # Built once: an httpx.Client costs ~25 ms (its SSL context), a test ~1 ms.
    base_url = _modelarts_stub_server.base_url
    with (
        httpx.Client(base_url=base_url, timeout=10) as anonymous,
        httpx.Client(base_url=base_url, headers={"X-Auth-Token": DEFAULT_TOKEN}, timeout=10) as api,
    ):
        yield anonymous, api


@pytest.fixture
def api(
    modelarts_stub: StubHandle, _session_clients: tuple[httpx.Client, httpx.Client]
) -> httpx.Client:
    """A client on the real stub server (reset for this test), with the default token."""
    return _session_clients[1]


@pytest.fixture
def anonymous(
    modelarts_stub: StubHandle, _session_clients: tuple[httpx.Client, httpx.Client]
) -> httpx.Client:
    """A client on the real stub server (reset for this test), without credentials."""
    return _session_clients[0]
