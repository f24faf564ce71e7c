"""A forgotten ``close()`` never keeps a process alive (issue 16): each script below uses one
part and ends without closing it; it must print its result and exit within the timeout. In
1.1.0 the first one printed and then hung forever (the blocking portal's thread)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PRELUDE = """
import asyncio
import httpx
from modelarts_vizjobs import AsyncModelArtsVizJobs, ModelArtsVizJobs
from modelarts_vizjobs.stub import StubBackend, StubServer
from modelarts_vizjobs.stub.auth import DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from modelarts_vizjobs.stub.transport import StubTransport
ids = {"project_id": DEFAULT_PROJECT_ID, "token": DEFAULT_TOKEN}
"""

SCRIPTS = {
    "sdk-client-on-stub-transport": """
        backend = StubBackend()
        job = backend.seed(DEFAULT_PROJECT_ID)
        client = ModelArtsVizJobs(
            **ids, endpoint="https://modelarts.test",
            http_client=httpx.Client(transport=StubTransport(backend)),
        )
        print(client.jobs.get(job).job_id == job)
    """,
    "stub-transport-alone": """
        http = httpx.Client(transport=StubTransport(), base_url="https://modelarts.test")
        url = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs"
        print(http.get(url, headers={"X-Auth-Token": DEFAULT_TOKEN}).status_code == 200)
    """,
    "stub-server-and-sdk-client": """
        server = StubServer().start()
        client = ModelArtsVizJobs(**ids, endpoint=server.base_url)
        print(list(client.jobs.list()) == [])
    """,
    "async-sdk-client": """
        server = StubServer().start()

        async def main():
            client = AsyncModelArtsVizJobs(**ids, endpoint=server.base_url)
            return [job async for job in client.jobs.list()]

        print(asyncio.run(main()) == [])
    """,
    "aiohttp-client": """
        from modelarts_vizjobs import DefaultAioHttpClient
        server = StubServer().start()

        async def main():
            client = AsyncModelArtsVizJobs(
                **ids, endpoint=server.base_url, http_client=DefaultAioHttpClient()
            )
            return [job async for job in client.jobs.list()]

        print(asyncio.run(main()) == [])
    """,
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_script_that_never_closes_still_exits(name: str) -> None:
    code = PRELUDE + textwrap.dedent(SCRIPTS[name])
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr[-2000:]
