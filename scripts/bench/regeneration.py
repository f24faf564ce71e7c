"""Regeneration: the whole spec-to-client pipeline vs openapi-python-client alone."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from .harness import ROOT, SCRATCH, SPEC, Figure, Settings, median_ratio
from .processes import wall

GENERATOR_CONFIG = ROOT / "openapi" / "generator-config.yaml"
VENV_BIN = Path(sys.executable).parent


def regeneration(settings: Settings) -> list[Figure]:
    """Time `scripts/regenerate.py --output <tmp>` against the generator it wraps."""
    script = ROOT / "scripts" / "regenerate.py"
    tool = VENV_BIN / "openapi-python-client"
    raw_tool = [str(tool), "generate", "--path", str(SPEC), "--meta", "none", "--overwrite"]
    if GENERATOR_CONFIG.exists():
        raw_tool += ["--config", str(GENERATOR_CONFIG)]
    pipeline_times: list[float] = []
    tool_times: list[float] = []
    with tempfile.TemporaryDirectory(dir=SCRATCH) as scratch:
        for rep in range(settings.regen_reps):
            tool_out = Path(scratch) / f"tool-{rep}"
            tool_times.append(wall([*raw_tool, "--output-path", str(tool_out)]))
            if script.exists():
                out = Path(scratch) / f"pipeline-{rep}"
                pipeline_times.append(wall([sys.executable, str(script), "--output", str(out)]))
    if not pipeline_times:
        return [
            Figure(
                "regeneration: openapi-python-client alone (scripts/regenerate.py absent)",
                f"{statistics.median(tool_times):.1f} s",
                "",
                None,
                "reported",
                None,
            )
        ]
    ratio = median_ratio(pipeline_times, tool_times)
    return [
        Figure(
            "regeneration: scripts/regenerate.py vs openapi-python-client alone",
            f"{statistics.median(pipeline_times):.1f} s",
            f"{statistics.median(tool_times):.1f} s",
            ratio,
            "reported",
            None,
            note="`scripts/regenerate.py --output <tmp>` vs `openapi-python-client generate` alone",
            raw={"pipeline_s": pipeline_times, "tool_s": tool_times},
        )
    ]
