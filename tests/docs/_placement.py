"""Keeps each page's examples together, in page order, on one pytest-xdist worker.

A page's examples share one namespace and one ``stub serve`` (tests/docs/harness.py), so a later
example needs the earlier ones to have run before it in the same process. Every example of a
page carries ``xdist_group(<the page's node id>)`` for ``--dist loadgroup``; ``--dist loadfile``
(the Makefile's), ``loadscope`` and no xdist keep a page together by its file. A run that splits
or reorders a page anyway (``--dist load``/``worksteal``, a shuffling plugin, and today
``loadgroup`` itself: with pytest 9.2 pytest-xdist 3.8's group suffix is lost, pytest-xdist
issue #1386) fails the misplaced example with this rule instead of with a confusing error about
a name or a job that the page defined earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sybil import Sybil
from sybil.integration.pytest import SybilFile, SybilItem

__all__ = [
    "RAN",
    "RULE",
    "page_collector",
    "page_group",
    "pytest_collection_finish",
    "pytest_configure",
    "pytest_runtest_call",
]

#: The namespace key of the examples (their offsets) that ran since the page was set up; the
#: harness's page setup empties it.
RAN = "__ran__"
#: The offsets of a page's selected examples (after ``-k``, ``--deselect``, node ids).
_SELECTED = pytest.StashKey[list[int]]()
RULE = (
    "a page's examples share its namespace and stub: run them together and in order "
    "(pytest -n N --dist loadfile, or no xdist; not --dist load or worksteal, no shuffling; "
    "--dist loadgroup once pytest-xdist#1386 is fixed)"
)


def pytest_configure(config: pytest.Config) -> None:
    """Declares the mark for runs without pytest-xdist (``-p no:xdist``), which registers it."""
    config.addinivalue_line("markers", "xdist_group(name): run on the same xdist worker")


def page_group(page: pytest.Collector) -> str:
    """The xdist group of a page's examples: the page's node id (``docs/cli.md``)."""
    return page.nodeid


def page_collector(sybil: Sybil) -> Callable[[Path, pytest.Collector], SybilFile | None]:
    """sybil's ``pytest_collect_file``, with each page marked as one xdist group."""
    collect = sybil.pytest()

    def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> SybilFile | None:
        page: SybilFile | None = collect(file_path, parent)
        if page is not None:
            page.add_marker(pytest.mark.xdist_group(page_group(page)))
        return page

    return pytest_collect_file


def _selected(item: SybilItem) -> list[int]:
    """The offsets of the selected examples of the item's page."""
    assert item.parent is not None
    return item.parent.stash.setdefault(_SELECTED, [])


def pytest_collection_finish(session: pytest.Session) -> None:
    """Notes which examples of each page this run selected (every worker collects them all)."""
    for item in session.items:
        if isinstance(item, SybilItem):
            _selected(item).append(item.example.start)


def pytest_runtest_call(item: pytest.Item) -> None:
    """Fails an example whose selected predecessors on its page did not run before it here."""
    if not isinstance(item, SybilItem):
        return
    example: Any = item.example
    ran: set[int] = example.namespace.setdefault(RAN, set())
    before = [start for start in _selected(item) if start < example.start]
    missing = sorted(set(before) - ran)
    ran.add(example.start)
    if missing:
        lines = [example.document.text.count("\n", 0, start) + 1 for start in missing]
        pytest.fail(
            f"{item.nodeid} ran without the examples before it on lines {lines} in this "
            f"process: {RULE}",
            pytrace=False,
        )
