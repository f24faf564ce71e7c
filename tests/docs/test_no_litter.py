"""No litter (issue 18): the docs tests write only under pytest's tmp_path or their own page
directory, which goes when the page ends; ``$TMPDIR`` is left as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.docs.harness import REPO

#: Pages that run console commands, Python blocks, the stub and a recorded conformance tour.
PAGES = ("docs/getting-started.md", "docs/live-service.md")


def test_docs_pages_leave_tmpdir_empty(tmp_path: Path) -> None:
    private = tmp_path / "tmpdir"
    private.mkdir()
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider"),
            *("--basetemp", str(tmp_path / "basetemp"), *PAGES),
        ],
        cwd=REPO,
        env={**os.environ, "TMPDIR": str(private)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert sorted(path.name for path in private.iterdir()) == []
