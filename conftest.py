"""Collects the documentation's examples: README.md and docs/*.md (see tests/docs/harness.py)."""

from tests.docs.harness import documentation_sybil

pytest_collect_file = documentation_sybil().pytest()
