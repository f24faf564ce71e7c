"""A page's examples stay together and in order (tests/docs/_placement.py): every example
carries its page's xdist group, and a run that splits a page says so instead of failing on a
name the page defined earlier."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.docs.harness import REPO

#: Prints each collected example's page group (a plugin loaded with ``-p``).
_REPORT = """
from sybil.integration.pytest import SybilItem


def pytest_collection_finish(session):
    for item in session.items:
        if isinstance(item, SybilItem):
            groups = [mark.args[0] for mark in item.iter_markers("xdist_group")]
            print("GROUP", item.nodeid, *groups)
"""

#: Runs the collected tests in reverse order (a plugin loaded with ``-p``).
_REVERSE = """
def pytest_collection_modifyitems(items):
    items.reverse()
"""

#: A page of six examples, each needing the one before it.
_PAGE = "# Chained\n\n" + "\n".join(
    f"```python\nstep = {n} if {n} == 0 else step + 1\nassert step == {n}\n```\n" for n in range(6)
)


def _pytest(cwd: Path, *args: str, path: Path) -> subprocess.CompletedProcess[str]:
    """pytest in ``cwd`` with ``path`` and the repository importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(path), str(REPO)))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_docs_example_carries_its_pages_group(tmp_path: Path) -> None:
    (tmp_path / "report_groups.py").write_text(_REPORT)
    done = _pytest(REPO, "--co", "-p", "report_groups", "README.md", "docs", path=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("GROUP ")]
    pages = {"README.md", *(f"docs/{page.name}" for page in (REPO / "docs").glob("*.md"))}
    assert len(rows) > 2 * len(pages)
    assert all(groups == [nodeid.partition("::")[0]] for nodeid, *groups in rows), rows
    assert {nodeid.partition("::")[0] for nodeid, *_ in rows} <= pages


def _chained_project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "chained.md").write_text(_PAGE)
    (tmp_path / "conftest.py").write_text(
        "from pathlib import Path\n"
        "from tests.docs._placement import (\n"
        "    page_collector, pytest_collection_finish, pytest_configure, pytest_runtest_call)\n"
        "from tests.docs.harness import documentation_sybil\n\n"
        "pytest_collect_file = page_collector(documentation_sybil(Path(__file__).parent))\n"
    )
    return tmp_path


def test_a_page_run_out_of_order_fails_with_the_rule(tmp_path: Path) -> None:
    """What ``--dist load`` does to a page on each worker, without starting workers: the
    examples come in another order (here reversed, as a shuffling plugin could)."""
    project = _chained_project(tmp_path)
    (project / "reverse_items.py").write_text(_REVERSE)
    done = _pytest(project, "-p", "no:xdist", "-p", "reverse_items", "docs", path=project)
    assert done.returncode == 1
    assert "5 failed, 1 passed" in done.stdout
    assert (
        "chained.md::line:28,column:1 ran without the examples before it on lines " in done.stdout
    )
    assert "[3, 8, 13, 18, 23]" in done.stdout
    assert "--dist loadfile" in done.stdout
    assert "NameError" not in done.stdout


def test_an_example_chosen_alone_is_not_held_to_the_examples_left_out(tmp_path: Path) -> None:
    project = _chained_project(tmp_path)
    first = "docs/chained.md::line:3,column:1"
    done = _pytest(project, "-p", "no:xdist", first, path=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
