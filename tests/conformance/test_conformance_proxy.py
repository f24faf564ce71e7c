"""The validating proxy: AK/SK requests re-signed for the upstream host (the stub verifies
them), tokens passed through, answers never changed, off-spec answers flagged."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from modelarts_vizjobs import AkSkAuth, ModelArtsVizJobs
from modelarts_vizjobs.cassette import Cassette
from modelarts_vizjobs.conformance import ProxyServer, ValidatingProxy
from modelarts_vizjobs.conformance._proxy import finding_line
from modelarts_vizjobs.conformance._recorder import Recorder
from modelarts_vizjobs.stub import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
)
from tests.conformance import _drift
from tests.conformance.conftest import Conform

AKSK = {
    "MODELARTS_VIZJOBS_TOKEN": None,
    "HUAWEICLOUD_SDK_AK": DEFAULT_ACCESS_KEY,
    "HUAWEICLOUD_SDK_SK": DEFAULT_SECRET_KEY,
}


@pytest.fixture
def proxied() -> Iterator[Callable[[str], tuple[str, ValidatingProxy, list[str]]]]:
    """``proxied(upstream)``: a re-signing, recording proxy on 127.0.0.1; its log lines are
    collected."""
    servers: list[ProxyServer] = []

    def start(upstream: str) -> tuple[str, ValidatingProxy, list[str]]:
        lines: list[str] = []
        recorder = Recorder(
            None,
            cassette=Cassette(upstream, DEFAULT_PROJECT_ID),
            on_finding=lambda f: lines.append(finding_line(f)),
        )
        signer = AkSkAuth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, project_id=DEFAULT_PROJECT_ID)
        proxy = ValidatingProxy(upstream, recorder, signer=signer)
        servers.append(ProxyServer(proxy).start())
        return servers[-1].base_url, proxy, lines

    yield start
    for server in servers:
        server.stop()


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


def test_the_proxy_command_prints_a_summary_and_writes_the_recording(
    served, tmp_path: Path
) -> None:
    upstream, _ = served(_drift.error_msg_key)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    record = tmp_path / "proxy.json"
    command = [
        sys.executable,
        "-m",
        "modelarts_vizjobs.cli",
        "proxy",
        "--upstream",
        upstream,
        "--port",
        str(port),
        "--record",
        str(record),
    ]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HUAWEICLOUD_SDK", "MODELARTS_VIZJOBS"))
    }
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        url = f"http://127.0.0.1:{port}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/404"
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(url, headers={"X-Auth-Token": DEFAULT_TOKEN})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.05)
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert answer.status_code == 404 and "error_msg" in answer.json()
    assert process.returncode == 0, err
    assert "proxy: DRIFT get_visualization_job [error_msg]" in err
    assert "proxy summary: 1 exchanges forwarded" in err
    assert record.exists() and DEFAULT_TOKEN not in record.read_text()


def test_the_proxy_command_needs_an_upstream() -> None:
    from click.testing import CliRunner

    from modelarts_vizjobs.cli import cli

    result = CliRunner().invoke(cli, ["proxy"], env={"MODELARTS_VIZJOBS_ENDPOINT": None})
    assert result.exit_code == 2 and "--upstream" in result.output
