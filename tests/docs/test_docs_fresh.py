"""Docs that cannot go stale (issue 18): every fenced block is run by the docs tests or says
why not, and what the docs print of versions, wheels, tags and the stub banner is what the code
produces now (read from ``modelarts_vizjobs.__version__``, never written here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import modelarts_vizjobs
from tests.docs.harness import BASH, NOT_RUN, REPO, output_matches

PAGES = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])
#: Languages the docs tests run (harness.py); ``toml`` blocks are written out as files.
RUN = {"python", "console", "toml", *BASH}
FENCE = re.compile(r"^```(?P<language>[\w-]*)[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)
VERSION = modelarts_vizjobs.__version__
#: Where the stub banner's activate line is in the docs (each reader's clone differs).
ACTIVATE = "/path/to/modelarts-vizjobs/.venv/bin/activate"


def _blocks(page: Path) -> list[tuple[int, str, str, str]]:
    """(line, language, body, the line before) of each fenced block of *page*."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rpartition("\n")[2].strip()
        line = text.count("\n", 0, match.start()) + 1
        found.append((line, match["language"], match["body"], before))
    return found


def _name(page: Path) -> str:
    return page.relative_to(REPO).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_block_is_run_or_says_why_not(page: Path) -> None:
    silent = [
        f"{_name(page)}:{line} ```{language or '(no language)'}"
        for line, language, _, before in _blocks(page)
        if language not in RUN and not NOT_RUN.fullmatch(before)
    ]
    assert silent == [], "add '<!-- not run: REASON -->' before these blocks, or make them run"


def test_install_lines_name_the_current_wheel_and_tag() -> None:
    wheels = tags = 0
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for wheel in re.findall(r"modelarts_vizjobs-[\w.]+?-py3-none-any\.whl", text):
            assert wheel == f"modelarts_vizjobs-{VERSION}-py3-none-any.whl", _name(page)
            wheels += 1
        for tag in re.findall(r"(?:\.git@|git tag |push origin )(v\d+\.\d+\.\d+)", text):
            assert tag == f"v{VERSION}", f"{_name(page)}: {tag}"
            tags += 1
        major, minor = (int(part) for part in VERSION.split(".")[:2])
        for pin in re.findall(r"modelarts-vizjobs(?:\[\w+\])?~=(\d+)\.(\d+)", text):
            assert int(pin[0]) == major and int(pin[1]) <= minor, f"{_name(page)}: ~={pin}"
    assert wheels >= 2 and tags >= 3  # README and getting-started, and the release example


def test_documented_banners_are_what_stub_serve_prints() -> None:
    from modelarts_vizjobs.cli._stub import _banner
    from modelarts_vizjobs.stub import TransitionPolicy

    banners = 0
    for page in PAGES:
        for line, _, body, _ in _blocks(page):
            shown = re.search(r"^ModelArts visualization-jobs stub on (\S+) .*", body, re.M)
            if shown is None:
                continue
            documented = body[shown.start() :]
            printed = _banner(shown[1], TransitionPolicy.immediate(), [1, 2, 3, 4])
            printed = printed.replace(str(Path(sys.prefix) / "bin" / "activate"), ACTIVATE)
            assert output_matches(documented, printed), (
                f"{_name(page)}:{line} shows a banner stub serve no longer prints:\n{printed}"
            )
            banners += 1
    assert banners >= 3
