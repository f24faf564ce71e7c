"""Arguments the spec refuses are refused before sending (issue 18): the limits come from the
generated ``constraints`` module, never from hand-copied numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner
from modelarts_vizjobs_client.constraints import QUERY_PARAMETERS, SCHEMAS

from modelarts_vizjobs import InvalidParameterError, ModelArtsVizJobs
from modelarts_vizjobs.cli import ExitCode, cli
from modelarts_vizjobs.stub.pytest_plugin import StubHandle

CREATE = SCHEMAS["CreateVisualizationJobRequest"]
LONGEST_NAME = CREATE["job_name"]["maxLength"]
LONGEST_DESC = CREATE["job_desc"]["maxLength"]
LONGEST_SEARCH = QUERY_PARAMETERS["list_visualization_jobs"]["search_content"]["maxLength"]
MOST_PER_PAGE = QUERY_PARAMETERS["list_visualization_jobs"]["per_page"]["maximum"]
LONGEST_STOP = SCHEMAS["Schedule"]["duration"]["maximum"]


@pytest.fixture
def client(modelarts_stub: StubHandle) -> Any:
    with ModelArtsVizJobs(
        endpoint=modelarts_stub.base_url,
        project_id=modelarts_stub.project_id,
        token=modelarts_stub.token,
    ) as client:
        yield client


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda c: c.jobs.create(job_name="n" * (LONGEST_NAME + 1), train_url="/b/"), "job_name"),
        (lambda c: c.jobs.create(job_name="bad name", train_url="/b/"), "job_name must match"),
        (lambda c: c.jobs.create(job_name="", train_url="/b/"), "job_name must be 1-"),
        (lambda c: c.jobs.create(job_name="ok", train_url=""), "train_url"),
        (
            lambda c: c.jobs.create(
                job_name="ok", train_url="/b/", description="d" * (LONGEST_DESC + 1)
            ),
            "description (job_desc)",
        ),
        (
            lambda c: c.jobs.create(
                job_name="ok", train_url="/b/", auto_stop_hours=LONGEST_STOP + 1
            ),
            f"auto_stop_hours (duration) must be from 0 to {LONGEST_STOP}",
        ),
        (lambda c: c.jobs.update(1, description="d" * (LONGEST_DESC + 1)), "description"),
        (lambda c: list(c.jobs.list(search="s" * (LONGEST_SEARCH + 1))), "search"),
        (lambda c: list(c.jobs.list(page_size=MOST_PER_PAGE + 1)), "page_size (per_page)"),
        (lambda c: list(c.jobs.list(status=23)), "status"),
    ],
)
def test_refused_before_sending(
    client: Any, modelarts_stub: StubHandle, call: Any, named: str
) -> None:
    with pytest.raises(InvalidParameterError, match="^" + re.escape(named)) as caught:
        call(client)
    assert "(spec)" in str(caught.value)
    assert modelarts_stub.backend.journal == []  # nothing reached the server


def test_the_limits_themselves_are_accepted(client: Any) -> None:
    job = client.jobs.create(
        job_name="n" * LONGEST_NAME, train_url="/b/", description="d" * LONGEST_DESC
    )
    assert job.name == "n" * LONGEST_NAME
    assert list(client.jobs.list(search="s" * LONGEST_SEARCH, page_size=MOST_PER_PAGE)) == []


def test_cli_create_with_a_long_name_exits_2_naming_the_limit(
    modelarts_stub: StubHandle,
) -> None:
    env = {
        "MODELARTS_VIZJOBS_ENDPOINT": modelarts_stub.base_url,
        "HUAWEICLOUD_SDK_PROJECT_ID": modelarts_stub.project_id,
        "MODELARTS_VIZJOBS_TOKEN": modelarts_stub.token,
    }
    args = ["jobs", "create", "--name", "this name is way too long!", "--train-url", "/b/"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"job_name must be 1-{LONGEST_NAME} characters long (spec)" in result.stderr
    assert modelarts_stub.backend.journal == []
