"""The token authenticates requests but never shows in the client's repr."""

from __future__ import annotations

import httpx
from modelarts_vizjobs_client import AuthenticatedClient
from modelarts_vizjobs_client.api.visualization_jobs import get_visualization_job

TOKEN = "MIIZ-secret-token-value"


def test_token_is_sent_but_never_in_repr() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"job_id": 10, "status": 8})

    headers = {"X-Language": "en-us"}
    client = AuthenticatedClient(
        base_url="https://modelarts.example.com",
        token=TOKEN,
        prefix="",
        auth_header_name="X-Auth-Token",
        headers=headers,
        httpx_args={"transport": httpx.MockTransport(answer)},
    )
    assert TOKEN not in repr(client)

    get_visualization_job.sync_detailed("p", "10", client=client)
    derived = client.with_headers({"X-Trace": "1"})

    assert sent[0].headers["X-Auth-Token"] == TOKEN
    for shown in (repr(client), str(client), repr(derived), str(derived)):
        assert TOKEN not in shown
    assert headers == {"X-Language": "en-us"}  # the caller's dict is not written into
