"""`make mutation`: mutmut over the modules of ``[tool.mutmut] only_mutate`` (pyproject.toml, the
one list), then the kill rate per module and every surviving mutant.

Usage: ``python scripts/mutation.py [--summary-only] [--fail-under PCT] [MODULE ...]``, where a
MODULE narrows the run to mutants whose name starts with it (``_retry``, ``stub.models``).
mutmut runs, per mutant, only the tests that reached the mutated function in its first,
clean pass (docs/testing.md, "Mutation testing"); its results stay in ``mutants/`` so a second
run retests only what changed. ``mutmut show NAME`` prints a survivor's diff.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = "src/"
# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code): a test failed (1, 3),
# the mutant hung (timeouts), or the type check caught it all count as killed.
KILLED = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout"}
KILLED |= {255: "timeout", 37: "caught by type check", -11: "segfault", -9: "segfault"}
NOT_KILLED = {0: "survived", 5: "no tests", 33: "no tests", 35: "suspicious"}
NOT_RUN = {None: "not checked", 2: "interrupted", 34: "skipped"}


def mutated_files(root: Path = ROOT) -> list[str]:
    """``[tool.mutmut] only_mutate``: the source files mutated, relative to *root*."""
    with (root / "pyproject.toml").open("rb") as handle:
        files: list[str] = tomllib.load(handle)["tool"]["mutmut"]["only_mutate"]
    return files


def module_name(path: str) -> str:
    """``src/modelarts_vizjobs/stub/models.py`` -> ``modelarts_vizjobs.stub.models``."""
    return path.removeprefix(PACKAGE_ROOT).removesuffix(".py").replace("/", ".")


def results(path: str, root: Path = ROOT) -> dict[str, int | None]:
    """Exit code per mutant of *path* as mutmut left it in ``mutants/`` (None: not run)."""
    meta = root / "mutants" / f"{path}.meta"
    if not meta.exists():
        return {}
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return codes


def summarise(files: list[str], only: list[str], root: Path = ROOT) -> tuple[str, dict[str, float]]:
    """The table of kill rates (killed / run) per module and the survivors' names."""
    rows = [f"{'module':<42} {'mutants':>7} {'killed':>6} {'survived':>8} {'kill rate':>9}"]
    survivors: list[str] = []
    rates: dict[str, float] = {}
    for path in files:
        module = module_name(path)
        if only and not any(module.startswith(f"modelarts_vizjobs.{m}") for m in only):
            continue
        codes = results(path, root)
        tally = Counter(
            "killed" if code in KILLED else "run" if code in NOT_KILLED else "not run"
            for code in codes.values()
        )
        run = tally["killed"] + tally["run"]
        rate = tally["killed"] / run if run else 0.0
        rates[module] = rate
        rows.append(
            f"{module:<42} {len(codes):>7} {tally['killed']:>6} {tally['run']:>8} "
            + (f"{rate:>9.1%}" if run else f"{'not run':>9}")
        )
        survivors += [
            f"  {name} ({NOT_KILLED[code]})"
            for name, code in sorted(codes.items())
            if code in NOT_KILLED
        ]
    text = "\n".join(rows) + "\n\nsurvivors (`mutmut show NAME` prints the change):\n"
    return text + ("\n".join(survivors) if survivors else "  none"), rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="only these modules' mutants (_retry, stub.app)")
    parser.add_argument("--summary-only", action="store_true", help="report the last run only")
    parser.add_argument("--fail-under", type=float, default=0.0, help="exit 1 if a module is below")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    started = time.monotonic()
    if not args.summary_only:
        names = [f"modelarts_vizjobs.{module}.*" for module in args.modules]
        mutmut = Path(sys.executable).parent / "mutmut"
        command = [str(mutmut), "run", "--max-children", str(args.max_children), *names]
        # mutmut's live progress is a spinner per mutant: kept in a file, shown on a failure.
        log = ROOT / "mutants" / "mutmut-run.log"
        log.parent.mkdir(exist_ok=True)
        with log.open("w", encoding="utf-8") as out:
            done = subprocess.run(command, cwd=ROOT, check=False, stdout=out, stderr=out)
        if done.returncode != 0:
            print(log.read_text(encoding="utf-8")[-5000:], file=sys.stderr)
            return done.returncode
    text, rates = summarise(mutated_files(), args.modules)
    if not args.summary_only:
        text += f"\n\nmutation run: {time.monotonic() - started:.0f} s"
    low = [module for module, rate in rates.items() if rate * 100 < args.fail_under]
    if low:
        text += f"\n\nbelow {args.fail_under:g}%: {', '.join(low)}"
    print(text)
    # The workflow's job summary and artifact.
    (ROOT / "mutants").mkdir(exist_ok=True)
    (ROOT / "mutants" / "mutation-report.txt").write_text(text + "\n", encoding="utf-8")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
