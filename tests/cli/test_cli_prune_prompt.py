"""``jobs prune`` at a terminal: the plan first, then a question; only a yes deletes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from modelarts_vizjobs.cli import _prune, cli
from modelarts_vizjobs.stub.pytest_plugin import StubHandle


@pytest.mark.parametrize(("answer", "deleted"), [("n\n", False), ("y\n", True)])
def test_at_a_terminal_the_plan_is_shown_and_only_a_yes_deletes(
    stub_env: dict[str, str | None],
    modelarts_stub: StubHandle,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    deleted: bool,
) -> None:
    monkeypatch.setattr(_prune, "_interactive", lambda: True)
    modelarts_stub.backend.seed(modelarts_stub.project_id, status=12, job_name="tb-old")

    result = CliRunner().invoke(cli, ["jobs", "prune"], input=answer, env=stub_env)

    assert result.exit_code == 0, result.output
    assert "would delete" in result.output and "Prune the 1 job(s) above? [y/N]" in result.output
    assert result.output.rstrip().endswith("1 deleted" if deleted else "--yes deletes)")
    methods = [entry.method for entry in modelarts_stub.backend.journal]
    assert ("DELETE" in methods) is deleted


def test_refusals_also_get_an_error_line_each(
    stub_env: dict[str, str | None], modelarts_stub: StubHandle
) -> None:
    killing = modelarts_stub.backend.seed(modelarts_stub.project_id, status=9, job_name="tb-x")
    result = CliRunner().invoke(cli, ["--json", "jobs", "prune", "--yes"], env=stub_env)
    assert result.exit_code == 5
    assert result.stderr == (
        f"error: job {killing}: refused: ModelArts.0105: This job can't be delete. job status: 9\n"
    )
