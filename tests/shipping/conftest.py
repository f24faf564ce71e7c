"""Fixtures of the shipping tests: temp copies of the tree, never the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.check_breaking import main
from tests.shipping._tree import copy_tree, set_version


@pytest.fixture(scope="session")
def released_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tree, snapshotted as released by the guard's own --release."""
    root = copy_tree(tmp_path_factory.mktemp("released"))
    set_version(root, "1.0.0")  # the tests below speak of 1.0.0, whatever the tree's version
    assert main(["--root", str(root), "--release"]) == 0
    return root


@pytest.fixture
def tree(released_tree: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the released tree for one test."""
    root = tmp_path / "tree"
    shutil.copytree(released_tree, root)
    return root
