"""Driving ``wrk`` with ``jobs.lua`` and reading its report."""

from __future__ import annotations

import re
import subprocess

from .harness import HERE

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}

#: Longest a "once" run may take: it ends itself after its requests, this is only a backstop.
ONCE_BACKSTOP_SECONDS = 120


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s, p50 and p99 latency (ms), non-2xx count and socket errors from wrk output."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            raise ValueError(f"no {percent}% line in wrk output:\n{output}")
        return float(match.group(1)) * _UNITS[match.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not rps or not total:
        raise ValueError(f"unreadable wrk output:\n{output}")
    return {
        "rps": float(rps.group(1)),
        "requests": float(total.group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": float(non_2xx.group(1)) if non_2xx else 0.0,
        "socket_errors": float(sum(int(n) for n in errors.groups())) if errors else 0.0,
    }


def run_wrk(
    wrk: str,
    url: str,
    connections: int,
    seconds: int | None,
    job_args: list[str],
) -> dict[str, float]:
    """One wrk run of ``jobs.lua`` with *job_args* (method, token, project, first id, count,
    mode). ``seconds=None`` runs until the "once" script has its answers."""
    duration = ONCE_BACKSTOP_SECONDS if seconds is None else seconds
    command = [wrk, "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["-s", str(HERE / "jobs.lua"), url, "--", *job_args]
    done = subprocess.run(
        command, check=True, capture_output=True, text=True, timeout=duration + 30
    )
    return parse_wrk(done.stdout)
