"""Fixtures of the conformance tests: the spec checker (built once), servers on 127.0.0.1, and
the ``conformance`` command run in-process with a clean environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner, Result

from modelarts_vizjobs.cli import cli
from modelarts_vizjobs.conformance import SpecChecker
from modelarts_vizjobs.conformance._serving import ThreadedServer
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend, create_app
from tests.cli._helpers import CLEAN_ENV
from tests.conformance._drift import DriftingApp, Rewrite

Conform = Callable[..., Result]


@pytest.fixture(scope="session")
def checker() -> SpecChecker:
    return SpecChecker()


@pytest.fixture
def served() -> Iterator[Callable[..., tuple[str, StubBackend]]]:
    """``served(rewrite=None, backend=None)``: a stub (drifted by *rewrite*) on a socket."""
    servers: list[ThreadedServer] = []

    def start(
        rewrite: Rewrite | None = None, backend: StubBackend | None = None
    ) -> tuple[str, StubBackend]:
        backend = backend or StubBackend()
        app = create_app(backend)
        server = ThreadedServer(DriftingApp(app, rewrite) if rewrite else app).start()
        servers.append(server)
        return server.base_url, backend

    yield start
    for server in servers:
        server.stop()


def token_env(base_url: str) -> dict[str, str | None]:
    return CLEAN_ENV | {
        "MODELARTS_VIZJOBS_ENDPOINT": base_url,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
        "MODELARTS_VIZJOBS_TOKEN": DEFAULT_TOKEN,
    }


@pytest.fixture
def conform() -> Conform:
    """``conform(base_url, *args, env=...)``: ``modelarts-vizjobs conformance ARGS`` in-process,
    with the stub's token unless *env* says otherwise; fast polling."""

    def run(base_url: str, *args: str, env: dict[str, str | None] | None = None) -> Result:
        environment = token_env(base_url) | (env or {})
        arguments = ["conformance", "--poll-interval", "0.01", *args]
        return CliRunner().invoke(cli, arguments, env=environment)

    return run
