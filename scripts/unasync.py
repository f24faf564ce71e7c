"""Generate the sync client from the async one (httpcore's ``unasync.py`` approach).

    python scripts/unasync.py           # rewrite src/modelarts_vizjobs/_sync/ from _async/
    python scripts/unasync.py --check   # exit 1 with a diff if _sync/ is stale

Each module of ``src/modelarts_vizjobs/_async/`` is copied to ``_sync/`` with a fixed list of
textual substitutions (``async def`` -> ``def``, ``await`` dropped, ``AsyncJobs`` -> ``Jobs``,
``async_sleep`` -> ``sleep``, ...), then put through ruff (import order and format, the
project's settings) so the output passes the same lint as hand-written code. Behaviour is
written once, in ``_async/``; ``make check-generated`` holds ``_sync/`` to it.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "modelarts_vizjobs" / "_async"
TARGET = ROOT / "src" / "modelarts_vizjobs" / "_sync"
HEADER = (
    "# Generated from src/modelarts_vizjobs/_async/{name} by scripts/unasync.py: do not edit.\n"
    "# Change the async source and run `make regen` instead.\n"
)

INIT = '''"""The sync client and resources, generated from ``modelarts_vizjobs._async``."""
'''

#: (pattern, replacement), applied in order to every line.
SUBSTITUTIONS = [
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    (r"\baread\b", "read"),
    (r"\basync_sleep\b", "sleep"),
    (r"\basync_map_bounded\b", "map_bounded"),
    (r"\bnew_async_http_client\b", "new_http_client"),
    (r"\bAsync([A-Z]\w*)", r"\1"),  # AsyncJobs, AsyncIterator, httpx.AsyncClient...
    (r"\b_async\b", "_sync"),
]
#: ruff fixes for what the substitutions leave: import order, unused imports, ``yield from``.
FIXES = ("--unsafe-fixes", "--select", "I,F401,UP028")
_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in SUBSTITUTIONS]


def unasync_text(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        for pattern, replacement in _COMPILED:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return "".join(lines)


def _ruff(arguments: list[str], text: str, filename: Path) -> str:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), *arguments, "--stdin-filename", str(filename), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"ruff {' '.join(arguments)} failed on {filename}:\n{result.stderr}")
    return result.stdout


def generate() -> dict[str, str]:
    """The ``_sync`` package's files (name -> text) from the ``_async`` sources."""
    output = {"__init__.py": HEADER.format(name="__init__.py") + INIT}
    for source in sorted(SOURCE.glob("_*.py")):
        if source.name == "__init__.py":
            continue
        target = TARGET / source.name
        text = HEADER.format(name=source.name) + unasync_text(source.read_text())
        text = _ruff(["check", "--fix-only", *FIXES, "--quiet"], text, target)
        output[source.name] = _ruff(["format", "--quiet"], text, target)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if _sync/ is out of date")
    args = parser.parse_args(argv)
    fresh = generate()
    have = {path.name: path.read_text() for path in sorted(TARGET.glob("*.py"))}
    if args.check:
        report = [f"stale file in _sync/: {name}" for name in sorted(have.keys() - fresh)]
        for name, text in fresh.items():
            report += difflib.unified_diff(
                have.get(name, "").splitlines(),
                text.splitlines(),
                f"committed/_sync/{name}",
                f"generated/_sync/{name}",
                lineterm="",
            )
        if report:
            print("\n".join(report))
            print("src/modelarts_vizjobs/_sync is out of date: run `make regen`")
            return 1
        print("OK: src/modelarts_vizjobs/_sync matches _async")
        return 0
    TARGET.mkdir(exist_ok=True)
    for name in have.keys() - fresh:
        (TARGET / name).unlink()
    for name, text in fresh.items():
        (TARGET / name).write_text(text)
    print(f"generated {len(fresh)} modules in src/modelarts_vizjobs/_sync")
    return 0


if __name__ == "__main__":
    sys.exit(main())
