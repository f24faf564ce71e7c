"""Runs every ```python and ```console block of README.md and docs/*.md (sybil).

The convention (docs/contributing.md and OWNERSHIP.md), per page:

- before the first block, ``modelarts-vizjobs stub serve --seed-demo`` runs on 127.0.0.1 (a real
  process, demo jobs 1-4) and ``MODELARTS_VIZJOBS_ENDPOINT``, ``MODELARTS_VIZJOBS_TOKEN`` and
  ``HUAWEICLOUD_SDK_PROJECT_ID`` point at it; the page runs in a fresh temporary directory,
  removed afterwards (``$TMPDIR`` is left as it was);
- ```python blocks run in order in one namespace (a block starting with ``>>>`` is a doctest);
  a block whose first line is ``# file: NAME`` is written to NAME instead of being run, and so
  is every ```toml block (which must start so);
- ```console blocks hold ``$ command`` lines, each run by bash as a real process (stdout and
  stderr together), followed by its expected output, compared loosely (doctest's ``...`` and
  whitespace rules); a command without expected lines must exit 0 (its output is not checked),
  one with expected lines may fail if its output matches (documented failures; add
  ``|| echo "exit $?"`` to show the code); ``export`` and ``unset`` carry over to later commands
  of the page;
- a page's examples run together, in page order, in one process (tests/docs/_placement.py:
  one xdist group per page, for ``pytest --dist loadgroup``);
- ```bash (``sh``, ``shell``) blocks run as one bash script with ``set -e`` and must exit 0;
- a block preceded by ``<!-- not run: REASON -->`` is not run; ```text (or any other
  language) blocks are never run, and tests/docs/test_docs_fresh.py requires that line
  before each of them.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sybil import Example, Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

from modelarts_vizjobs import _config
from tests.docs._placement import RAN

#: Fenced-block languages run as bash scripts.
BASH = ("bash", "sh", "shell")

__all__ = [
    "BASH",
    "NOT_RUN",
    "REPO",
    "Console",
    "documentation_sybil",
    "output_matches",
    "parse_console",
]

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCRIPT = BIN / "modelarts-vizjobs"
COMMAND_TIMEOUT = 120
_START_TIMEOUT = 15.0
_FILE_MARK = "# file: "
_CHECKER = doctest.OutputChecker()
_LOOSE = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
#: What a page's environment points at the stub.
_PAGE = (_config.ENV_ENDPOINT, _config.ENV_PROJECT_ID, _config.ENV_TOKEN)
#: Variables of the developer's own environment that must not leak into a page.
_CLEARED = (
    _config.ENV_ACCESS_KEY,
    _config.ENV_SECRET_KEY,
    _config.ENV_SECURITY_TOKEN,
    _config.ENV_REGION,
    _config.ENV_PROFILE,
    "MODELARTS_VIZJOBS_LOG",
)


def output_matches(expected: str, got: str) -> bool:
    """doctest's loose comparison: ``...`` matches anything, runs of whitespace are equal."""
    return _CHECKER.check_output(expected.strip() + "\n", got.strip() + "\n", _LOOSE)


def parse_console(source: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` pairs of a console block; ``\\`` continues a command."""
    pairs: list[tuple[str, list[str]]] = []
    continued = False
    for line in source.splitlines():
        if continued:
            pairs[-1] = (pairs[-1][0] + "\n" + line, pairs[-1][1])
        elif line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"console block must start with a '$ ' command line: {line!r}")
        continued = bool(pairs) and not pairs[-1][1] and line.endswith("\\")
    return [(command, "\n".join(expected)) for command, expected in pairs]


class Console:
    """Runs console commands for one page: bash, the page's directory, and an environment
    that carries what each command exported or unset over to the next one."""

    def __init__(self, directory: Path, env: dict[str, str]) -> None:
        self.directory = directory
        self.env = env
        self.state = directory / ".console-env"

    def run(self, command: str) -> tuple[int, str]:
        state = shlex.quote(str(self.state))
        script = f"{command}\nstatus=$?\nenv -0 > {state}\nexit $status\n"
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=self.directory,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if self.state.exists():
            pairs = self.state.read_text().split("\0")
            self.env = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
            self.state.unlink()
        return done.returncode, done.stdout

    def evaluate(self, example: Example) -> str | None:
        for command, expected in parse_console(example.parsed):
            status, output = self.run(command)
            if not expected.strip():
                if status != 0:
                    return f"$ {command}\nexited with {status}; output:\n{output}"
            elif not output_matches(expected, output):
                return f"$ {command}\nexpected:\n{expected}\ngot (exit {status}):\n{output}"
        return None


#: The line before a fenced block that is not run, and says why (tests/docs/test_docs_fresh.py
#: holds every other block of a language that is not run to it).
NOT_RUN = re.compile(r"<!-- not run: (?P<reason>\S.*\S) -->")


def _not_run(example: Example) -> bool:
    before = example.document.text[: example.region.start].rstrip("\n").rpartition("\n")[2]
    return NOT_RUN.fullmatch(before.strip()) is not None


def _evaluate_bash(example: Example) -> str | None:
    """A bash block runs as one script (``set -e``) in the page's shell state; it must exit 0."""
    if _not_run(example):
        return None
    console: Console = example.namespace["__console__"]
    status, output = console.run(f"set -e\n{example.parsed}")
    return None if status == 0 else f"bash block exited with {status}; output:\n{output}"


def _evaluate_console(example: Example) -> str | None:
    console: Console = example.namespace["__console__"]
    return console.evaluate(example)


def _write_file(example: Example) -> bool:
    """A block whose first line is ``# file: NAME`` is written to NAME (parents made); True then."""
    source = str(example.parsed)
    if not source.startswith(_FILE_MARK):
        return False
    name = source.splitlines()[0][len(_FILE_MARK) :].strip()
    directory: Path = example.namespace["__console__"].directory
    (directory / name).parent.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(source, encoding="utf-8")
    return True


def _evaluate_toml(example: Example) -> str | None:
    if not _write_file(example):
        return "a ```toml block is an example file: start it with '# file: NAME'"
    return None


class _PythonOrFile(PythonEvaluator):
    """Python blocks run in the page's namespace; ``# file: NAME`` blocks are written out."""

    def __call__(self, example: Example) -> None:
        if not _write_file(example):
            super().__call__(example)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_stub(directory: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """``modelarts-vizjobs stub serve --seed-demo`` on a free port, once it accepts
    connections (a port taken in between is retried)."""
    log = directory / ".stub-serve.log"
    for _ in range(3):
        port = _free_port()
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(SCRIPT), "stub", "serve", "--seed-demo", "--port", str(port)],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + _START_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                time.sleep(0.05)
                continue
            return process, f"http://127.0.0.1:{port}"
        process.kill()
        process.wait()
    raise RuntimeError(f"stub serve did not start: {log.read_text(errors='replace')}")


def _setup(namespace: dict[str, Any]) -> None:
    from modelarts_vizjobs import stub

    directory = Path(tempfile.mkdtemp(prefix="docs-page-"))
    saved = {name: os.environ.get(name) for name in (*_CLEARED, *_PAGE)}
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    process, base_url = _start_stub(directory, env)
    page = dict(zip(_PAGE, (base_url, stub.DEFAULT_PROJECT_ID, stub.DEFAULT_TOKEN), strict=True))
    env.update(page)
    for name in _CLEARED:
        os.environ.pop(name, None)
    os.environ.update(page)
    namespace["__console__"] = Console(directory, env)
    namespace["__page__"] = (process, saved, Path.cwd())
    namespace[RAN] = set()
    os.chdir(directory)


def _teardown(namespace: dict[str, Any]) -> None:
    process, saved, cwd = namespace.pop("__page__")
    os.chdir(cwd)
    shutil.rmtree(namespace["__console__"].directory, ignore_errors=True)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


class _PythonBlocks(PythonCodeBlockParser):
    """sybil's Python parser (code blocks and ``>>>`` doctests) with the ``# file:`` rule."""

    def __init__(self) -> None:
        super().__init__()
        self.codeblock_parser = CodeBlockParser("python", _PythonOrFile())


def documentation_sybil(root: Path = REPO) -> Sybil:
    """README.md and every docs/*.md page (pages added later are picked up as they are) of the
    repository, or of another ``root`` (the harness's own tests)."""
    return Sybil(
        parsers=[
            _PythonBlocks(),
            CodeBlockParser("console", _evaluate_console),
            CodeBlockParser("toml", _evaluate_toml),
            *(CodeBlockParser(language, _evaluate_bash) for language in BASH),
        ],
        path=str(root),
        patterns=["README.md", "docs/*.md"],
        excludes=["*/README.md"],
        setup=_setup,
        teardown=_teardown,
    )
