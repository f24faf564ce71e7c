"""Cold import: a fresh process importing what its first call needs, ours vs the official SDKs
and bare httpx. Ours comes from a wheel in ``.bench/venv-clean``, the SDKs from
``.bench/venv-anchors``; each library's time is its ``python -c <import>`` wall time minus a bare
``python -c pass`` in the same venv."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys

from .harness import Figure, Settings, check, log
from .installs import ensure_anchor_venv, ensure_clean_venv
from .processes import wall

#: What a program must import to make its first call, per library.
IMPORTS = {
    "modelarts_vizjobs": "import modelarts_vizjobs",
    "httpx": "import httpx",
    "huaweicloudsdkmodelarts": (
        "from huaweicloudsdkcore.auth.credentials import BasicCredentials; "
        "from huaweicloudsdkmodelarts.v1 import ModelArtsClient"
    ),
    "otcextensions": (
        "import openstack; from otcextensions import sdk; "
        "from otcextensions.sdk.modelartsv1.v1 import _proxy"
    ),
}
OURS = "modelarts_vizjobs"
ANCHORS = ("huaweicloudsdkmodelarts", "otcextensions")


def _importtime_us(python: str, statement: str) -> int:
    """Sum of top-level cumulative import times reported by ``-X importtime``."""
    done = subprocess.run(
        [python, "-X", "importtime", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
    )
    total = 0
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match:
            total += int(match.group(1))
    return total


def _commands() -> tuple[dict[str, list[str]], bool]:
    """The commands to time (the ones that work), and whether ours is the wheel install."""
    anchors = ensure_anchor_venv()
    clean = ensure_clean_venv()
    ours_python = str(clean) if clean else sys.executable
    commands: dict[str, list[str]] = {
        "pass (ours)": [ours_python, "-c", "pass"],
        OURS: [ours_python, "-c", IMPORTS[OURS]],
        "httpx": [ours_python, "-c", IMPORTS["httpx"]],
    }
    if anchors:
        commands["pass (anchors)"] = [str(anchors), "-c", "pass"]
        for name in ANCHORS:
            commands[name] = [str(anchors), "-c", IMPORTS[name]]
    broken = []
    for name, command in commands.items():  # compile .pyc files, warm the page cache
        try:
            wall(command)
        except subprocess.CalledProcessError:
            broken.append(name)
    for name in broken:
        log(f"imports: `{' '.join(commands.pop(name))}` fails, left out")
    return commands, clean is not None


def imports(settings: Settings) -> list[Figure]:
    commands, clean = _commands()
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(settings.import_runs):
        for name, command in commands.items():
            walls[name].append(wall(command))
    median_ms = {name: statistics.median(values) * 1000 for name, values in walls.items()}
    import_ms = {
        name: median_ms[name] - median_ms[baseline]
        for name, baseline in (
            (OURS, "pass (ours)"),
            ("httpx", "pass (ours)"),
            *((anchor, "pass (anchors)") for anchor in ANCHORS),
        )
        if name in median_ms
    }
    importtime = {
        name: statistics.median(
            _importtime_us(command[0], command[2]) - _importtime_us(command[0], "pass")
            for _ in range(3)
        )
        / 1000
        for name, command in commands.items()
        if name in import_ms
    }
    ours = import_ms[OURS]
    ours_text = f"{ours:.0f} ms (importtime {importtime[OURS]:.0f} ms)"
    where = "wheel-installed .bench/venv-clean" if clean else "dev .venv"
    note = (
        f"ours in {where}; wall of `python -c <import>` minus `python -c pass` in the same venv, "
        f"median of {settings.import_runs} interleaved runs"
    )
    figures = []
    for anchor in ANCHORS:
        if anchor not in import_ms:
            figures.append(Figure.skipped(f"cold import vs {anchor}", "anchor venv not available"))
            continue
        ratio = ours / import_ms[anchor]
        figures.append(
            Figure(
                f"cold import: {OURS} vs {anchor}",
                ours_text,
                f"{import_ms[anchor]:.0f} ms (importtime {importtime[anchor]:.0f} ms)",
                ratio,
                "<= 0.33x",
                check(ratio, "<=", 1 / 3),
                note=f"{note}; anchor: `{IMPORTS[anchor]}`",
                raw={"wall_ms": walls[anchor], "ours_wall_ms": walls[OURS]},
            )
        )
    above = ours - import_ms["httpx"]
    figures.append(
        Figure(
            f"cold import: {OURS} vs httpx alone",
            ours_text,
            f"{import_ms['httpx']:.0f} ms (importtime {importtime['httpx']:.0f} ms)",
            ours / import_ms["httpx"],
            "<= +30 ms",
            above <= 30,
            note=f"{above:+.0f} ms above httpx; {note}",
            raw={"wall_ms": walls["httpx"], "ours_wall_ms": walls[OURS]},
        )
    )
    return figures
