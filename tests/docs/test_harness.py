"""The doc-example harness itself: which pages it collects, how console blocks are read and
compared (a harness that accepted anything would make every docs test a placeholder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.harness import REPO, Console, documentation_sybil, output_matches, parse_console


def test_readme_and_every_docs_page_are_collected_and_nothing_else() -> None:
    sybil = documentation_sybil()
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    assert all(sybil.should_parse(page) for page in pages)
    assert not sybil.should_parse(REPO / "openapi/templates/README.md")
    assert not sybil.should_parse(REPO / "CHANGELOG.md")
    assert sybil.should_parse(REPO / "docs/a-page-another-branch-adds.md")


def test_console_blocks_pair_commands_with_their_output() -> None:
    block = "$ one --flag \\\n    continued\nout 1\nout 2\n$ two\n$ three\nlast\n"
    assert parse_console(block) == [
        ("one --flag \\\n    continued", "out 1\nout 2"),
        ("two", ""),
        ("three", "last"),
    ]
    with pytest.raises(ValueError, match="must start"):
        parse_console("output before any command\n$ cmd\n")


@pytest.mark.parametrize(
    ("expected", "got", "matches"),
    [
        ("a  b\n...\nz", "a b\nanything\nat all\nz\n", True),
        ("job 3: deleted", "job 3:   deleted\n", True),
        ("exit 5", "exit 4\n", False),
        ("ID ... NAME", "ID NAME", False),
        ("request id: ...)", "request id: abc)", True),
    ],
)
def test_output_is_compared_loosely_but_not_blindly(expected: str, got: str, matches: bool) -> None:
    assert output_matches(expected, got) is matches


def test_console_keeps_exports_and_unsets_and_reports_the_exit_status(tmp_path: Path) -> None:
    console = Console(tmp_path, {"PATH": "/usr/bin:/bin", "KEEP": "1", "DROP": "1"})
    assert console.run("export ADDED=yes; unset DROP") == (0, "")
    assert console.run('echo "$KEEP$ADDED${DROP:-gone}"') == (0, "1yesgone\n")
    assert console.run("echo oops >&2; exit 3") == (3, "oops\n")


def test_a_failing_command_needs_its_failure_documented(tmp_path: Path) -> None:
    from sybil import Document, Example, Region

    console = Console(tmp_path, {"PATH": "/usr/bin:/bin"})

    def evaluate(source: str) -> str | None:
        document = Document(source, str(tmp_path / "page.md"))
        region = Region(0, len(source), parsed=source, evaluator=console.evaluate)
        return console.evaluate(Example(document, 1, 1, region, {}))

    assert evaluate("$ echo hello; exit 3\nhello\n") is None
    assert "exited with 3" in (evaluate("$ echo hello; exit 3\n") or "")
    assert "expected" in (evaluate("$ echo hello\nbye\n") or "")
