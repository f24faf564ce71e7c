"""``--help`` documents the exit codes the CLI really uses and the variables the SDK reads."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

import modelarts_vizjobs.cli
from modelarts_vizjobs import _config
from modelarts_vizjobs.cli import ExitCode, cli

MEANINGS = {
    ExitCode.OK: "success",
    ExitCode.API_ERROR: "API error",
    ExitCode.USAGE: "usage error",
    ExitCode.AUTH: "authentication",
    ExitCode.NOT_FOUND: "ModelArts.0102",
    ExitCode.STATE_CONFLICT: "ModelArts.0105",
    ExitCode.CONNECTION: "connection error",
    ExitCode.WAIT_TIMEOUT: "--wait",
}


def documented_codes(text: str) -> dict[int, str]:
    return {int(code): what for code, what in re.findall(r"^ +(\d) +(\S.*)$", text, re.M)}


def test_help_lists_commands_exit_codes_and_environment() -> None:
    result = CliRunner().invoke(cli, ["--help"])

    assert result.exit_code == 0
    assert {"jobs", "stub", "tour"} <= set(re.findall(r"^  (\w+) ", result.stdout, re.M))
    codes = documented_codes(result.stdout)
    assert sorted(codes) == sorted(ExitCode)
    for code, meaning in MEANINGS.items():
        assert meaning in codes[code], code
    assert codes == documented_codes(modelarts_vizjobs.cli.__doc__ or "")
    flat = " ".join(result.stdout.split())
    names = ("ENDPOINT", "REGION", "PROJECT_ID", "TOKEN", "ACCESS_KEY", "SECRET_KEY")
    for name in (*names, "SECURITY_TOKEN"):
        assert getattr(_config, f"ENV_{name}") in flat, name


SUBCOMMANDS = [["jobs"], ["stub"], ["tour"], ["stub", "serve"]] + [
    ["jobs", name] for name in ("list", "get", "create", "update", "stop", "restart", "delete")
]


@pytest.mark.parametrize("args", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_has_help(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {' '.join(args)} ")
