"""What every figure shares: run sizes, the table row, interleaved repetitions, medians, output."""

from __future__ import annotations

import contextlib
import functools
import gc
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


@contextlib.contextmanager
def own_garbage() -> Iterator[None]:
    """Each run timed with :func:`timed` inside pays for its own garbage, and only for it.

    Python collects when allocations pass a threshold, so a collection one variant's garbage
    calls for is otherwise paid by whichever variant runs at that moment, and a full one scans
    the whole process: the in-memory telemetry rows' spans made the rows run after them 2-5 %
    slower (seen on the row of the API without a provider: 1.01x to 1.05x from run to run,
    1.00x with this). Here the heap made so far (imports, clients, seeded ids) is frozen, never
    scanned again; automatic collection is off; ``timed`` collects right after each run.
    For short runs only (100 calls): over a bulk batch of 1,000 calls the garbage piling up
    uncollected slowed a sequential loop by a fifth, so ``bulk`` leaves collection as it is."""
    gc.collect()
    gc.freeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def timed(run: Callable[[], object], *, collect: bool = True) -> tuple[float, float]:
    """Wall and CPU seconds of *run*; with *collect*, the collection of its garbage right after
    it is included (under :func:`own_garbage`: about 0.04 ms, against 50 ms for a slice of
    per-call deletes)."""
    cpu_start, start = time.process_time(), time.perf_counter()
    run()
    if collect:
        gc.collect()
    return time.perf_counter() - start, time.process_time() - cpu_start


def interleaved(
    variants: dict[str, Batch], ids: Iterator[int], settings: Settings, *, collect: bool = False
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and client-CPU µs per call, per variant and repetition; with *collect*, each slice
    pays for its own garbage (:func:`own_garbage`; not for the signing rows, whose 1 ms slices
    would carry the collection's fixed cost)."""
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    slices = max(settings.calls // SLICE, 1)
    with own_garbage() if collect else contextlib.nullcontext():
        for _ in range(settings.reps):
            spent = {name: [0.0, 0.0] for name in variants}
            for index in range(slices):
                shift = index % len(order)
                for name in order[shift:] + order[:shift]:
                    batch = [next(ids) for _ in range(SLICE)]
                    run = functools.partial(variants[name], batch)
                    seconds, cpu_seconds = timed(run, collect=collect)
                    spent[name][0] += seconds
                    spent[name][1] += cpu_seconds
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
