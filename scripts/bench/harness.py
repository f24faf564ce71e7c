"""What every figure shares: run sizes, the table row, interleaved repetitions, medians, output."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / ".bench"
HERE = Path(__file__).resolve().parent
SPEC = ROOT / "openapi" / "modelarts-vizjobs.yaml"


@dataclass
class Settings:
    """Sizes of one run; ``--quick`` shrinks them for a smoke run."""

    reps: int = 5
    calls: int = 2000
    warmup: int = 200
    bulk_jobs: int = 1000
    bulk_reps: int = 9
    wan_reps: int = 5
    wan_jobs: int = 100
    wan_latency: float = 0.05
    sign_rounds: int = 5000
    import_runs: int = 15
    wrk_seconds: int = 5
    wrk_warmup: int = 3
    wrk_reps: int = 3
    wrk_deletes: int = 10000
    regen_reps: int = 3

    @classmethod
    def quick(cls) -> Settings:
        return cls(
            reps=2,
            calls=300,
            warmup=50,
            bulk_jobs=200,
            bulk_reps=1,
            wan_reps=1,
            wan_jobs=40,
            sign_rounds=1000,
            import_runs=3,
            wrk_seconds=2,
            wrk_warmup=1,
            wrk_reps=1,
            wrk_deletes=2000,
            regen_reps=1,
        )


@dataclass
class Figure:
    """One row of the table. ``ratio`` is ours relative to the baseline, as the target reads."""

    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def skipped(cls, name: str, reason: str) -> Figure:
        return cls(name, "skipped", "", None, "", None, note=reason)


def check(ratio: float, op: str, limit: float) -> bool:
    return ratio <= limit if op == "<=" else ratio >= limit


def median_ratio(ours: list[float], base: list[float]) -> float:
    """Median of per-repetition ratios ours/base (repetitions are interleaved)."""
    return statistics.median(o / b for o, b in zip(ours, base, strict=True))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


#: Calls per slice: each repetition alternates the variants slice by slice, so a neighbour's
#: burst of CPU lands on every variant alike instead of on whichever ran at that moment.
SLICE = 100

#: A variant runs a batch of job ids (one call each) and raises when a call failed.
Batch = Callable[[list[int]], object]


def interleaved(
    variants: dict[str, Batch], ids: Iterator[int], settings: Settings
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and client-CPU µs per call, per variant and repetition."""
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    slices = max(settings.calls // SLICE, 1)
    for _ in range(settings.reps):
        spent = {name: [0.0, 0.0] for name in variants}
        for index in range(slices):
            shift = index % len(order)
            for name in order[shift:] + order[:shift]:
                batch = [next(ids) for _ in range(SLICE)]
                cpu_start, start = time.process_time(), time.perf_counter()
                variants[name](batch)
                spent[name][0] += time.perf_counter() - start
                spent[name][1] += time.process_time() - cpu_start
        for name, (seconds, cpu_seconds) in spent.items():
            wall[name].append(seconds / (slices * SLICE) * 1e6)
            cpu[name].append(cpu_seconds / (slices * SLICE) * 1e6)
    return wall, cpu


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load at start": load_average(),
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as printed."""
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def noisy(info: dict[str, str]) -> bool:
    """Whether the machine was busier than its cores at the start or the end of the run (1-min
    load average above the core count): no target may then be claimed met or missed."""
    cores = os.cpu_count() or 1
    loads = [info.get("load at start", ""), info.get("load at end", "")]
    return any(float(load.split(",")[0]) > cores for load in loads if load)


def table(figures: list[Figure], info: dict[str, str]) -> str:
    lines = [
        f"Machine: {info['nproc']} x {info['cpu']}, Python {info['python']}, {info['date']}; "
        f"load average at start {info['load at start']}, at end {info.get('load at end', '?')}; "
        f"pinning: {info['pinning']}; stub: {info.get('stub server', 'not started')}",
        "",
        "| figure | ours | baseline | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    busy = noisy(info)
    for fig in figures:
        ratio = f"{fig.ratio:.2f}x" if fig.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[fig.met]
        if busy and fig.met is not None:
            met = "noisy: rerun"
        lines.append(
            f"| {fig.name} | {fig.ours} | {fig.baseline} | {ratio} | {fig.target} | {met} |"
        )
    notes = [f"- {fig.name}: {fig.note}" for fig in figures if fig.note]
    if busy:
        notes.insert(0, f"- NOISY RUN: load average above {os.cpu_count()} cores; rerun quiet")
    return "\n".join([*lines, "", "Notes:", *notes])


def write_results(
    figures: list[Figure], info: dict[str, str], settings: Settings, durations: dict[str, float]
) -> Path:
    results = {
        "machine": info,
        "noisy": noisy(info),
        "settings": asdict(settings),
        "durations_s": durations,
        "figures": [asdict(fig) for fig in figures],
    }
    path = SCRATCH / "results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path
