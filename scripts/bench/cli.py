"""CLI start-up: ``modelarts-vizjobs --help`` vs a bare interpreter, from the wheel install."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from .harness import Figure, Settings
from .installs import ensure_clean_venv
from .processes import wall

NAME = "CLI: `modelarts-vizjobs --help` vs `python -c pass`"


def cli(settings: Settings) -> list[Figure]:
    python = ensure_clean_venv() or Path(sys.executable)
    commands = {
        "cli --help": [str(python.parent / "modelarts-vizjobs"), "--help"],
        "pass": [str(python), "-c", "pass"],
    }
    try:
        for command in commands.values():  # compile .pyc files, warm the page cache
            wall(command)
    except subprocess.CalledProcessError:
        return [Figure.skipped(NAME, "`modelarts-vizjobs --help` fails")]
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(settings.import_runs):
        for name, command in commands.items():
            walls[name].append(wall(command) * 1000)
    cli_ms, pass_ms = (statistics.median(walls[name]) for name in commands)
    return [
        Figure(
            NAME,
            f"{cli_ms:.0f} ms",
            f"{pass_ms:.0f} ms",
            cli_ms / pass_ms,
            "reported",
            None,
            note=f"process wall time, median of {settings.import_runs} interleaved runs",
            raw={"wall_ms": walls["cli --help"], "pass_ms": walls["pass"]},
        )
    ]
