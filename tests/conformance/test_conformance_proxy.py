"""The validating proxy: AK/SK requests re-signed for the upstream host (the stub verifies
them), tokens passed through, answers never changed, off-spec answers flagged."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from modelarts_vizjobs import AkSkAuth, ModelArtsVizJobs
from modelarts_vizjobs.conformance._serving import ThreadedServer
from modelarts_vizjobs.stub import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
    StubBackend,
    create_app,
)
from tests.conformance import _drift
from tests.conformance.conftest import Conform

AKSK = {
    "MODELARTS_VIZJOBS_TOKEN": None,
    "HUAWEICLOUD_SDK_AK": DEFAULT_ACCESS_KEY,
    "HUAWEICLOUD_SDK_SK": DEFAULT_SECRET_KEY,
}


def test_every_operation_goes_through_with_signatures_the_stub_verifies(
    served, proxied, conform: Conform
) -> None:
    upstream, backend = served()
    proxy_url, proxy, lines = proxied(upstream)
    result = conform(proxy_url, "--strict", env=AKSK)
    assert result.exit_code == 0, result.output
    options = {"access_key": DEFAULT_ACCESS_KEY, "secret_key": DEFAULT_SECRET_KEY, "max_retries": 0}
    with ModelArtsVizJobs(endpoint=proxy_url, project_id=DEFAULT_PROJECT_ID, **options) as client:
        job = client.jobs.create(
            job_name="through-proxy", train_url="/obs/x/", wait=True, poll_interval=0.01
        )
        assert [j.job_id for j in client.jobs.list(search="through-proxy")] == [job.job_id]
        client.jobs.delete(job.job_id, wait=True, poll_interval=0.01)
    # a token goes through as it is
    answer = httpx.get(
        f"{proxy_url}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs",
        headers={"X-Auth-Token": DEFAULT_TOKEN},
    )
    assert answer.status_code == 200
    proxy.drain()
    assert all(entry.status != 401 for entry in backend.journal)
    assert len(backend.journal) == proxy.counts["(all)"]
    seven = {k for k in proxy.counts if k.endswith("_job") or k.endswith("_jobs")}
    assert len(seven) == 7
    # the one finding: the tour's deliberate create that the spec refuses (reading 10)
    (deliberate,) = proxy.recorder.findings
    assert deliberate.operation == "create_visualization_job" and "too long" in deliberate.message
    assert len(lines) == 1
    recorded = str(proxy.recorder.cassette.to_dict())  # type: ignore[union-attr]
    for secret in (DEFAULT_TOKEN, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, "Signature="):
        assert secret not in recorded


def test_an_off_spec_answer_is_flagged_and_passed_on_unchanged(served, proxied) -> None:
    upstream, backend = served(_drift.create_time_as_text)
    job_id = backend.seed(DEFAULT_PROJECT_ID, job_name="seen")
    proxy_url, proxy, lines = proxied(upstream)
    path = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{job_id}"
    headers = {"X-Auth-Token": DEFAULT_TOKEN}
    direct = httpx.get(upstream + path, headers=headers)
    through = httpx.get(proxy_url + path, headers=headers)
    proxy.drain()
    assert through.status_code == direct.status_code == 200
    assert {**through.json(), "duration": 0} == {**direct.json(), "duration": 0}
    assert through.json()["create_time"] == "2026-11-30T12:00:00Z"
    assert any(
        line.startswith("proxy: VIOLATION get_visualization_job [create_time]") for line in lines
    ), lines
    assert "VIOLATION get_visualization_job [create_time]" in proxy.summary()


class _GatewayCookie:
    """ASGI middleware: the stub behind a gateway that sets a session cookie on each answer;
    records the Cookie header each request arrives with."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.cookies: list[bytes | None] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.cookies.append(dict(scope["headers"]).get(b"cookie"))

        async def with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start":
                cookie = (b"set-cookie", b"HWWAFSESID=first-caller; Path=/")
                message = {**message, "headers": [*message["headers"], cookie]}
            await send(message)

        await self.app(scope, receive, with_cookie)


def test_an_upstream_cookie_never_goes_out_with_another_callers_request(proxied) -> None:
    """A proxy shared by a team: the gateway's cookie goes back to the caller it was set for
    (the answer is passed on untouched) and is not kept for the next caller's request."""
    backend = StubBackend()
    job_ids = [backend.seed(DEFAULT_PROJECT_ID) for _ in range(2)]
    gateway = _GatewayCookie(create_app(backend))
    server = ThreadedServer(gateway).start()
    try:
        # by name: cookie jars ignore the cookies an IP address sets
        upstream = server.base_url.replace("127.0.0.1", "localhost")
        proxy_url, proxy, _ = proxied(upstream)
        answers = [
            httpx.get(
                f"{proxy_url}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{job_id}",
                headers={"X-Auth-Token": DEFAULT_TOKEN},
            )
            for job_id in job_ids
        ]
        proxy.drain()
    finally:
        server.stop()
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].headers["set-cookie"] == "HWWAFSESID=first-caller; Path=/"
    assert gateway.cookies == [None, None]


def _proxy_command(
    upstream: str | None,
    *arguments: str,
    env: dict[str, str] | None = None,
    global_options: tuple[str, ...] = (),
) -> tuple[subprocess.Popen[str], str]:
    """The real ``modelarts-vizjobs proxy`` in its own process, and its URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "modelarts_vizjobs.cli", *global_options, "proxy"]
    command += ["--upstream", upstream] if upstream else []
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HUAWEICLOUD_SDK", "MODELARTS_VIZJOBS"))
    }
    process = subprocess.Popen(
        [*command, "--port", str(port), *arguments],
        env=clean | (env or {}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(process.communicate()[1]) from None
            time.sleep(0.05)


def _descendants(pid: int) -> list[int]:
    """Every process *pid* started, and theirs, from /proc (no psutil)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_the_proxy_command_prints_a_summary_and_writes_the_recording(
    served, tmp_path: Path
) -> None:
    upstream, _ = served(_drift.error_msg_key)
    record = tmp_path / "proxy.json"
    process, url = _proxy_command(upstream, "--record", str(record))
    try:
        path = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/404"
        answer = httpx.get(url + path, headers={"X-Auth-Token": DEFAULT_TOKEN})
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert answer.status_code == 404 and "error_msg" in answer.json()
    assert process.returncode == 0, err
    assert "no AK/SK in the environment" in err
    assert "proxy: DRIFT get_visualization_job [error_msg]" in err
    assert "proxy summary: 1 exchanges forwarded" in err
    assert record.exists() and DEFAULT_TOKEN not in record.read_text()


def test_sigterm_drains_prints_the_summary_and_leaves_no_process_behind(served) -> None:
    upstream, backend = served()
    job_id = backend.seed(DEFAULT_PROJECT_ID, job_name="kept")
    env = {"HUAWEICLOUD_SDK_AK": DEFAULT_ACCESS_KEY, "HUAWEICLOUD_SDK_SK": DEFAULT_SECRET_KEY}
    process, url = _proxy_command(upstream, env=env)
    try:
        started = _descendants(process.pid)
        signer = AkSkAuth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, project_id=DEFAULT_PROJECT_ID)
        path = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{job_id}"
        signed = httpx.get(url + path, auth=signer)
        forged = "SDK-HMAC-SHA256 Access=ATTACKER, SignedHeaders=host;x-sdk-date, Signature=00"
        refused = httpx.delete(url + path, headers={"Authorization": forged})
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert (signed.status_code, refused.status_code) == (200, 401), err
    assert process.returncode == 0, err
    assert f"signs with access key {DEFAULT_ACCESS_KEY}" in err and DEFAULT_SECRET_KEY not in err
    assert "proxy: REFUSED 401 ModelArts.0208 DELETE" in err
    assert "proxy summary: 1 exchanges forwarded" in err and "(1 x 401)" in err
    assert [entry.method for entry in backend.journal] == ["GET"]
    # the checking process and multiprocessing's resource tracker, at least
    assert len(started) >= 2, started
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in started if _alive(pid)]


def test_a_non_loopback_interface_needs_allow_remote() -> None:
    from click.testing import CliRunner

    from modelarts_vizjobs.cli import cli

    arguments = ["proxy", "--upstream", "http://127.0.0.1:9", "--host", "0.0.0.0"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2 and "--allow-remote" in result.output


def test_the_proxy_command_needs_an_upstream() -> None:
    from click.testing import CliRunner

    from modelarts_vizjobs.cli import cli

    result = CliRunner().invoke(cli, ["proxy"], env={"MODELARTS_VIZJOBS_ENDPOINT": None})
    assert result.exit_code == 2 and "--upstream" in result.output


def test_the_proxy_takes_upstream_project_and_key_pair_from_a_profile(
    served, tmp_path: Path
) -> None:
    upstream, backend = served()
    job_id = backend.seed(DEFAULT_PROJECT_ID)
    config = tmp_path / "modelarts-vizjobs" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        f'[profiles.team]\nendpoint = "{upstream}"\nproject_id = "{DEFAULT_PROJECT_ID}"\n'
        'access_key_env = "TEAM_AK"\nsecret_key_env = "TEAM_SK"\n'
    )
    env = {"XDG_CONFIG_HOME": str(tmp_path), "TEAM_AK": DEFAULT_ACCESS_KEY}
    env["TEAM_SK"] = DEFAULT_SECRET_KEY
    process, url = _proxy_command(None, env=env, global_options=("--profile", "team"))
    try:
        signer = AkSkAuth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, project_id=DEFAULT_PROJECT_ID)
        path = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{job_id}"
        answer = httpx.get(url + path, auth=signer)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert answer.status_code == 200, err
    assert f"-> {upstream};" in err and f"signs with access key {DEFAULT_ACCESS_KEY}" in err
    assert DEFAULT_SECRET_KEY not in err
