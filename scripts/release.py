"""Release helpers the ``release`` workflow runs on a ``vX.Y.Z`` tag.

    python scripts/release.py check v1.1.0     # the tag, _version.py and info.version agree
    python scripts/release.py notes 1.1.0      # that version's CHANGELOG.md section (Markdown)

``check`` prints the version (for ``$GITHUB_OUTPUT``) and fails with every disagreement;
``notes`` fails when the changelog has no section for the version or it is empty, so a
release never goes out with blank notes.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = Path("src/modelarts_vizjobs/_version.py")
SPEC = Path("openapi/modelarts-vizjobs.yaml")
CHANGELOG = Path("CHANGELOG.md")
TAG = re.compile(r"v(?P<version>(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*))")
_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\]", re.M)


class ReleaseError(Exception):
    """What stops the release, in words for the log."""


def package_version(root: Path) -> str:
    """``__version__`` of _version.py, read without importing the package."""
    tree = ast.parse((root / VERSION_FILE).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise ReleaseError(f"{VERSION_FILE} assigns no __version__ string")


def spec_version(root: Path) -> str:
    spec = yaml.safe_load((root / SPEC).read_text(encoding="utf-8"))
    return str(spec["info"]["version"])


def check(tag: str, root: Path) -> str:
    """The version the tag names, when _version.py and the spec's info.version say the same."""
    match = TAG.fullmatch(tag)
    if match is None:
        raise ReleaseError(f"tag {tag!r} is not vX.Y.Z")
    version = match["version"]
    found = {str(VERSION_FILE): package_version(root), f"{SPEC} info.version": spec_version(root)}
    wrong = [f"{where} is {value}" for where, value in found.items() if value != version]
    if wrong:
        raise ReleaseError(f"tag {tag} names {version}, but " + " and ".join(wrong))
    return version


def notes(version: str, changelog: str) -> str:
    """The body of the ``## [version]`` section, without its heading."""
    headings = list(_HEADING.finditer(changelog))
    for index, heading in enumerate(headings):
        if heading["version"] == version:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(changelog)
            body = changelog[heading.end() : end]
            body = body.split("\n", 1)[1] if "\n" in body else ""  # rest of the heading line
            body = re.split(r"^\[[^\]]+\]: ", body, flags=re.M)[0]  # link references
            if not body.strip():
                raise ReleaseError(f"the {CHANGELOG} section of {version} is empty")
            return body.strip() + "\n"
    raise ReleaseError(f"{CHANGELOG} has no '## [{version}]' section")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="tag == _version.py == info.version").add_argument("tag")
    commands.add_parser("notes", help="the version's changelog section").add_argument("version")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            print(check(args.tag, args.root))
        else:
            text = (args.root / CHANGELOG).read_text(encoding="utf-8")
            sys.stdout.write(notes(args.version, text))
    except ReleaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
