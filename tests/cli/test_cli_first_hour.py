"""The first hour (issue 18): the stub banner's ``Try:`` lines work as printed in a new shell
whose PATH knows nothing of the venv."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli._helpers import stub_serve


def test_banner_try_lines_work_in_a_new_shell(tmp_path: Path) -> None:
    with stub_serve("--seed-demo", cwd=tmp_path) as (banner, _):
        tried = banner[banner.index("Try:\n") + 1 :]
        assert tried[-1] == "  modelarts-vizjobs jobs list\n", banner
        bare = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}  # a new login, no venv on PATH
        shell = subprocess.run(
            ["bash", "-c", "".join(line.strip() + "\n" for line in tried)],
            env=bare,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert shell.returncode == 0, shell.stderr
    assert [row.split()[0] for row in shell.stdout.splitlines()[1:]] == ["1", "2", "3", "4"]


def test_help_names_the_extras_and_shows_plain_defaults() -> None:
    from click.testing import CliRunner

    from modelarts_vizjobs.cli import cli

    def helped(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    for command in ("conformance", "proxy"):
        assert "pip install 'modelarts-vizjobs[conformance]'" in helped(command)
    serve = helped("stub", "serve")
    assert "Default: 65536 (64 KiB)." in serve and "Default: 10." in serve
    assert "[default: (" not in serve
