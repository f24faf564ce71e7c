"""What the re-signing proxy refuses, over real sockets: each refusal is a ModelArts-style JSON
error and nothing reaches the upstream (the stub's journal records every request it gets); a
client signing with the proxy's key pair still reaches every operation."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from modelarts_vizjobs import AkSkAuth, AsyncModelArtsVizJobs, ModelArtsVizJobs
from modelarts_vizjobs.conformance import ProxyServer, ValidatingProxy
from modelarts_vizjobs.conformance._recorder import Recorder
from modelarts_vizjobs.conformance._serving import ThreadedServer
from modelarts_vizjobs.stub import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
    OTHER_ACCESS_KEY,
    OTHER_SECRET_KEY,
    StubBackend,
    create_app,
)
from tests.conformance.conftest import Proxied

JOBS = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs"
SEVEN = {
    "create_visualization_job",
    "list_visualization_jobs",
    "get_visualization_job",
    "update_visualization_job",
    "delete_visualization_job",
    "stop_visualization_job",
    "restart_visualization_job",
}


@dataclass
class Gate:
    """A stub (its journal records every request it gets) behind a proxy holding the stub's
    default key pair; *lines* are the proxy's refusal lines."""

    url: str
    proxy: ValidatingProxy
    backend: StubBackend
    lines: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def shared_gate() -> Iterator[Gate]:
    """One pair for the module: a proxy's checking process takes a second to start and stop."""
    backend = StubBackend()
    with ThreadedServer(create_app(backend)) as upstream:
        lines: list[str] = []
        signer = AkSkAuth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, project_id=DEFAULT_PROJECT_ID)
        proxy = ValidatingProxy(
            upstream.base_url,
            Recorder(None),
            signer=signer,
            secret_key=DEFAULT_SECRET_KEY,
            on_refusal=lines.append,
        )
        with ProxyServer(proxy) as server:
            yield Gate(server.base_url, proxy, backend, lines)


@pytest.fixture
def gate(shared_gate: Gate) -> Gate:
    """The module's pair, as new: no job, nothing journaled, counted or logged."""
    shared_gate.proxy.drain()
    shared_gate.backend.reset()
    shared_gate.backend.clear_journal()
    shared_gate.proxy.counts.clear()
    shared_gate.proxy.refused.clear()
    shared_gate.lines.clear()
    return shared_gate


def _signer(
    access_key: str = DEFAULT_ACCESS_KEY, secret_key: str = DEFAULT_SECRET_KEY, **options: Any
) -> AkSkAuth:
    return AkSkAuth(access_key, secret_key, project_id=DEFAULT_PROJECT_ID, **options)


def _twenty_minutes_ago() -> datetime:
    return datetime.now(UTC) - timedelta(minutes=20)


def _send(url: str, method: str, path: str, **options: Any) -> httpx.Response:
    with httpx.Client(base_url=url, auth=options.pop("auth", None)) as client:
        return client.request(method, path, **options)


def _raw(url: str, request: bytes) -> tuple[int, bytes]:
    """Status and body of one hand-written HTTP/1.1 request (httpx always sends a path)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


#: The issue's forged header (``Access=ATTACKER, ... Signature=00``) and its variants.
FORGED = "SDK-HMAC-SHA256 Access={access}, SignedHeaders=host;x-sdk-date, Signature={signature}"

# name -> (method, path or None for the job's path, request options, status, error code)
REFUSED: dict[str, tuple[str, str | None, dict[str, Any], int, str]] = {
    "the issue's forged DELETE (unknown access key)": (
        "DELETE",
        None,
        {"headers": {"Authorization": FORGED.format(access="ATTACKER", signature="00")}},
        401,
        "ModelArts.0208",
    ),
    "a forged signature with the proxy's access key": (
        "DELETE",
        None,
        {
            "headers": {
                "Authorization": FORGED.format(access=DEFAULT_ACCESS_KEY, signature="0" * 64)
            }
        },
        401,
        "ModelArts.0208",
    ),
    "another access key the upstream would accept": (
        "DELETE",
        None,
        {"auth": _signer(OTHER_ACCESS_KEY, OTHER_SECRET_KEY)},
        401,
        "ModelArts.0208",
    ),
    "a stale X-Sdk-Date, correctly signed": (
        "DELETE",
        None,
        {"auth": _signer(clock=_twenty_minutes_ago)},
        401,
        "ModelArts.0208",
    ),
    "a body other than the signed one": (
        "PUT",
        None,
        {"auth": _signer(), "json": {"job_desc": "signed"}, "tamper": b'{"job_desc":"forged"}'},
        401,
        "ModelArts.0208",
    ),
    "no credentials at all": ("GET", JOBS, {}, 401, "ModelArts.0205"),
    "a malformed Authorization": (
        "GET",
        JOBS,
        {"headers": {"Authorization": "Bearer abc"}},
        401,
        "ModelArts.0206",
    ),
    "a path outside the spec, correctly signed": (
        "GET",
        "/v3/auth/projects",
        {"auth": _signer()},
        404,
        "ModelArts.2836",
    ),
    "an encoded dot segment, correctly signed": (
        "GET",
        JOBS + "/%2E%2e",
        {"auth": _signer()},
        404,
        "ModelArts.2836",
    ),
    "a method outside the spec, correctly signed": (
        "PATCH",
        JOBS,
        {"auth": _signer()},
        404,
        "ModelArts.2836",
    ),
    "a foreign Host (DNS rebinding), correctly signed for it": (
        "DELETE",
        None,
        {"auth": _signer(), "headers": {"Host": "attacker.example:80"}},
        400,
        "ModelArts.0101",
    ),
    "a foreign Host with a token": (
        "GET",
        JOBS,
        {"headers": {"Host": "rebound.example", "X-Auth-Token": DEFAULT_TOKEN}},
        400,
        "ModelArts.0101",
    ),
}


class _Tampering(httpx.Auth):
    """Signs with *signer*, then swaps the body: what a man in the middle would send."""

    def __init__(self, signer: AkSkAuth, body: bytes) -> None:
        self._signer, self._body = signer, body

    def auth_flow(self, request: httpx.Request) -> Any:
        request.read()
        self._signer.sign(request)
        forged = httpx.Request(
            request.method, request.url, headers=request.headers, content=self._body
        )
        yield forged


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_request_that_fails_a_rule_is_refused_and_reaches_nothing(case: str, gate: Gate) -> None:
    backend, proxy, lines, proxy_url = gate.backend, gate.proxy, gate.lines, gate.url
    job_id = backend.seed(DEFAULT_PROJECT_ID, job_name="kept")
    method, path, options, status, code = REFUSED[case]
    options = dict(options)
    if "tamper" in options:
        options["auth"] = _Tampering(options["auth"], options.pop("tamper"))
    answer = _send(proxy_url, method, path or f"{JOBS}/{job_id}", **options)
    assert (answer.status_code, answer.json()["error_code"]) == (status, code), answer.text
    assert answer.json()["is_success"] is False and answer.json()["error_message"]
    proxy.drain()
    assert backend.journal == [] and proxy.counts["(all)"] == 0
    assert backend.get_job(DEFAULT_PROJECT_ID, str(job_id))["job_name"] == "kept"
    assert len(lines) == 1 and lines[0].startswith(f"proxy: REFUSED {status} {code} {method} ")
    assert proxy.refused == {status: 1}
    assert f"1 requests refused (1 x {status})" in proxy.summary()


@pytest.mark.parametrize(
    "target",
    [b"http://other.example/", f"http://other.example{JOBS}".encode(), b"*", b"other.example:443"],
)
def test_a_request_target_that_is_not_a_path_is_refused(target: bytes, gate: Gate) -> None:
    backend, proxy, proxy_url = gate.backend, gate.proxy, gate.url
    host = proxy_url.removeprefix("http://").encode()
    method = b"CONNECT" if target.endswith(b":443") else b"OPTIONS" if target == b"*" else b"GET"
    request = (
        method + b" " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    )
    status, body = _raw(proxy_url, request)
    assert status == 400 and b'"ModelArts.0101"' in body and b"not a forward proxy" in body
    assert backend.journal == [] and proxy.counts["(all)"] == 0


def test_a_dot_segment_is_refused(gate: Gate) -> None:
    """httpx would resolve ``..`` before sending: upstream would get another path than the
    one routed; a client of its own may send it as it is, as this hand-written request does."""
    host = gate.url.removeprefix("http://").encode()
    target = JOBS.encode() + b"/.."  # get_visualization_job of job ".."
    request = b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    status, body = _raw(gate.url, request)
    assert status == 404 and b'"ModelArts.2836"' in body
    assert gate.backend.journal == [] and gate.proxy.counts["(all)"] == 0


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
def test_every_name_of_the_proxy_itself_is_accepted(host: str, gate: Gate) -> None:
    backend, proxy_url = gate.backend, gate.url
    port = proxy_url.rpartition(":")[2]
    answer = _send(proxy_url, "GET", JOBS, auth=_signer(), headers={"Host": f"{host}:{port}"})
    assert answer.status_code == 200, answer.text
    assert [entry.status for entry in backend.journal] == [200]


def test_a_token_request_goes_through_unsigned(
    served: Callable[..., Any], proxied: Proxied
) -> None:
    upstream, backend = served()
    proxy_url, _, _ = proxied(upstream)
    answer = _send(proxy_url, "GET", JOBS, headers={"X-Auth-Token": DEFAULT_TOKEN})
    assert answer.status_code == 200
    (entry,) = backend.journal
    assert "x-sdk-date" not in entry.headers and "authorization" not in entry.headers


class _Recording:
    """An upstream that answers 200 to anything and keeps every request's headers."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        self.requests.append((scope["method"], scope["path"], headers))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


def test_forward_unknown_sends_other_paths_as_they_came_never_re_signed(proxied: Proxied) -> None:
    recording = _Recording()
    with ThreadedServer(recording) as upstream:
        proxy_url, _, _ = proxied(upstream.base_url, forward_unknown=True)
        outside = _send(proxy_url, "GET", "/v3/auth/projects", auth=_signer())
        inside = _send(proxy_url, "GET", JOBS, auth=_signer())
    assert outside.status_code == inside.status_code == 200
    (_, path, sent), (_, _, resigned) = recording.requests
    assert path == "/v3/auth/projects"
    client_host = proxy_url.removeprefix("http://")
    assert outside.request.headers["Authorization"] == sent["authorization"]  # the client's own
    assert sent["host"] == upstream.base_url.removeprefix("http://") != client_host
    assert resigned["authorization"] != inside.request.headers["Authorization"]  # re-signed


def _seven_sync(url: str) -> None:
    options = {"access_key": DEFAULT_ACCESS_KEY, "secret_key": DEFAULT_SECRET_KEY, "max_retries": 0}
    with ModelArtsVizJobs(endpoint=url, project_id=DEFAULT_PROJECT_ID, **options) as client:
        job = client.jobs.create(
            job_name="sync-proxy", train_url="/obs/x/", wait=True, poll_interval=0.01
        )
        assert [j.job_id for j in client.jobs.list(search="sync-proxy")] == [job.job_id]
        client.jobs.update(job.job_id, "through the proxy")
        assert client.jobs.get(job.job_id).description == "through the proxy"
        client.jobs.stop(job.job_id, wait=True, poll_interval=0.01)
        client.jobs.restart(job.job_id, wait=True, poll_interval=0.01)
        client.jobs.delete(job.job_id, wait=True, poll_interval=0.01)


async def _seven_async(url: str) -> None:
    options = {"access_key": DEFAULT_ACCESS_KEY, "secret_key": DEFAULT_SECRET_KEY, "max_retries": 0}
    async with AsyncModelArtsVizJobs(
        endpoint=url, project_id=DEFAULT_PROJECT_ID, **options
    ) as client:
        job = await client.jobs.create(
            job_name="async-proxy", train_url="/obs/x/", wait=True, poll_interval=0.01
        )
        assert [j.job_id async for j in client.jobs.list(search="async-proxy")] == [job.job_id]
        await client.jobs.update(job.job_id, "through the proxy")
        assert (await client.jobs.get(job.job_id)).description == "through the proxy"
        await client.jobs.stop(job.job_id, wait=True, poll_interval=0.01)
        await client.jobs.restart(job.job_id, wait=True, poll_interval=0.01)
        await client.jobs.delete(job.job_id, wait=True, poll_interval=0.01)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_client_signing_with_the_proxy_key_pair_reaches_all_seven_operations(
    flavour: str, gate: Gate
) -> None:
    backend, proxy, lines, proxy_url = gate.backend, gate.proxy, gate.lines, gate.url
    if flavour == "sync":
        _seven_sync(proxy_url)
    else:
        asyncio.run(_seven_async(proxy_url))
    proxy.drain()
    assert set(proxy.counts) >= SEVEN and not proxy.refused and lines == []
    assert backend.journal and all(entry.status in (200, 404) for entry in backend.journal)
    assert len(backend.journal) == proxy.counts["(all)"]
