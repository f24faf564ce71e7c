"""Named profiles (issue 18): the config file at the XDG location, and one precedence for every
setting: flags (arguments) > environment > profile > defaults."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner

from modelarts_vizjobs import AsyncModelArtsVizJobs, ConfigurationError, ModelArtsVizJobs, TokenAuth
from modelarts_vizjobs.cli import ExitCode, cli
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.cli._helpers import CLEAN_ENV

PROJECT = "a" * 32


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty environment whose XDG config directory is under tmp_path; the config file."""
    for name in CLEAN_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "xdg" / "modelarts-vizjobs" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        f"""
[profiles.prod]
region = "eu-de"
project_id = "{PROJECT}"
token_env = "PROD_TOKEN"

[profiles.aksk]
endpoint = "https://modelarts.example"
project_id = "{PROJECT}"
access_key_env = "PROD_AK"
secret_key_env = "PROD_SK"
"""
    )
    return path


def _token(client: ModelArtsVizJobs) -> str:
    auth = client._settings.auth
    assert isinstance(auth, TokenAuth)
    return auth._token  # type: ignore[attr-defined,no-any-return]


def test_a_profile_gives_location_project_and_credentials(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROD_TOKEN", "prod-token-0123")
    with ModelArtsVizJobs.from_profile("prod") as client:
        assert client.base_url == "https://modelarts.eu-de.otc.t-systems.com"
        assert client.project_id == PROJECT
        assert "prod-token-0123" not in repr(client)
    monkeypatch.setenv("MODELARTS_VIZJOBS_PROFILE", "prod")  # the variable chooses it too
    with ModelArtsVizJobs.from_env() as client:
        assert client.project_id == PROJECT


def test_environment_beats_profile_and_arguments_beat_both(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROD_TOKEN", "prod-token-0123")
    monkeypatch.setenv("MODELARTS_VIZJOBS_ENDPOINT", "http://env.example")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "envproject")
    monkeypatch.setenv("MODELARTS_VIZJOBS_TOKEN", "env-token-0123")
    with ModelArtsVizJobs.from_env(profile="prod") as client:
        assert (client.base_url, client.project_id) == ("http://env.example", "envproject")
    with ModelArtsVizJobs.from_env(
        profile="prod", region="cn-north-4", project_id="argproject"
    ) as client:  # region (a flag) replaces the environment's endpoint: location as a whole
        assert client.base_url == "https://modelarts.cn-north-4.myhuaweicloud.com"
        assert client.project_id == "argproject"
    # credentials as a whole: the environment's token replaces the profile's AK/SK
    monkeypatch.setenv("PROD_AK", "AKPROD")
    monkeypatch.setenv("PROD_SK", "sk-prod-0123")
    with ModelArtsVizJobs.from_env(profile="aksk") as client:
        assert isinstance(client._settings.auth, TokenAuth)


def test_the_async_client_reads_profiles(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROD_TOKEN", "prod-token-0123")

    async def scenario() -> str:
        async with AsyncModelArtsVizJobs.from_profile("prod") as client:
            return client.project_id

    assert asyncio.run(scenario()) == PROJECT


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("nope", r"no \[profiles.nope\] in .*config.toml \(profiles there: aksk, prod\)"),
        ("prod", "profile 'prod' .*: token_env names PROD_TOKEN, not set"),
    ],
)
def test_profile_errors_name_the_file_and_the_key(config: Path, profile: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        ModelArtsVizJobs.from_profile(profile)


def test_unknown_keys_and_a_missing_file_are_refused(config: Path) -> None:
    config.write_text('[profiles.x]\nregion = "eu-de"\ntoken = "inline-secret"\n')
    with pytest.raises(ConfigurationError, match=r"unknown key.* token ") as caught:
        ModelArtsVizJobs.from_profile("x")
    assert "inline-secret" not in str(caught.value)
    config.unlink()
    with pytest.raises(ConfigurationError, match=r"config\.toml does not exist"):
        ModelArtsVizJobs.from_profile("x")


def test_a_credentials_file_open_to_others_is_refused(config: Path, tmp_path: Path) -> None:
    secret = tmp_path / "test.credentials"
    secret.write_text('token = "file-token-0123"\n')
    config.write_text(
        f'[profiles.t]\nregion = "eu-de"\nproject_id = "p"\ncredentials_file = "{secret}"\n'
    )
    secret.chmod(0o640)
    with pytest.raises(ConfigurationError, match=r"open to group or others .*chmod 600") as caught:
        ModelArtsVizJobs.from_profile("t")
    assert "file-token-0123" not in str(caught.value)
    secret.chmod(0o600)
    with ModelArtsVizJobs.from_profile("t") as client:
        assert _token(client) == "file-token-0123"


def test_every_missing_setting_is_named_at_once_for_every_way_in() -> None:
    result = CliRunner().invoke(cli, ["jobs", "list"], env=CLEAN_ENV)
    assert result.exit_code == ExitCode.USAGE
    (line,) = result.stderr.splitlines()
    for part in ("project id (", "credentials (", "endpoint ("):
        assert part in line
    for way in ("--project-id", "HUAWEICLOUD_SDK_PROJECT_ID", "profile key project_id"):
        assert way in line
    for way in ("--token", "MODELARTS_VIZJOBS_TOKEN", "token_env", "credentials_file"):
        assert way in line
    for way in ("--region", "HUAWEICLOUD_SDK_REGION", "profile key endpoint or region"):
        assert way in line
    assert "token=" in line  # and the Python keyword


def test_cli_profile_flag_against_the_stub(modelarts_stub: StubHandle, tmp_path: Path) -> None:
    path = tmp_path / "modelarts-vizjobs" / "config.toml"
    path.parent.mkdir()
    path.write_text(
        f'[profiles.stub]\nendpoint = "{modelarts_stub.base_url}"\n'
        f'project_id = "{modelarts_stub.project_id}"\ntoken_env = "STUB_TOKEN"\n'
    )
    env = CLEAN_ENV | {"XDG_CONFIG_HOME": str(tmp_path), "STUB_TOKEN": modelarts_stub.token}
    result = CliRunner().invoke(cli, ["--profile", "stub", "--json", "jobs", "list"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"
    env["MODELARTS_VIZJOBS_PROFILE"] = "stub"
    assert CliRunner().invoke(cli, ["jobs", "list"], env=env).exit_code == 0
    # the flag beats the variable
    result = CliRunner().invoke(cli, ["--profile", "other", "jobs", "list"], env=env)
    assert result.exit_code == ExitCode.USAGE
    assert "no [profiles.other]" in result.stderr
