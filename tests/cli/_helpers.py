"""Shared by the CLI tests: a clean environment, and the shape of the one-line error."""

from __future__ import annotations

import re
from collections.abc import Callable

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
