"""Fixtures of the conformance tests: the spec checker (built once), servers on 127.0.0.1, and
the ``conformance`` command run in-process with a clean environment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result

from modelarts_vizjobs import AkSkAuth
from modelarts_vizjobs.cassette import Cassette
from modelarts_vizjobs.cli import cli
from modelarts_vizjobs.conformance import ProxyServer, SpecChecker, ValidatingProxy
from modelarts_vizjobs.conformance._proxy import finding_line
from modelarts_vizjobs.conformance._recorder import Recorder
from modelarts_vizjobs.conformance._serving import ThreadedServer
from modelarts_vizjobs.stub import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
    StubBackend,
    create_app,
)
from tests.cli._helpers import CLEAN_ENV
from tests.conformance._drift import DriftingApp, Rewrite

Conform = Callable[..., Result]
Proxied = Callable[..., tuple[str, ValidatingProxy, list[str]]]


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


@pytest.fixture
def proxied() -> Iterator[Proxied]:
    """``proxied(upstream, **options)``: a re-signing, recording proxy on 127.0.0.1 holding the
    stub's default key pair (*options*: more ``ValidatingProxy`` arguments); its log lines
    (findings and refusals) are collected."""
    servers: list[ProxyServer] = []

    def start(upstream: str, **options: Any) -> tuple[str, ValidatingProxy, list[str]]:
        lines: list[str] = []
        recorder = Recorder(
            None,
            cassette=Cassette(upstream, DEFAULT_PROJECT_ID),
            on_finding=lambda f: lines.append(finding_line(f)),
        )
        signer = AkSkAuth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, project_id=DEFAULT_PROJECT_ID)
        proxy = ValidatingProxy(
            upstream,
            recorder,
            signer=signer,
            secret_key=DEFAULT_SECRET_KEY,
            on_refusal=lines.append,
            **options,
        )
        servers.append(ProxyServer(proxy).start())
        return servers[-1].base_url, proxy, lines

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
