"""The credential precedence rule (docs/authentication.md): explicit arguments over the
environment; in the environment a token over AK/SK, said once at INFO; errors name the
variables to set or unset."""

from __future__ import annotations

import logging

import pytest

from modelarts_vizjobs import ConfigurationError, ModelArtsVizJobs
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk.test_config import ENV_NAMES


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, modelarts_stub: StubHandle) -> pytest.MonkeyPatch:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", modelarts_stub.project_id)
    monkeypatch.setenv("MODELARTS_VIZJOBS_ENDPOINT", modelarts_stub.base_url)
    return monkeypatch


def test_token_beside_aksk_in_the_environment_wins_with_one_info_line(
    env: pytest.MonkeyPatch, modelarts_stub: StubHandle, caplog: pytest.LogCaptureFixture
) -> None:
    # what a user has after pasting `stub serve`'s export line over a README AK/SK export
    env.setenv("MODELARTS_VIZJOBS_TOKEN", modelarts_stub.token)
    env.setenv("HUAWEICLOUD_SDK_AK", "AKSTALE")
    env.setenv("HUAWEICLOUD_SDK_SK", "sk-stale-secret")
    with caplog.at_level(logging.INFO, logger="modelarts_vizjobs"):
        client = ModelArtsVizJobs.from_env(max_retries=0)
    with client:
        assert "auth=TokenAuth(" in repr(client)
        assert list(client.jobs.list()) == []
    lines = [r.getMessage() for r in caplog.records if "using the token" in r.getMessage()]
    assert lines == [
        "MODELARTS_VIZJOBS_TOKEN and HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK are both set: "
        "using the token (unset MODELARTS_VIZJOBS_TOKEN to sign with AK/SK)"
    ]
    assert "sk-stale-secret" not in caplog.text


def test_explicit_aksk_beats_an_environment_token(
    env: pytest.MonkeyPatch, modelarts_stub: StubHandle
) -> None:
    env.setenv("MODELARTS_VIZJOBS_TOKEN", "stale-token")
    with ModelArtsVizJobs.from_env(
        access_key=modelarts_stub.access_key, secret_key=modelarts_stub.secret_key
    ) as client:
        assert "auth=AkSkAuth(" in repr(client)  # what the client signs with
        assert list(client.jobs.list()) == []


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"HUAWEICLOUD_SDK_AK": "AK1"}, ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"]),
        ({"HUAWEICLOUD_SDK_SK": "secret1"}, ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"]),
        ({}, ["MODELARTS_VIZJOBS_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"]),
    ],
)
def test_incomplete_environment_credentials_name_the_variables(
    env: pytest.MonkeyPatch, variables: dict[str, str], named: list[str]
) -> None:
    for name, value in variables.items():
        env.setenv(name, value)
    with pytest.raises(ConfigurationError) as refused:
        ModelArtsVizJobs.from_env()
    assert all(name in str(refused.value) for name in named)
    assert "secret1" not in str(refused.value)


def test_contradictory_explicit_arguments_are_still_refused() -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        ModelArtsVizJobs(
            project_id="p", region="cn-north-4", token="t", access_key="a", secret_key="s"
        )
