"""Temp copies of the source tree and the edits the shipping tests make to them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from scripts.check_breaking import SPEC, load_yaml

REPO = Path(__file__).resolve().parents[2]
# What the guard reads: the version, the spec and the packages the wheel ships.
TREE = ("pyproject.toml", "openapi", "src", "generated")


def copy_tree(dest: Path) -> Path:
    """Copy what the guard reads from the repository to ``dest``."""
    for name in TREE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, dest / name)
    return dest


def edit_spec(root: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """Apply ``edit`` to the parsed spec of the tree at ``root`` and write it back."""
    path = root / SPEC
    document = load_yaml(path)
    edit(document)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(document, Dumper=dumper, sort_keys=False), encoding="utf-8")


def edit_file(path: Path, old: str, new: str) -> None:
    """Replace text in a file of the copy, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_version(root: Path, version: str) -> None:
    """Bump the version everywhere it is written: pyproject.toml, _version.py, info.version."""
    old = str(load_yaml(root / SPEC)["info"]["version"])
    for path in (root / "pyproject.toml", root / "src/modelarts_vizjobs/_version.py"):
        if path.exists() and f'"{old}"' in path.read_text(encoding="utf-8"):
            edit_file(path, f'"{old}"', f'"{version}"')
    edit_spec(root, lambda spec: spec["info"].update(version=version))
