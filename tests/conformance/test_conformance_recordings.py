"""Recordings as stub data: ``seed_from`` / ``stub serve --seed-from`` bring back the jobs a
recording shows, and a replay names where the stub answers differently from it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from modelarts_vizjobs.cassette import Exchange, Redactor, load, recorded_jobs
from modelarts_vizjobs.cli import cli
from modelarts_vizjobs.conformance import replay_against_stub
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend
from tests.conformance import _drift
from tests.conformance.conftest import Conform

VIEW_FIELDS = (
    "job_id",
    "job_name",
    "status",
    "job_desc",
    "train_url",
    "resource_id",
    "create_time",
    "schedule",
)


@pytest.fixture
def recording(served, conform: Conform, tmp_path: Path) -> Path:
    """A tour of the stub recorded, plus a list answer showing two jobs of someone else."""
    base_url, backend = served()
    backend.seed(
        DEFAULT_PROJECT_ID, job_name="theirs-running", status=8, job_desc="kept", job_id=500
    )
    backend.seed(DEFAULT_PROJECT_ID, job_name="theirs-stopped", status=12, job_id=501)
    path = tmp_path / "tour.json"
    assert conform(base_url, "--record", str(path), "--project-placeholder").exit_code == 0
    return path


def test_seed_from_reproduces_the_recorded_jobs(recording: Path) -> None:
    cassette = load(recording)
    recorded = {job["job_id"]: job for job in recorded_jobs(cassette.interactions)}
    assert {500, 501} <= set(recorded)
    backend = StubBackend()
    ids = backend.seed_from(recording)
    assert sorted(ids) == sorted(recorded)
    for job_id in ids:
        job = backend.get_job(DEFAULT_PROJECT_ID, str(job_id))
        for name in VIEW_FIELDS:
            assert job.get(name) == recorded[job_id].get(name), name
    with pytest.raises(ValueError, match="in use"):
        backend.seed_from(recording)
    assert len(ids) == len(backend.list_jobs(DEFAULT_PROJECT_ID, _all())["jobs"])


def _all():  # type: ignore[no-untyped-def]
    from modelarts_vizjobs.stub.validation import parse_list_query

    return parse_list_query("per_page=1000")


def test_stub_serve_seed_from_serves_the_recorded_jobs(recording: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "modelarts_vizjobs.cli",
        "stub",
        "serve",
        "--port",
        str(port),
        "--seed-from",
        str(recording),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    try:
        url = f"http://127.0.0.1:{port}/v1/{DEFAULT_PROJECT_ID}/visualization-jobs"
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(
                    url, headers={"X-Auth-Token": DEFAULT_TOKEN}, params={"sortBy": "job_id"}
                )
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
    names = [job["job_name"] for job in answer.json()["jobs"]]
    assert "theirs-running" in names and "theirs-stopped" in names
    assert any(name.startswith("conformance-") for name in names)


def test_seed_from_a_file_that_is_no_recording_is_a_usage_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text(json.dumps({"hello": "world"}))
    result = CliRunner().invoke(cli, ["stub", "serve", "--port", "0", "--seed-from", str(bogus)])
    assert result.exit_code == 2
    assert "not a recording" in result.output


def test_replaying_a_stub_recording_finds_no_difference(recording: Path) -> None:
    assert replay_against_stub(recording) == []


def test_replaying_a_drifted_recording_names_the_stubs_drift(
    served, conform: Conform, tmp_path: Path
) -> None:
    base_url, _ = served(_drift.job_desc_renamed)
    path = tmp_path / "drifted.json"
    conform(base_url, "--record", str(path))
    differences = [str(d) for d in replay_against_stub(path)]
    assert any(
        "get_visualization_job: field description: recorded 'present', stub 'missing'" in d
        for d in differences
    )
    assert any(
        "get_visualization_job: field job_desc: recorded 'missing', stub 'present'" in d
        for d in differences
    )


def test_redactor_masks_every_secret_wherever_it_appears() -> None:
    secrets = ("AKEXAMPLE", "sk-secret", "tok-123", "sec-token")
    exchange = Exchange(
        operation="get_visualization_job",
        method="GET",
        path="/v1/proj0123/visualization-jobs/1",
        query=[("search_content", "tok-123")],
        request_headers={
            "Authorization": "SDK-HMAC-SHA256 Access=AKEXAMPLE, Signature=ab",
            "X-Auth-Token": "tok-123",
            "X-Security-Token": "sec-token",
            "X-Project-Id": "proj0123",
            "User-Agent": "sk-secret",
        },
        request_body=b"",
        status=200,
        response_headers={"Set-Cookie": "session=1"},
        response_body=json.dumps(
            {"job_desc": "key AKEXAMPLE", "service_url": "https://x/proj0123/1"}
        ).encode(),
    )
    text = json.dumps(Redactor(secrets, project_id="proj0123").interaction(exchange))
    for secret in (*secrets, "proj0123", "Signature=", "session=1"):
        assert secret not in text
    assert "{project_id}" in text


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"format": "har"}, "not a recording"),
        ({"format": "modelarts-vizjobs-cassette", "version": 9}, "unsupported recording version"),
        ({"format": "modelarts-vizjobs-cassette", "version": 1, "interactions": {}}, "list of"),
    ],
)
def test_load_refuses_what_is_no_recording(document: dict, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        load(document)


def test_recorded_jobs_take_numeric_strings_and_the_last_view() -> None:
    def answer(operation: str, body: object) -> dict:
        return {"operation": operation, "response": {"status": 200, "body": body}}

    interactions = [
        answer(
            "list_visualization_jobs", {"jobs": [{"job_id": "7", "status": "1"}, {"job_id": None}]}
        ),
        answer("get_visualization_job", {"job_id": 7, "status": 8, "job_name": "n"}),
        answer("create_visualization_job", {"job_id": 8}),  # a create answer is no job view
    ]
    assert recorded_jobs(interactions) == [{"job_id": 7, "status": 8, "job_name": "n"}]
