"""The janitor against the SDK's stub (the ``modelarts_stub`` fixture of modelarts-vizjobs):
a real HTTP server on 127.0.0.1, fresh state per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from modelarts_vizjobs import ModelArtsVizJobs

from vizjobs_janitor import Policy, run_once

OLD = {"create_time": 1_700_000_000_000}  # November 2023: well past any max age
RUNNING, COMPLETED, KILLING = 8, 10, 9


@pytest.fixture
def client(modelarts_stub) -> Iterator[ModelArtsVizJobs]:
    with ModelArtsVizJobs(
        project_id=modelarts_stub.project_id,
        endpoint=modelarts_stub.base_url,
        token=modelarts_stub.token,
    ) as client:
        yield client


def names(client: ModelArtsVizJobs) -> set[str]:
    return {job.name for job in client.jobs.list()}


def test_old_tensorboard_jobs_go_and_everything_else_stays(modelarts_stub, client) -> None:
    seed = modelarts_stub.backend.seed
    seed(modelarts_stub.project_id, status=RUNNING, job_name="tb-forgotten", **OLD)
    seed(modelarts_stub.project_id, status=COMPLETED, job_name="tb-finished", **OLD)
    seed(modelarts_stub.project_id, status=RUNNING, job_name="tb-today")
    seed(modelarts_stub.project_id, status=RUNNING, job_name="mi-lineage", **OLD)

    assert run_once(client, Policy()) is True
    assert names(client) == {"tb-today", "mi-lineage"}


def test_a_dry_run_changes_nothing(modelarts_stub, client) -> None:
    modelarts_stub.backend.seed(modelarts_stub.project_id, job_name="tb-forgotten", **OLD)
    assert run_once(client, Policy(dry_run=True)) is True
    assert names(client) == {"tb-forgotten"}


def test_a_passing_outage_is_retried_by_the_sdk(modelarts_stub, client) -> None:
    modelarts_stub.backend.seed(modelarts_stub.project_id, job_name="tb-forgotten", **OLD)
    modelarts_stub.backend.faults.inject("status", status=503, count=1)
    assert run_once(client, Policy()) is True
    assert names(client) == set()


def test_a_lasting_outage_fails_the_round_and_the_next_one_cleans_up(
    modelarts_stub, client, caplog
) -> None:
    modelarts_stub.backend.seed(modelarts_stub.project_id, job_name="tb-forgotten", **OLD)
    modelarts_stub.backend.faults.inject("status", status=500)  # until cleared
    assert run_once(client, Policy()) is False
    assert "round failed: HTTP 500 ModelArts.0010" in caplog.text
    modelarts_stub.backend.faults.clear()
    assert names(client) == {"tb-forgotten"}
    assert run_once(client, Policy()) is True
    assert names(client) == set()


def test_a_job_being_stopped_is_reported_refused_with_the_reason(
    modelarts_stub, client, caplog
) -> None:
    seed = modelarts_stub.backend.seed
    seed(modelarts_stub.project_id, status=KILLING, job_name="tb-stopping", **OLD)
    seed(modelarts_stub.project_id, status=COMPLETED, job_name="tb-finished", **OLD)
    ok = run_once(client, Policy(timeout=0.3))

    assert ok is False
    assert names(client) == {"tb-stopping"}
    assert "refused ModelArts.0105: This job can't be delete. job status: 9" in caplog.text


def test_the_policy_reads_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("JANITOR_NAME", "mi-*")
    monkeypatch.setenv("JANITOR_DRY_RUN", "0")
    assert Policy.from_env() == Policy(name="mi-*", max_age="12h", dry_run=False)
    monkeypatch.setenv("JANITOR_DRY_RUN", "true")
    assert Policy.from_env().dry_run is True
