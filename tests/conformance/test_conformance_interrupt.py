"""Ctrl-C (SIGINT) and a cancelled CI job (SIGTERM) in the middle of a real process's tour:
the job it created is deleted before it exits, and it says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from modelarts_vizjobs.stub import StubBackend, TransitionPolicy
from tests.conformance.conftest import token_env


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_still_deletes_its_job(served, signum: int) -> None:
    # RUNNING only after 3 steps of 0.4 s: the signal arrives while the tour waits for it
    base_url, backend = served(backend=StubBackend(policy=TransitionPolicy.after_seconds(0.4)))
    env = {k: v for k, v in {**os.environ, **token_env(base_url)}.items() if v is not None}
    command = [
        sys.executable,
        "-m",
        "modelarts_vizjobs.cli",
        "conformance",
        "--poll-interval",
        "0.05",
    ]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell's background job ignores SIGINT, and a child inherits that: Ctrl-C must reach
        # the tour however the suite itself was started
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 20
        while not any(e.method == "POST" for e in backend.journal):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.02)
        process.send_signal(signum)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 1, out + err
    assert "interrupted: deleting the tour's job before exiting" in err
    assert "Tour stopped early: interrupted (Ctrl-C)" in out
    assert "deleted and gone" in out
    deletes = [e for e in backend.journal if e.method == "DELETE"]
    assert deletes and deletes[0].status == 200
    assert backend.journal[-1].status == 404  # the final read: gone
