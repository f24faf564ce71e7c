"""What the SDK does with a caller's ``httpx`` client, and with redirects: over real sockets.

Two stubs stand for two tenants' endpoints; a tiny recording server stands for "another
origin" that a redirect points to.
"""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from modelarts_vizjobs import (
    APIConnectionError,
    APIStatusError,
    AsyncModelArtsVizJobs,
    DefaultAioHttpClient,
    ModelArtsVizJobs,
    RedirectError,
)
from modelarts_vizjobs import stub as stub_module
from modelarts_vizjobs.stub import StubServer

CREDENTIAL_HEADERS = ("x-auth-token", "x-security-token", "authorization")

TENANT_A = {
    "project_id": stub_module.DEFAULT_PROJECT_ID,
    "token": stub_module.DEFAULT_TOKEN,
    "aksk": (stub_module.DEFAULT_ACCESS_KEY, stub_module.DEFAULT_SECRET_KEY),
}
TENANT_B = {
    "project_id": stub_module.OTHER_PROJECT_ID,
    "token": stub_module.OTHER_TOKEN,
    "aksk": (stub_module.OTHER_ACCESS_KEY, stub_module.OTHER_SECRET_KEY),
}


@pytest.fixture(scope="module")
def two_stubs() -> Iterator[tuple[StubServer, StubServer]]:
    with StubServer() as first, StubServer() as second:
        yield first, second


def _options(server: StubServer, tenant: dict[str, Any], mode: str) -> dict[str, Any]:
    credentials: dict[str, Any]
    if mode == "token":
        credentials = {"token": tenant["token"]}
    else:
        access_key, secret_key = tenant["aksk"]
        credentials = {"access_key": access_key, "secret_key": secret_key}
    return {"project_id": tenant["project_id"], "endpoint": server.base_url, **credentials}


def _settings(http: httpx.Client | httpx.AsyncClient) -> tuple[object, ...]:
    hooks = {kind: list(hooks) for kind, hooks in http.event_hooks.items()}
    return (
        str(http.base_url),
        http.auth,
        list(http.headers.multi_items()),
        http.timeout,
        hooks,
        http.follow_redirects,
    )


class _Tap:
    """A caller's event hook: (port, path, token, signing access key) of each request sent."""

    def __init__(self) -> None:
        self.seen: list[tuple[int | None, str, str | None, str | None]] = []

    def __call__(self, request: httpx.Request) -> None:
        signature = request.headers.get("Authorization", "")
        access_key = signature.partition("Access=")[2].partition(",")[0] or None
        token = request.headers.get("X-Auth-Token")
        self.seen.append((request.url.port, request.url.path, token, access_key))

    async def hook(self, request: httpx.Request) -> None:
        self(request)


def _expected(tenant: dict[str, Any], mode: str) -> tuple[str | None, str | None]:
    return (tenant["token"], None) if mode == "token" else (None, tenant["aksk"][0])


def _reset(*servers: StubServer) -> tuple[int, int]:
    for server in servers:
        server.backend.reset()
    first, second = servers
    return (
        first.backend.seed(TENANT_A["project_id"]),
        second.backend.seed(TENANT_B["project_id"]),
    )


@pytest.mark.parametrize("mode", ["token", "aksk"])
def test_two_clients_share_one_httpx_client_sync(
    two_stubs: tuple[StubServer, StubServer], mode: str
) -> None:
    first, second = two_stubs
    job_a, job_b = _reset(first, second)
    shared = httpx.Client(base_url="http://127.0.0.1:9/", headers={"X-Caller": "mine"}, timeout=3.0)
    tap = _Tap()
    shared.event_hooks = {"request": [tap], "response": []}
    before = _settings(shared)
    a = ModelArtsVizJobs(**_options(first, TENANT_A, mode), http_client=shared)
    b = ModelArtsVizJobs(**_options(second, TENANT_B, mode), http_client=shared)
    for _ in range(2):  # interleaved
        assert a.jobs.get(job_a).job_id == job_a
        assert b.jobs.get(job_b).job_id == job_b
    a.jobs.delete(job_a)
    b.jobs.delete(job_b)
    a.close()
    b.close()

    path_a = f"/v1/{TENANT_A['project_id']}/visualization-jobs/{job_a}"
    path_b = f"/v1/{TENANT_B['project_id']}/visualization-jobs/{job_b}"
    port_a, port_b = (int(server.base_url.rpartition(":")[2]) for server in (first, second))
    assert tap.seen == [
        (port_a, path_a, *_expected(TENANT_A, mode)),
        (port_b, path_b, *_expected(TENANT_B, mode)),
    ] * 2 + [
        (port_a, path_a, *_expected(TENANT_A, mode)),
        (port_b, path_b, *_expected(TENANT_B, mode)),
    ]
    for server in (first, second):  # each stub accepted every request it got: right credentials
        assert [entry.status for entry in server.backend.journal] == [200] * 3
    assert _settings(shared) == before
    assert not shared.is_closed  # the SDK closes only clients it made
    with pytest.raises(APIConnectionError, match="closed"):
        a.jobs.get(job_a)  # ... but a closed SDK client is closed
    assert all(entry.headers.get("x-caller") == "mine" for entry in first.backend.journal)
    shared.close()


@pytest.mark.parametrize("mode", ["token", "aksk"])
def test_two_clients_share_one_httpx_client_async(
    two_stubs: tuple[StubServer, StubServer], mode: str
) -> None:
    first, second = two_stubs
    job_a, job_b = _reset(first, second)
    tap = _Tap()

    async def scenario() -> tuple[object, object, bool]:
        shared = httpx.AsyncClient(
            base_url="http://127.0.0.1:9/", timeout=3.0, event_hooks={"request": [tap.hook]}
        )
        before = _settings(shared)
        a = AsyncModelArtsVizJobs(**_options(first, TENANT_A, mode), http_client=shared)
        b = AsyncModelArtsVizJobs(**_options(second, TENANT_B, mode), http_client=shared)
        jobs = await asyncio.gather(a.jobs.get(job_a), b.jobs.get(job_b), a.jobs.get(job_a))
        assert [job.job_id for job in jobs] == [job_a, job_b, job_a]
        await asyncio.gather(a.jobs.delete(job_a), b.jobs.delete(job_b))
        await a.close()
        await b.close()
        closed = shared.is_closed
        after = _settings(shared)
        await shared.aclose()
        return before, after, closed

    before, after, closed = asyncio.run(scenario())
    assert after == before and not closed
    path_a = f"/v1/{TENANT_A['project_id']}/visualization-jobs/{job_a}"
    path_b = f"/v1/{TENANT_B['project_id']}/visualization-jobs/{job_b}"
    port_a, port_b = (int(server.base_url.rpartition(":")[2]) for server in (first, second))
    expected_a = (port_a, path_a, *_expected(TENANT_A, mode))
    expected_b = (port_b, path_b, *_expected(TENANT_B, mode))
    assert sorted(tap.seen) == sorted([expected_a] * 3 + [expected_b] * 2)
    assert [entry.status for entry in first.backend.journal] == [200] * 3
    assert [entry.status for entry in second.backend.journal] == [200] * 2


def test_a_client_the_sdk_made_is_closed_by_close() -> None:
    client = ModelArtsVizJobs(project_id="p", endpoint="https://modelarts.test", token="tok-1234")
    client.close()
    assert client._http.is_closed


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Another origin: records the headers of whatever reaches it and answers a success."""

    seen: ClassVar[list[dict[str, str]]] = []

    def _answer(self) -> None:
        type(self).seen.append({name.lower(): value for name, value in self.headers.items()})
        body = b'{"is_success": true, "job_id": 1, "status": 8}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_DELETE = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


def _redirector(target: str) -> type[http.server.BaseHTTPRequestHandler]:
    class Redirect(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.send_response(302)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_DELETE = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    return Redirect


@pytest.fixture(scope="module")
def redirect_pair() -> Iterator[str]:
    """The endpoint URL of a server that redirects everything to a recording server."""
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    other_url = f"http://127.0.0.1:{other.server_address[1]}"
    redirecting = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _redirector(other_url))
    threads = [
        threading.Thread(target=server.serve_forever, daemon=True)
        for server in (other, redirecting)
    ]
    for thread in threads:
        thread.start()
    yield f"http://127.0.0.1:{redirecting.server_address[1]}"
    for server in (other, redirecting):
        server.shutdown()
        server.server_close()


REDIRECT_CREDENTIALS = [
    {"token": "redirect-token-0001"},
    {"access_key": "AKREDIRECT", "secret_key": "sk-redirect", "security_token": "st-redirect"},
]


@pytest.mark.parametrize("credentials", REDIRECT_CREDENTIALS, ids=["token", "aksk"])
def test_redirects_are_errors_and_credentials_stay_home_sync(
    redirect_pair: str, credentials: dict[str, str]
) -> None:
    _Recorder.seen.clear()
    follower = httpx.Client(follow_redirects=True)
    with ModelArtsVizJobs(
        project_id="p", endpoint=redirect_pair, http_client=follower, **credentials
    ) as client:
        with pytest.raises(RedirectError) as raised:
            client.jobs.delete(1)
        with pytest.raises(APIStatusError):
            client.jobs.get(1)
    assert raised.value.status_code == 302
    assert raised.value.location is not None and raised.value.location.endswith(
        "/v1/p/visualization-jobs/1"
    )
    assert _Recorder.seen == []  # nothing, with or without credentials, reached the other origin
    assert follower.follow_redirects is True
    follower.close()


@pytest.mark.parametrize("credentials", REDIRECT_CREDENTIALS, ids=["token", "aksk"])
def test_redirects_are_errors_and_credentials_stay_home_async(
    redirect_pair: str, credentials: dict[str, str]
) -> None:
    _Recorder.seen.clear()

    async def scenario() -> RedirectError:
        follower = httpx.AsyncClient(follow_redirects=True)
        async with AsyncModelArtsVizJobs(
            project_id="p", endpoint=redirect_pair, http_client=follower, **credentials
        ) as client:
            with pytest.raises(RedirectError) as raised:
                await client.jobs.delete(1)
        await follower.aclose()
        return raised.value

    error = asyncio.run(scenario())
    assert error.status_code == 302 and error.location is not None
    assert _Recorder.seen == []


def test_plain_httpx_following_the_redirect_leaks_the_token(redirect_pair: str) -> None:
    """Why the SDK never follows: httpx strips only ``Authorization`` across origins (and this
    shows the recorder does see what reaches it, so the tests above are not vacuous)."""
    _Recorder.seen.clear()
    with httpx.Client(follow_redirects=True) as plain:
        plain.get(redirect_pair + "/x", headers={"X-Auth-Token": "leak"})
    assert [seen.get("x-auth-token") for seen in _Recorder.seen] == ["leak"]


class _CookieSetter(http.server.BaseHTTPRequestHandler):
    """An endpoint behind a gateway that sets a session cookie on every answer; records the
    Cookie headers of each request (joined: a cookie sent twice shows)."""

    cookies_seen: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        sent = self.headers.get_all("Cookie")
        type(self).cookies_seen.append("; ".join(sent) if sent else None)
        body = b'{"job_id": 1, "status": 8, "job_name": "a"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "gateway-session=tenant-a-secret; Path=/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def cookie_setter() -> Iterator[str]:
    _CookieSetter.cookies_seen.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CookieSetter)
    server.block_on_close = False  # a handler still reading an idle connection is a daemon
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    # By name: cookie jars (aiohttp's among them) ignore cookies an IP address sets.
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_client_the_sdk_made_keeps_no_cookie(cookie_setter: str, kind: str) -> None:
    """The API sets no cookie; one a gateway sets is neither kept nor sent back by the SDK's
    own client (a caller's client keeps its jar: the next test)."""
    options = {"project_id": "p", "endpoint": cookie_setter, "token": "tok-0001"}
    if kind == "sync":
        with ModelArtsVizJobs(**options) as client:
            client.jobs.get(1)
            client.jobs.get(1)
            jar = list(client._http.cookies.jar)
    else:

        async def twice() -> list[object]:
            async with AsyncModelArtsVizJobs(**options) as client:
                await client.jobs.get(1)
                await client.jobs.get(1)
                return list(client._http.cookies.jar)

        jar = asyncio.run(twice())
    assert (jar, _CookieSetter.cookies_seen) == ([], [None, None])


@pytest.mark.parametrize("kind", ["sync", "aiohttp"])
def test_a_callers_client_keeps_its_cookies(cookie_setter: str, kind: str) -> None:
    """httpx's jar is the one jar: a DefaultAioHttpClient sends its cookie once, not a second
    time from aiohttp's own."""
    options = {"project_id": "p", "endpoint": cookie_setter, "token": "tok-0001"}
    if kind == "sync":
        with httpx.Client() as http, ModelArtsVizJobs(**options, http_client=http) as client:
            client.jobs.get(1)
            client.jobs.get(1)
    else:

        async def twice() -> None:
            async with DefaultAioHttpClient() as http:
                client = AsyncModelArtsVizJobs(**options, http_client=http)
                await client.jobs.get(1)
                await client.jobs.get(1)

        asyncio.run(twice())
    assert _CookieSetter.cookies_seen == [None, "gateway-session=tenant-a-secret"]
