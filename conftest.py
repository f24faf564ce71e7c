"""Collects the documentation's examples: README.md and docs/*.md (see tests/docs/harness.py),
each page one xdist group whose examples run together and in order (tests/docs/_placement.py)."""

from tests.docs._placement import (
    page_collector,
    pytest_collection_finish,
    pytest_configure,
    pytest_runtest_call,
)
from tests.docs.harness import documentation_sybil

__all__ = [
    "pytest_collect_file",
    "pytest_collection_finish",
    "pytest_configure",
    "pytest_runtest_call",
]

pytest_collect_file = page_collector(documentation_sybil())
