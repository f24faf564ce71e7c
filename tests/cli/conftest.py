"""Fixtures of the CLI tests: the CLI pointed at the real stub (``modelarts_stub``) over a socket,
configured only through the environment, as a user would."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from modelarts_vizjobs import _config
from modelarts_vizjobs.cli import cli
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli._helpers import CLEAN_ENV, Invoke


@pytest.fixture
def stub_env(modelarts_stub: StubHandle) -> dict[str, str | None]:
    """Token credentials of the stub, in the SDK's environment variables."""
    return CLEAN_ENV | {
        _config.ENV_ENDPOINT: modelarts_stub.base_url,
        _config.ENV_PROJECT_ID: modelarts_stub.project_id,
        _config.ENV_TOKEN: modelarts_stub.token,
    }


@pytest.fixture
def invoke(stub_env: dict[str, str | None]) -> Invoke:
    """Run ``modelarts-vizjobs ARGS...`` in-process against the stub; ``env=`` adds variables."""

    def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), env=stub_env | (env or {}))

    return run
