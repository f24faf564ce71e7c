"""``modelarts-vizjobs tour``, the README's main command: it must run green in seconds."""

from __future__ import annotations

import re
import time

from click.testing import CliRunner

from modelarts_vizjobs.cli import cli
from modelarts_vizjobs.stub import DEFAULT_SECRET_KEY, DEFAULT_TOKEN
from tests.cli._helpers import CLEAN_ENV, ERROR_LINE


def test_tour_shows_every_step_and_the_expected_state_conflict() -> None:
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["tour"], env=CLEAN_ENV)
    elapsed = time.monotonic() - started

    assert result.exit_code == 0, result.output
    assert elapsed < 10
    out = result.stdout
    assert result.stderr == ""
    assert "Traceback" not in out
    assert DEFAULT_TOKEN not in out and DEFAULT_SECRET_KEY not in out
    assert len(re.findall(r"^   created job \d+ \S+ \(\w+\): INIT\(1\)$", out, re.M)) == 3
    # the asynchronous delete: accepted, polled while KILLING, then gone
    assert re.search(
        r"DELETE .+ -> 200\n.*GET .+ -> 200  still there\n.*GET .+ -> 404  gone", out
    ), out
    conflict = [ERROR_LINE.fullmatch(line.strip()) for line in out.splitlines()]
    (match,) = [m for m in conflict if m is not None]
    assert match["code"] == "ModelArts.0105"
    assert match["message"] == "This job can't be delete. job status: 9"
    assert re.search(
        r"Authorization: SDK-HMAC-SHA256 Access=\S+, SignedHeaders=\S+, "
        r"Signature=\*\*\*$",
        out,
        re.M,
    ), out
