"""Session summary of the contract suite: Schemathesis cases executed per phase."""

from __future__ import annotations

import pytest

from contract_tests._tally import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the case counts whether or not output capture (`-s`) is on."""
    lines = list(TALLY.lines())
    if lines:
        terminalreporter.section("schemathesis cases per phase")
        for line in lines:
            terminalreporter.write_line(line)
