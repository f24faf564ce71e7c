"""``DefaultAioHttpClient`` (the ``aiohttp`` extra) end to end against the stub over a socket,
as the default transport is: lifecycle, errors, retries, both auth modes."""

from __future__ import annotations

import asyncio

import pytest

from modelarts_vizjobs import (
    APIConnectionError,
    AsyncModelArtsVizJobs,
    DefaultAioHttpClient,
    NotFoundError,
)
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import FAST, stub_options


@pytest.mark.parametrize("aksk", [True, False], ids=["aksk", "token"])
def test_aiohttp_transport_end_to_end(modelarts_stub: StubHandle, aksk: bool) -> None:
    modelarts_stub.backend.faults.inject("status", status=503, count=1)

    async def scenario() -> tuple[int, int, int, bool]:
        http = DefaultAioHttpClient()
        async with AsyncModelArtsVizJobs(
            **stub_options(modelarts_stub, aksk=aksk), http_client=http, retry_policy=FAST
        ) as client:
            created = await client.jobs.create(job_name="aio", train_url="/b/")  # 503, retried
            job = await client.jobs.get(created.job_id)
            seeded = [modelarts_stub.backend.seed(client.project_id) for _ in range(12)]
            result = await client.jobs.delete_many([created.job_id, *seeded], concurrency=4)
            listed = [each.job_id async for each in client.jobs.list(page_size=5)]
            with pytest.raises(NotFoundError):
                await client.jobs.get(created.job_id + 10**6)
        still_open = not http.is_closed  # the caller's client: not closed by the SDK
        await http.aclose()
        return job.job_id - created.job_id, len(result.deleted), len(listed), still_open

    assert asyncio.run(scenario()) == (0, 13, 0, True)
    statuses = [entry.status for entry in modelarts_stub.backend.journal]
    assert statuses[:2] == [503, 200]


def test_aiohttp_connection_errors_are_sdk_errors() -> None:
    async def scenario() -> None:
        async with DefaultAioHttpClient() as http:
            client = AsyncModelArtsVizJobs(
                project_id="p",
                endpoint="http://127.0.0.1:9",
                token="tok-0001",
                http_client=http,
                max_retries=0,
            )
            await client.jobs.get(1)

    with pytest.raises(APIConnectionError):
        asyncio.run(scenario())
