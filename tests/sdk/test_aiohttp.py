"""``DefaultAioHttpClient`` (the ``aiohttp`` extra) end to end against the stub over a socket,
as the default transport is: lifecycle, errors, retries, both auth modes."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
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


def test_the_default_async_client_is_on_aiohttp_and_closed_by_close(
    modelarts_stub: StubHandle,
) -> None:
    """Issue 17: with the extra installed, an async user gets aiohttp without asking."""

    async def scenario() -> tuple[bool, int, bool]:
        client = AsyncModelArtsVizJobs(**stub_options(modelarts_stub))
        seeded = [modelarts_stub.backend.seed(client.project_id) for _ in range(3)]
        result = await client.jobs.delete_many(seeded, concurrency=3)
        await client.close()
        on_aiohttp = isinstance(client._http, DefaultAioHttpClient)
        return on_aiohttp, len(result.deleted), client._http.is_closed

    assert asyncio.run(scenario()) == (True, 3, True)


FORGETFUL = """
import asyncio, gc, sys
from modelarts_vizjobs import AsyncModelArtsVizJobs
kept = []

async def main():
    client = AsyncModelArtsVizJobs(project_id=sys.argv[2], endpoint=sys.argv[1], token=sys.argv[3])
    await client.jobs.get(int(sys.argv[4]))
    if sys.argv[5] == "kept":
        kept.append(client)  # alive until exit: the finalizer runs at exit

asyncio.run(main())
gc.collect()
print("done")
"""


@pytest.mark.parametrize("lifetime", ["collected", "kept"])
def test_a_forgotten_default_client_exits_quietly(
    modelarts_stub: StubHandle, lifetime: str
) -> None:
    """Never closed (a bug in the caller, but a common one): no "Unclosed client session" or
    "Unclosed connector" on stderr, whether it is collected or alive at exit, and no hang."""
    job = modelarts_stub.backend.seed(modelarts_stub.project_id)
    args = [modelarts_stub.base_url, modelarts_stub.project_id, modelarts_stub.token, str(job)]
    done = subprocess.run(
        [sys.executable, "-c", FORGETFUL, *args, lifetime],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "done\n", "")


def test_a_dropped_create_on_aiohttp_may_have_happened_and_is_not_retried(
    modelarts_stub: StubHandle,
) -> None:
    """The server read the create and closed the connection without answering: on aiohttp as
    on httpx's own transport, the request counts as sent, so it is not retried (httpx-aiohttp
    alone reports it as a ConnectTimeout, a request never sent)."""
    modelarts_stub.backend.faults.inject("drop", count=1)

    async def scenario() -> APIConnectionError:
        async with AsyncModelArtsVizJobs(**stub_options(modelarts_stub), retry_policy=FAST) as c:
            assert isinstance(c._http, DefaultAioHttpClient)
            with pytest.raises(APIConnectionError) as dropped:
                await c.jobs.create(job_name="once", train_url="/b/")
            return dropped.value

    error = asyncio.run(scenario())
    assert (type(error), error.request_sent) == (APIConnectionError, True)  # not a timeout
    assert [entry.method for entry in modelarts_stub.backend.journal] == ["POST"]


async def _cut_short(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A server that reads the request head, promises 100 bytes of body, sends 12, closes."""
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"is_success')
    await writer.drain()
    writer.close()


def test_a_body_cut_short_on_aiohttp_is_a_connection_error_after_sending() -> None:
    async def scenario() -> APIConnectionError:
        server = await asyncio.start_server(_cut_short, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with (
            server,
            AsyncModelArtsVizJobs(
                project_id="p", endpoint=f"http://127.0.0.1:{port}", token="tok-0001", max_retries=0
            ) as client,
        ):
            with pytest.raises(APIConnectionError) as cut:
                await client.jobs.delete(1)
            return cut.value

    error = asyncio.run(scenario())
    assert (type(error), error.request_sent) == (APIConnectionError, True)


def test_a_refused_connection_on_aiohttp_was_not_sent() -> None:
    async def scenario() -> APIConnectionError:
        async with AsyncModelArtsVizJobs(
            project_id="p", endpoint="http://127.0.0.1:9", token="tok-0001", max_retries=0
        ) as client:
            with pytest.raises(APIConnectionError) as refused:
                await client.jobs.create(job_name="never", train_url="/b/")
            return refused.value

    error = asyncio.run(scenario())
    # as on httpx's own transport: refused is a connection error, not a timeout (httpx-aiohttp
    # alone says ConnectTimeout)
    assert (type(error), error.request_sent) == (APIConnectionError, False)


def test_aiohttp_sends_the_url_exactly_as_httpx_encoded_and_signed_it(
    modelarts_stub: StubHandle,
) -> None:
    """aiohttp re-encodes a URL given as text (``%21`` becomes ``!``, ``%2F`` becomes ``/``):
    the query on the wire would not be the one the SDK logged and signed. The transport hands
    it over as encoded; the stub checks the AK/SK signature and keeps the raw query."""
    search = "tb!'()*,:;@/$?=&+ é"

    async def scenario() -> list[int]:
        async with DefaultAioHttpClient() as http:
            client = AsyncModelArtsVizJobs(
                **stub_options(modelarts_stub, aksk=True), http_client=http
            )
            return [job.job_id async for job in client.jobs.list(search=search)]

    assert asyncio.run(scenario()) == []
    (entry,) = modelarts_stub.backend.journal
    assert entry.status == 200
    sent = httpx.URL("http://stub/", params={"search_content": search}).query.decode()
    assert "%21%27%28%29%2A%2C%3A%3B%40%2F%24%3F%3D%26%2B+%C3%A9" in sent
    assert f"search_content={sent.partition('search_content=')[2]}" in entry.query
