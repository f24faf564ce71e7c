"""What the guard reads from a source tree: its version, its spec and the wheel's packages."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from packaging.version import Version

SPEC = Path("openapi/modelarts-vizjobs.yaml")

# hatchling's default pattern for [tool.hatch.version] path = "..."
HATCH_VERSION = re.compile(r"""(?im)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\2""")


@dataclass(frozen=True)
class Project:
    """What the guard reads from a source tree."""

    root: Path
    version: Version
    version_source: str  # pyproject.toml, or the file a dynamic version is read from
    spec: dict[str, Any]
    packages: dict[str, Path]  # import name -> directory griffe searches it in

    @classmethod
    def read(cls, root: Path) -> Project:
        pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
        version, version_source = _project_version(root, pyproject)
        return cls(
            root=root,
            version=Version(version),
            version_source=version_source,
            spec=load_yaml(root / SPEC),
            packages={Path(p).name: root / Path(p).parent for p in wheel["packages"]},
        )


def _project_version(root: Path, pyproject: Mapping[str, Any]) -> tuple[str, str]:
    """``[project] version``, or the file hatchling reads it from when it is dynamic."""
    if "version" in pyproject["project"]:
        return str(pyproject["project"]["version"]), "pyproject.toml"
    source = pyproject["tool"]["hatch"]["version"]["path"]
    match = HATCH_VERSION.search((root / source).read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"no __version__ in {source}")
    return match["version"], source


def load_yaml(path: Path) -> Any:
    """Parse a YAML file, with libyaml when PyYAML has it (the spec takes 0.2 s in pure Python)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
