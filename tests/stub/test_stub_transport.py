"""The stub in-process for sync clients: the SDK's sync facade over StubTransport, no socket."""

from __future__ import annotations

import threading

import httpx
import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus as S

from modelarts_vizjobs import APIConnectionError, JobStateConflictError, ModelArtsVizJobs
from modelarts_vizjobs.stub import (
    DEFAULT_PROJECT_ID,
    DEFAULT_TOKEN,
    ConnectionDropped,
    StubBackend,
    StubTransport,
)
from modelarts_vizjobs.stub.validation import ListQuery
from tests.stub._helpers import JOBS


def facade(backend: StubBackend) -> ModelArtsVizJobs:
    return ModelArtsVizJobs(
        project_id=DEFAULT_PROJECT_ID,
        endpoint="http://stub",
        token=DEFAULT_TOKEN,
        max_retries=0,
        http_client=httpx.Client(transport=StubTransport(backend)),
    )


def test_the_sync_facade_drives_the_stub_in_process() -> None:
    backend = StubBackend()
    killing = backend.seed(DEFAULT_PROJECT_ID, status=S.KILLING)
    with facade(backend) as client:
        created = client.jobs.create(job_name="sync-1", train_url="/obs/out/")
        assert [job.job_id for job in client.jobs.list()] == [killing, int(created.job_id)]
        client.jobs.update(created.job_id, "described")
        assert client.jobs.get(created.job_id).description == "described"
        with pytest.raises(JobStateConflictError):
            client.jobs.delete(killing)
        client.jobs.delete(created.job_id)
    assert [entry.method for entry in backend.journal] == ["POST", "GET", "PUT", "GET"] + [
        "DELETE"
    ] * 2
    assert backend.list_jobs(DEFAULT_PROJECT_ID, ListQuery())["job_total_count"] == 1


def test_a_dropped_connection_is_a_transport_error() -> None:
    backend = StubBackend()
    backend.faults.inject("drop", count=1)
    with facade(backend) as client, pytest.raises(APIConnectionError):
        client.jobs.get("1")
    with httpx.Client(transport=StubTransport(backend), base_url="http://stub") as raw:
        backend.faults.inject("drop", count=1)
        with pytest.raises(ConnectionDropped):
            raw.get(JOBS)
        assert raw.get(JOBS).status_code == 401  # served again, JSON, no credentials sent


def test_threads_share_one_transport_and_close_stops_its_loop() -> None:
    before = set(threading.enumerate())
    transport = StubTransport()
    statuses: list[int] = []
    with httpx.Client(transport=transport, base_url="http://stub") as raw:

        def call() -> None:
            statuses.append(raw.get(JOBS, headers={"X-Auth-Token": DEFAULT_TOKEN}).status_code)

        threads = [threading.Thread(target=call) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
    assert statuses == [200] * 8
    assert len(transport.backend.journal) == 8
    assert set(threading.enumerate()) <= before  # the event loop thread has ended
