"""``python -m scripts.bench``: run the figure families, print the table, write results.json."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

from . import __doc__ as package_doc
from .bulk import bulk
from .cli import cli
from .cold_import import imports
from .harness import (
    SCRATCH,
    Figure,
    Settings,
    load_average,
    log,
    machine,
    noisy,
    table,
    write_results,
)
from .per_call import per_call
from .processes import CLIENT_CORE, RUN_INFO, SERVER_CORE, pin_client_core
from .proxy import proxy
from .regeneration import regeneration
from .server import server
from .signing import signing

FIGURES: dict[str, Callable[[Settings], list[Figure]]] = {
    "per-call": per_call,
    "bulk": bulk,
    "signing": signing,
    "imports": imports,
    "cli": cli,
    "server": server,
    "proxy": proxy,
    "regeneration": regeneration,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.bench", description=(package_doc or "").splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", choices=sorted(FIGURES), action="append", help="repeatable")
    args = parser.parse_args()
    settings = Settings.quick() if args.quick else Settings()
    SCRATCH.mkdir(exist_ok=True)
    pinned = pin_client_core()
    info = machine()
    print(f"load average at start: {info['load at start']} ({os.cpu_count()} cores)", flush=True)
    info["pinning"] = f"server core {SERVER_CORE}, client core {CLIENT_CORE}" if pinned else "none"
    figures: list[Figure] = []
    durations: dict[str, float] = {}
    started = time.perf_counter()
    for key in args.only or list(FIGURES):
        log(f"{key} ...")
        begin = time.perf_counter()
        try:
            figures += FIGURES[key](settings)
        except ImportError as missing:
            figures.append(Figure.skipped(key, f"cannot import: {missing}"))
        durations[key] = round(time.perf_counter() - begin, 1)
        log(f"{key} done in {durations[key]} s")
    durations["total"] = round(time.perf_counter() - started, 1)
    info.update(RUN_INFO)
    info["load at end"] = load_average()
    print(f"load average at end: {info['load at end']} ({os.cpu_count()} cores)")
    if noisy(info):
        print("noisy: rerun (load average above the core count: no target claimed met)")
    print(table(figures, info))
    print(f"\nRun time: {durations}")
    write_results(figures, info, settings, durations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
