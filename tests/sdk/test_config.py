"""``_config``: endpoints, credentials from arguments or the environment, and path ids checked
before anything is sent."""

from __future__ import annotations

import asyncio
import math
import subprocess
import sys

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    ConfigurationError,
    InvalidParameterError,
    ModelArtsVizJobs,
    endpoint_for_region,
)
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import MOCK_PROJECT, mock_client
from tests.strategies import path_values

ENV_NAMES = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_REGION",
    "MODELARTS_VIZJOBS_TOKEN",
    "MODELARTS_VIZJOBS_ENDPOINT",
    "MODELARTS_VIZJOBS_PROFILE",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("region", "endpoint"),
    [
        ("cn-north-4", "https://modelarts.cn-north-4.myhuaweicloud.com"),
        ("ap-southeast-3", "https://modelarts.ap-southeast-3.myhuaweicloud.com"),
        ("ap-southeast-1", "https://modelarts.ap-southeast-1.myhuaweicloud.cn"),
        ("eu-de", "https://modelarts.eu-de.otc.t-systems.com"),
    ],
)
def test_endpoints_by_region(region: str, endpoint: str) -> None:
    assert endpoint_for_region(region) == endpoint
    with ModelArtsVizJobs(project_id="p", region=region, token="t" * 8) as client:
        assert client.base_url == endpoint


@pytest.mark.parametrize("region", ["", "north", "cn_north_4", "https://x", "CN-NORTH-4"])
def test_malformed_regions_are_refused(region: str) -> None:
    with pytest.raises(ConfigurationError):
        endpoint_for_region(region)


@pytest.mark.parametrize(
    "arguments",
    [
        {"region": "cn-north-4"},  # no credentials
        {"region": "cn-north-4", "token": "t", "access_key": "a", "secret_key": "s"},
        {"region": "cn-north-4", "access_key": "a"},
        {"token": "t"},  # no endpoint
        {"endpoint": "ftp://modelarts.example", "token": "t"},
        {"endpoint": "not a url", "token": "t"},
        {"region": "cn-north-4", "token": "t", "project_id": ".."},
        {"region": "cn-north-4", "token": "t", "project_id": None},
        {"endpoint": "http://[::1", "token": "t"},  # httpx.InvalidURL
        {"endpoint": 443, "token": "t"},  # TypeError in httpx.URL
        {"region": "cn-north-4", "token": 12345},  # TypeError in len()
    ],
)
def test_incomplete_or_contradictory_settings_are_refused(arguments: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        ModelArtsVizJobs(**{"project_id": "p", **arguments})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "credentials",
    [
        {"token": "iam-token-from-a-file\n"},
        {"token": " iam-token-0123"},
        {"token": "iam-tök-0123"},
        {"access_key": "AK\r\nX-Injected: 1", "secret_key": "secret-key-0123"},
        {"access_key": "AK0123", "secret_key": "secret-key-0123", "security_token": "sts\x00tok"},
    ],
)
def test_credentials_that_cannot_be_sent_are_refused_without_showing_them(
    credentials: dict[str, str],
) -> None:
    # httpx used to fail each call with "Illegal header value b'<the credential>'"
    with pytest.raises(ConfigurationError) as refused:
        ModelArtsVizJobs(project_id="p", region="cn-north-4", **credentials)
    for value in credentials.values():
        assert value not in str(refused.value) and repr(value)[1:-1] not in str(refused.value)


def test_from_env_reads_the_official_variables(
    clean_env: pytest.MonkeyPatch, modelarts_stub: StubHandle
) -> None:
    clean_env.setenv("HUAWEICLOUD_SDK_AK", modelarts_stub.access_key)
    clean_env.setenv("HUAWEICLOUD_SDK_SK", modelarts_stub.secret_key)
    clean_env.setenv("HUAWEICLOUD_SDK_PROJECT_ID", modelarts_stub.project_id)
    clean_env.setenv("MODELARTS_VIZJOBS_ENDPOINT", modelarts_stub.base_url)
    clean_env.setenv("HUAWEICLOUD_SDK_REGION", "cn-north-4")  # the endpoint wins
    with ModelArtsVizJobs.from_env() as client:
        assert "auth=AkSkAuth(" in repr(client)  # what the client signs with
        assert client.base_url == modelarts_stub.base_url
        created = client.jobs.create(job_name="from-env", train_url="/b/")
        assert client.jobs.get(created.job_id).name == "from-env"


def test_from_env_token_and_explicit_overrides(
    clean_env: pytest.MonkeyPatch, modelarts_stub: StubHandle
) -> None:
    clean_env.setenv("MODELARTS_VIZJOBS_TOKEN", "not-the-stub-token")
    clean_env.setenv("HUAWEICLOUD_SDK_PROJECT_ID", modelarts_stub.project_id)
    clean_env.setenv("HUAWEICLOUD_SDK_REGION", "eu-de")
    with ModelArtsVizJobs.from_env() as client:
        assert "auth=TokenAuth(" in repr(client)
        assert client.base_url == "https://modelarts.eu-de.otc.t-systems.com"
    # explicit AK/SK replace the environment's token; explicit endpoint replaces the region
    with ModelArtsVizJobs.from_env(
        access_key=modelarts_stub.access_key,
        secret_key=modelarts_stub.secret_key,
        endpoint=modelarts_stub.base_url,
        max_retries=0,
    ) as client:
        assert "auth=AkSkAuth(" in repr(client)  # what the client signs with
        assert client.max_retries == 0
        assert list(client.jobs.list()) == []


def test_the_async_client_reads_the_environment_too(
    clean_env: pytest.MonkeyPatch, modelarts_stub: StubHandle
) -> None:
    clean_env.setenv("MODELARTS_VIZJOBS_TOKEN", modelarts_stub.token)
    clean_env.setenv("HUAWEICLOUD_SDK_PROJECT_ID", modelarts_stub.project_id)
    clean_env.setenv("MODELARTS_VIZJOBS_ENDPOINT", modelarts_stub.base_url)

    async def scenario() -> list[object]:
        async with AsyncModelArtsVizJobs.from_env() as client:
            assert isinstance(client, AsyncModelArtsVizJobs)
            return [job async for job in client.jobs.list()]

    assert asyncio.run(scenario()) == []


def test_from_env_without_credentials_says_what_to_set(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "p")
    clean_env.setenv("HUAWEICLOUD_SDK_REGION", "cn-north-4")
    with pytest.raises(ConfigurationError, match="HUAWEICLOUD_SDK_AK"):
        ModelArtsVizJobs.from_env()


@pytest.mark.parametrize("job_id", ["", ".", "..", None, 1.5, True, [], "x" * 65])
def test_invalid_job_ids_are_refused_before_sending(job_id: object) -> None:
    sent: list[httpx.Request] = []
    with mock_client(lambda request: sent.append(request) or httpx.Response(500)) as client:
        for call in (client.jobs.get, client.jobs.delete, client.jobs.stop, client.jobs.restart):
            with pytest.raises(InvalidParameterError):
                call(job_id)  # type: ignore[operator]
        with pytest.raises(InvalidParameterError):
            client.jobs.update(job_id, "d")  # type: ignore[arg-type]
    assert sent == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(job_id=path_values() | st.integers())
def test_a_job_id_is_always_exactly_one_path_segment(job_id: str | int) -> None:
    sent: list[httpx.Request] = []
    details = {"job_id": 1, "status": 8}
    with mock_client(
        lambda request: sent.append(request) or httpx.Response(200, json=details)
    ) as c:
        try:
            c.jobs.get(job_id)
        except InvalidParameterError:
            assert str(job_id) in ("", ".", "..") or len(str(job_id)) > 64
            assert sent == []
            return
    (request,) = sent
    prefix = f"/v1/{MOCK_PROJECT}/visualization-jobs/"
    raw = request.url.raw_path.decode("ascii")
    assert raw.startswith(prefix)
    segment = raw[len(prefix) :]
    assert "/" not in segment and "?" not in segment
    assert httpx.URL("/" + segment).path[1:] == str(job_id)


@pytest.mark.parametrize(
    ("call", "value"),
    [
        ("timeout", -1),
        ("timeout", "5"),
        ("timeout", math.nan),
        ("max_retries", -1),
        ("max_retries", 11),
    ],
)
def test_per_call_options_are_checked(call: str, value: object) -> None:
    with (
        mock_client(lambda request: httpx.Response(500)) as client,
        pytest.raises(InvalidParameterError),
    ):
        client.jobs.get(1, **{call: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("seconds", [math.nan, math.inf, 0, True])
def test_durations_are_finite_positive_and_checked_before_sending(seconds: float) -> None:
    # NaN and infinity used to reach time.sleep / the socket (ValueError, OverflowError), and
    # a bad poll_interval was only refused once the delete/stop/restart/create had been sent
    sent: list[httpx.Request] = []
    with pytest.raises(InvalidParameterError):
        mock_client(lambda request: httpx.Response(500), timeout=seconds)
    with mock_client(lambda request: sent.append(request) or httpx.Response(500)) as client:
        for call in (client.jobs.delete, client.jobs.stop, client.jobs.restart):
            with pytest.raises(InvalidParameterError):
                call(1, wait=True, poll_interval=seconds)
        with pytest.raises(InvalidParameterError):
            client.jobs.create(job_name="a", train_url="/b/", wait=True, poll_interval=seconds)
    assert sent == []


def test_import_stays_light() -> None:
    # the generated models, the stub, the CLI, asyncio and thread pools load on first use only
    probe = (
        "import sys, modelarts_vizjobs; print(' '.join(sorted(m for m in sys.modules if "
        "m.startswith(('modelarts_vizjobs_client.models', 'modelarts_vizjobs.stub', "
        "'modelarts_vizjobs.cli', 'asyncio', 'concurrent', 'uvicorn')))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
