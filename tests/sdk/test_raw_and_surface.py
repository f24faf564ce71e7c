"""Raw responses, per-client redaction, bulk deletes of bad ids, undecodable bodies, and the
sync surface against the async one it is generated from."""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import weakref

import httpx
import pytest

from modelarts_vizjobs import (
    APIResponse,
    APIResponseValidationError,
    AsyncModelArtsVizJobs,
    InvalidParameterError,
    ModelArtsVizJobs,
    NotFoundError,
)
from modelarts_vizjobs._async._resources import AsyncJobs, AsyncJobsWithRawResponse
from modelarts_vizjobs._sync._resources import Jobs, JobsWithRawResponse
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import (
    FAST,
    MOCK_ENDPOINT,
    MOCK_PROJECT,
    async_mock_client,
    mock_client,
    stub_options,
)


def _tokened(token: str) -> ModelArtsVizJobs:
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    return ModelArtsVizJobs(
        project_id=MOCK_PROJECT,
        endpoint=MOCK_ENDPOINT,
        token=token,
        http_client=httpx.Client(transport=transport),
    )


def test_raw_response_sync(client: ModelArtsVizJobs, modelarts_stub: StubHandle) -> None:
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    raw = client.jobs.with_raw_response.get(job)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200 and raw.headers["X-Request-Id"] == raw.request_id
    assert raw.parse().job_id == client.jobs.get(job).job_id == job
    assert raw.http_response.json()["job_id"] == job
    deleted = client.jobs.with_raw_response.delete(job)
    assert deleted.parse() is None and deleted.request_id
    assert modelarts_stub.backend.journal[-1].request_id == deleted.request_id
    with pytest.raises(NotFoundError):
        client.jobs.with_raw_response.stop(10**9)


def test_raw_response_async(modelarts_stub: StubHandle) -> None:
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)

    async def scenario() -> tuple[int, object, object]:
        async with AsyncModelArtsVizJobs(**stub_options(modelarts_stub, aksk=False)) as client:
            created = await client.jobs.with_raw_response.create(job_name="raw", train_url="/b/")
            raw = await client.jobs.with_raw_response.get(job)
            return created.status_code, created.parse().job_id > 0, raw.parse().job_id

    assert asyncio.run(scenario()) == (200, True, job)


def test_kept_requests_hold_no_token(client: ModelArtsVizJobs, modelarts_stub: StubHandle) -> None:
    with ModelArtsVizJobs(**stub_options(modelarts_stub, aksk=False)) as tokened:
        raw = tokened.jobs.with_raw_response.get(modelarts_stub.backend.seed(tokened.project_id))
        with pytest.raises(NotFoundError) as missing:
            tokened.jobs.get(10**9)
    assert raw.http_response.request.headers["X-Auth-Token"] == "***"
    assert missing.value.response is not None
    assert modelarts_stub.token not in str(missing.value.response.request.headers)


def test_redaction_belongs_to_the_client_and_ends_with_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An open client's secret is masked in any log line; once closed, it is forgotten (so
    nothing accumulates for clients made and closed)."""
    caplog.set_level(logging.DEBUG, logger="modelarts_vizjobs")
    log = logging.getLogger("modelarts_vizjobs")
    with _tokened("live-token-000001"):
        log.warning("while open: live-token-000001")
    log.warning("after close: live-token-000001")
    assert "while open: ***" in caplog.text
    assert "after close: live-token-000001" in caplog.text


def test_a_dropped_client_leaves_nothing_behind(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="modelarts_vizjobs")
    client = _tokened("dropped-000001")
    dropped = weakref.ref(client)
    logging.getLogger("modelarts_vizjobs").warning("held: dropped-000001")
    del client
    gc.collect()
    assert dropped() is None  # no registry of secrets keeps the client alive
    logging.getLogger("modelarts_vizjobs").warning("gone: dropped-000001")
    assert "held: ***" in caplog.text and "gone: dropped-000001" in caplog.text


BAD_IDS = ["", "..", True, None, 1.5, 10**70, ["list"]]


def test_bad_ids_are_recorded_failures_sync() -> None:
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return httpx.Response(200, json={"is_success": True})

    with mock_client(answer) as client:
        result = client.jobs.delete_many([7, *BAD_IDS, 7])
    assert result.deleted == (7,)
    assert len(result.failures) == len(BAD_IDS)
    assert all(isinstance(error, InvalidParameterError) for error in result.failures.values())
    assert "['list']" in result.failures  # an unhashable id is recorded under its repr
    assert len(sent) == 1


def test_bad_ids_are_recorded_failures_async() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"is_success": True})

    async def scenario() -> object:
        async with async_mock_client(answer) as client:
            return await client.jobs.delete_many([7, *BAD_IDS])

    result = asyncio.run(scenario())
    assert result.deleted == (7,)  # type: ignore[attr-defined]
    assert len(result.failures) == len(BAD_IDS)  # type: ignore[attr-defined]


GZIP_HEADERS = {"Content-Encoding": "gzip", "X-Request-Id": "rid-1"}


def _garbage_gzip(request: httpx.Request) -> httpx.Response:
    """The issue's case: ``content=`` makes httpx decode inside the transport, before any
    response exists."""
    return httpx.Response(200, content=b"garbage", headers=GZIP_HEADERS)


def _garbage_gzip_stream(request: httpx.Request) -> httpx.Response:
    """What a socket does: the body is decoded when the SDK reads it."""
    return httpx.Response(200, stream=httpx.ByteStream(b"garbage"), headers=GZIP_HEADERS)


def test_an_undecodable_body_is_a_validation_error() -> None:
    stream = mock_client(_garbage_gzip_stream)
    with stream as client, pytest.raises(APIResponseValidationError) as bad:
        client.jobs.get(1)
    assert bad.value.status_code == 200 and bad.value.request_id == "rid-1"
    with mock_client(_garbage_gzip) as client, pytest.raises(APIResponseValidationError) as bad:
        client.jobs.get(1)
    assert bad.value.status_code == 0  # no answer to take a status from

    async def scenario(handler: object) -> None:
        async with async_mock_client(handler) as client:  # type: ignore[arg-type]
            await client.jobs.delete(1)

    for handler in (_garbage_gzip, _garbage_gzip_stream):
        with pytest.raises(APIResponseValidationError):
            asyncio.run(scenario(handler))


def _surface(cls: type) -> dict[str, object]:
    """Public methods with their parameters (names, kinds, defaults, annotations) and returns."""
    surface: dict[str, object] = {}
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith("_") and name != "__init__":
            continue
        signature = inspect.signature(member)
        surface[name] = [
            (p.name, p.kind, repr(p.default), str(p.annotation).replace("Async", ""))
            for p in signature.parameters.values()
        ] + [str(signature.return_annotation).replace("Async", "")]
    return surface


@pytest.mark.parametrize(
    ("sync_cls", "async_cls"),
    [
        (Jobs, AsyncJobs),
        (JobsWithRawResponse, AsyncJobsWithRawResponse),
        (ModelArtsVizJobs, AsyncModelArtsVizJobs),
    ],
)
def test_sync_and_async_surfaces_match(sync_cls: type, async_cls: type) -> None:
    assert _surface(sync_cls) == _surface(async_cls)
    assert _surface(sync_cls)  # not vacuous


def test_caller_client_timeout_does_not_apply(modelarts_stub: StubHandle) -> None:
    """The SDK's timeout is the one used, whatever the caller's client says."""
    seen: list[dict[str, float | None]] = []
    tap = httpx.Client(
        timeout=0.000001,
        event_hooks={"request": [lambda request: seen.append(request.extensions["timeout"])]},
    )
    with ModelArtsVizJobs(
        **stub_options(modelarts_stub), http_client=tap, retry_policy=FAST, timeout=7.0
    ) as client:
        assert list(client.jobs.list()) == []
    assert seen == [{"connect": 7.0, "read": 7.0, "write": 7.0, "pool": 7.0}]
    tap.close()
