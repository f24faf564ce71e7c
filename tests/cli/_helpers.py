"""Shared by the CLI tests: a clean environment, the shape of the one-line error, and
``stub serve`` as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import Result

from modelarts_vizjobs import _config

#: Every variable the SDK reads, unset, so the developer's own environment cannot leak in.
CLEAN_ENV: dict[str, str | None] = {
    name: None
    for name in (
        _config.ENV_ACCESS_KEY,
        _config.ENV_SECRET_KEY,
        _config.ENV_SECURITY_TOKEN,
        _config.ENV_PROJECT_ID,
        _config.ENV_TOKEN,
        _config.ENV_ENDPOINT,
        _config.ENV_REGION,
        _config.ENV_PROFILE,
        "MODELARTS_VIZJOBS_LOG",
    )
}

#: ``modelarts-vizjobs ARGS...`` run in-process; ``env=`` adds or removes variables.
Invoke = Callable[..., Result]

ERROR_LINE = re.compile(r"error: (?P<code>ModelArts\.\d{4}): (?P<message>.+) \(request id: \S+\)")


def single_error(stderr: str) -> re.Match[str]:
    """The one ``error: ...`` line a failed command prints; fails on anything else."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    match = ERROR_LINE.fullmatch(lines[0])
    assert match is not None, stderr
    return match


SCRIPT = Path(sys.executable).with_name("modelarts-vizjobs")


@contextmanager
def stub_serve(
    *options: str, cwd: Path | None = None
) -> Iterator[tuple[list[str], dict[str, str]]]:
    """``modelarts-vizjobs stub serve --port 0 OPTIONS`` in its own process, as a user starts
    it: the banner's lines and the variables of its ``export`` line; stopped on exit."""
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    args = [str(SCRIPT), "stub", "serve", "--port", "0", *options]
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True, cwd=cwd)
    try:
        assert process.stdout is not None
        banner = []
        for line in process.stdout:  # up to the banner's last line, or EOF if it died
            banner.append(line)
            if line.startswith("  modelarts-vizjobs "):
                break
        (export,) = [line for line in banner if line.startswith("  export ")]
        yield banner, dict(re.findall(r"(\w+)=(\S+)", export))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
