"""The documentation site builds with ``mkdocs build --strict`` (what ``make docs`` runs), and
its references cover the whole public API, every CLI command and the HTTP operations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import modelarts_vizjobs
from modelarts_vizjobs import stub
from modelarts_vizjobs.cli import cli
from tests.docs._chromium import Browser, find_chromium
from tests.docs.harness import REPO

MKDOCS = Path(sys.executable).with_name("mkdocs")
REDOCLY = REPO / "node_modules/.bin/redocly"
#: The frames of the notices tools print (Redocly's Node.js deprecation, Material's MkDocs 2).
_BOXES = re.compile(r"[╔║╚│]")


@pytest.fixture(scope="module")
def private_tmpdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build's $TMPDIR: it must stay empty (issue 18, no litter)."""
    return tmp_path_factory.mktemp("build-tmpdir")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, private_tmpdir: Path) -> Path:
    if not REDOCLY.exists() and not os.environ.get("CI"):
        pytest.skip("node_modules missing (make node); never skipped in CI")
    output = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(output)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(private_tmpdir)},
    )
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    assert not _BOXES.search(built.stdout + built.stderr), built.stderr
    return output


def _anchors(page: Path) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page.read_text(encoding="utf-8")))


def test_python_reference_has_every_public_name(site: Path) -> None:
    anchors = _anchors(site / "api-python.html")
    public = {name for name in modelarts_vizjobs.__all__ if name != "__version__"}
    assert {f"modelarts_vizjobs.{name}" for name in public} - anchors == set()
    assert {"Jobs.delete", "AsyncJobs.delete_many"} <= {
        a.partition("_resources.")[2] for a in anchors
    }


def test_stub_reference_has_every_public_name(site: Path) -> None:
    anchors = _anchors(site / "api-stub.html")
    assert {f"modelarts_vizjobs.stub.{name}" for name in stub.__all__} - anchors == set()
    assert "modelarts_vizjobs.stub.pytest_plugin.StubHandle" in anchors


def test_cli_reference_is_generated_from_every_command(site: Path) -> None:
    anchors = _anchors(site / "cli.html")
    commands = {
        f"modelarts-vizjobs-{group}-{name}"
        for group, command in cli.commands.items()
        for name in getattr(command, "commands", {})
    }
    assert commands and commands - anchors == set()


def test_http_reference_is_part_of_the_site(site: Path) -> None:
    html = (site / "api-reference.html").read_text(encoding="utf-8")
    assert "delete_visualization_job" in html
    assert 'href="api-reference.html"' in (site / "regeneration.html").read_text()


def test_the_pinned_redocly_cli_prints_no_notice_on_this_node(site: Path, tmp_path: Path) -> None:
    """`make docs` used to print two large warning boxes (Node.js 20 support ending, Redoc 3)."""
    spec = REPO / "openapi/modelarts-vizjobs.yaml"
    built = subprocess.run(
        [str(REDOCLY), "build-docs", str(spec), "-o", str(tmp_path / "reference.html")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )
    output = built.stdout + built.stderr
    assert not _BOXES.search(output) and "warning" not in output.lower(), output


def test_the_build_writes_only_into_the_site(site: Path, private_tmpdir: Path) -> None:
    assert (site / "api-reference.html").is_file()
    assert sorted(path.name for path in private_tmpdir.iterdir()) == []


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing (make test installs it)")
        pytest.skip("chromium missing (apt-get install -y chromium; make test does it)")
    opened = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield opened
    opened.close()


def test_the_site_works_from_disk(site: Path, browser: Browser) -> None:
    """Opened from the file system (make docs, then site/index.html), every nav link opens its
    page, not a folder listing, and search finds "prune" (offline plugin, no server)."""
    home = (site / "index.html").as_uri()
    browser.open(f"{home}?q=prune")
    found = browser.wait_for("document.querySelectorAll('.md-search-result__item').length")
    assert found, browser.evaluate("document.querySelector('.md-search-result__meta')?.innerText")
    browser.open(home)
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]'),"
        " a => a.href)"
    )
    pages = {link.partition("#")[0] for link in links}
    assert len(pages) >= 17, links
    for page in sorted(pages):
        browser.open(page)
        assert page.endswith(".html") and (site / page.rpartition("/")[2]).is_file()
        opened = browser.evaluate("[location.href, document.title, document.body.innerText.length]")
        assert opened[0] == page and "Index of" not in opened[1], opened
        assert opened[2] > 200, opened  # a rendered page (Redoc too), not an empty one
