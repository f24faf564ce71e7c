"""Breaking-change guard: compare the SDK and its spec with the last release kept in the repo.

    python scripts/check_breaking.py                    # check the tree against releases/<latest>/
    python scripts/check_breaking.py --release          # check, then snapshot this version
    python scripts/check_breaking.py --release --force  # re-snapshot an existing version

Two surfaces are compared with the last released version:

* the public Python API of every package the wheel ships (``[tool.hatch.build.targets.wheel]``
  ``packages`` in pyproject.toml), with griffe: removed objects, removed or renamed parameters,
  parameters that became required...;
* the OpenAPI spec: removed operations, removed or renamed parameters, new required parameters
  or fields, removed response fields or statuses, and narrowed types (a request that used to be
  valid is refused: type change, new enum restriction, tighter bounds or pattern) or widened
  ones (a response the released client could not read: new type, new enum value).

Exit status 1 when a breaking change arrives without a major version bump (SemVer; in 0.x a
minor bump is enough), or when pyproject.toml's version and the spec's ``info.version`` differ.

Releases are kept as files, so a fresh clone without tags can be checked:
``releases/<version>/openapi.yaml`` (the released spec, plain YAML) and
``releases/<version>/python-api.tar.gz`` (the released ``.py``/``.pyi``/``py.typed`` files of the
packages, extracted to a temporary directory and loaded by griffe like the working tree). The
sources are archived, not copied, so linters, type checkers and duplicate finders never see them
as twins of the tree; the archive is deterministic, so re-snapshotting an unchanged tree gives
the same bytes.

The parts live in ``scripts/breaking/``, one concern a module; this file is the command and
re-exports the names the tests import.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

if not __package__:  # run by path: Python put scripts/ on sys.path, not the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    # Leave the checkout as the single-file guard did: no scripts/breaking/__pycache__ (the CI
    # regeneration job and its test expect a clean `git status` after running the guard).
    sys.dont_write_bytecode = True

from scripts.breaking.project import SPEC, Project, load_yaml
from scripts.breaking.releases import (
    RELEASED_PYTHON,
    RELEASED_SPEC,
    RELEASES,
    released_versions,
    snapshot,
)
from scripts.breaking.spec_view import SpecView
from scripts.breaking.verdict import allows_breaking, guard, next_breaking

__all__ = [
    "RELEASED_PYTHON",
    "RELEASED_SPEC",
    "RELEASES",
    "SPEC",
    "Project",
    "SpecView",
    "allows_breaking",
    "load_yaml",
    "main",
    "next_breaking",
    "released_versions",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--release", action="store_true", help="snapshot the current version")
    parser.add_argument("--force", action="store_true", help="with --release: overwrite it")
    args = parser.parse_args(argv)
    logging.getLogger("griffe").setLevel(logging.ERROR)

    project = Project.read(args.root.resolve())
    spec_version = str(project.spec["info"]["version"])
    if spec_version != str(project.version):
        print(
            f"FAIL: {project.version_source} version {project.version} != {SPEC} info.version "
            f"{spec_version}: bump both together"
        )
        return 1
    released = released_versions(project.root)
    if args.release:
        if project.version in released and not args.force:
            print(f"FAIL: {project.version} is already released (--force re-snapshots it)")
            return 1
        released = [v for v in released if v != project.version]
    if not released:
        print(f"OK: no earlier release under {RELEASES}/ to compare {project.version} with")
    elif not guard(project, released[-1]):
        return 1
    if args.release:
        print(f"released {project.version}: {snapshot(project).relative_to(project.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
