"""Arbitrary Python objects as job ids and project ids: refused with InvalidParameterError /
ConfigurationError before anything is sent, or sent as one path segment (issue 10: an int of
4,301+ digits raised a bare ValueError, and ``project_id=10**5000`` too)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    AsyncModelArtsVizJobs,
    ConfigurationError,
    InvalidParameterError,
    ModelArtsError,
    ModelArtsVizJobs,
)
from tests.sdk._helpers import MOCK_ENDPOINT, async_mock_client, mock_client
from tests.strategies import hostile_objects

HUGE = 10**5000
GONE = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "gone"}


def recording() -> tuple[list[httpx.Request], Any]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json=GONE)

    return sent, handler


SYNC = {
    "get": lambda c, i: c.jobs.get(i),
    "update": lambda c, i: c.jobs.update(i, "d"),
    "delete": lambda c, i: c.jobs.delete(i),
    "stop": lambda c, i: c.jobs.stop(i),
    "restart": lambda c, i: c.jobs.restart(i),
}
ASYNC = SYNC  # the same calls; awaited below


def _sent_segment(request: httpx.Request) -> str:
    return request.url.raw_path.decode().split("/visualization-jobs/", 1)[1].split("/")[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(sorted(SYNC)),
    job_id=hostile_objects(),
    mode=st.sampled_from(("sync", "async")),
)
def test_any_object_as_a_job_id_is_refused_before_sending_or_sent(
    operation: str, job_id: object, mode: str
) -> None:
    sent, handler = recording()
    try:
        if mode == "sync":
            with mock_client(handler) as client:
                SYNC[operation](client, job_id)
        else:
            asyncio.run(_async_call(handler, operation, job_id))
    except InvalidParameterError:
        assert not sent
        return
    except ModelArtsError:
        pass
    assert isinstance(job_id, int | str) and not isinstance(job_id, bool)
    assert sent and all(_sent_segment(request) for request in sent)


async def _async_call(handler: Any, operation: str, job_id: object) -> None:
    async with async_mock_client(handler) as client:
        await ASYNC[operation](client, job_id)


@settings(max_examples=100, deadline=None)
@given(
    job_ids=st.lists(hostile_objects().filter(_hashable := lambda v: _is_hashable(v)), max_size=4)
)
def test_delete_many_accounts_for_every_id_sync_and_async(job_ids: list[object]) -> None:
    """Each id deleted or failed with a ModelArtsError: a bad id is that id's failure."""
    sent, handler = recording()

    def sync() -> Any:
        with mock_client(handler) as client:
            return client.jobs.delete_many(job_ids)  # type: ignore[arg-type]

    async def run() -> Any:
        async with async_mock_client(handler) as client:
            return await client.jobs.delete_many(job_ids)  # type: ignore[arg-type]

    for call in (sync, lambda: asyncio.run(run())):
        sent.clear()
        result = call()
        assert set(result.deleted) | set(result.failures) == set(job_ids)
        assert all(isinstance(error, ModelArtsError) for error in result.failures.values())


def _is_hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@settings(max_examples=100, deadline=None)
@given(project_id=hostile_objects())
def test_any_object_as_a_project_id_builds_a_client_or_raises_configuration_error(
    project_id: object,
) -> None:
    for kind in (ModelArtsVizJobs, AsyncModelArtsVizJobs):
        with contextlib.suppress(ConfigurationError):
            kind(project_id=project_id, endpoint=MOCK_ENDPOINT, token="t")  # type: ignore[arg-type]


# --- the cases of issue 10 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "job_id", [HUGE, -HUGE, 10**64, -(10**63)], ids=["huge", "-huge", "10**64", "-10**63"]
)
def test_regression_an_int_id_past_64_characters_is_invalid_before_sending(job_id: int) -> None:
    sent, handler = recording()
    with mock_client(handler) as client, pytest.raises(InvalidParameterError, match="64"):
        client.jobs.get(job_id)
    assert not sent


def test_regression_delete_many_records_a_huge_id_sync_and_async() -> None:
    """Sync raised ValueError; async raised an ExceptionGroup."""
    sent, handler = recording()
    with mock_client(handler) as client:
        result = client.jobs.delete_many([HUGE, 5])
    assert isinstance(result.failures[HUGE], InvalidParameterError)
    assert isinstance(result.failures[5], ModelArtsError)  # sent, answered 404

    async def run() -> Any:
        async with async_mock_client(handler) as client:
            return await client.jobs.delete_many([HUGE, 5])

    async_result = asyncio.run(run())
    assert isinstance(async_result.failures[HUGE], InvalidParameterError)
    assert all(_sent_segment(request) == "5" for request in sent)


def test_regression_a_huge_project_id_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="project_id"):
        ModelArtsVizJobs(project_id=HUGE, endpoint=MOCK_ENDPOINT, token="t")  # type: ignore[arg-type]
