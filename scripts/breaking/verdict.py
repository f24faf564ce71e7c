"""Whether a version may carry the breaking changes found since a release (SemVer), printed."""

from __future__ import annotations

import tempfile
from pathlib import Path

from packaging.version import Version

from .breakage import Breakage
from .project import Project, load_yaml
from .python_api import diff_python
from .releases import RELEASED_PYTHON, RELEASED_SPEC, RELEASES, extract_api
from .spec_diff import diff_spec


def allows_breaking(released: Version, current: Version) -> bool:
    """SemVer: a major bump, or a minor bump while still in 0.x."""
    if released.major == 0:
        return (current.major, current.minor) > (released.major, released.minor)
    return current.major > released.major


def next_breaking(released: Version) -> str:
    """The smallest version allowed to break the API of ``released``."""
    if released.major == 0:
        return f"0.{released.minor + 1}.0"
    return f"{released.major + 1}.0.0"


def check(project: Project, baseline: Version) -> list[Breakage]:
    """Every breaking change between releases/<baseline>/ and the working tree."""
    release = project.root / RELEASES / str(baseline)
    old_spec = load_yaml(release / RELEASED_SPEC)
    with tempfile.TemporaryDirectory(prefix="released-api-") as extracted:
        released = extract_api(release / RELEASED_PYTHON, Path(extracted))
        return diff_spec(old_spec, project.spec) + diff_python(released, project.packages)


def guard(project: Project, baseline: Version) -> bool:
    """Print every breaking change since ``baseline`` and whether the version allows them."""
    if project.version < baseline:
        print(f"FAIL: version {project.version} is lower than the last release {baseline}")
        return False
    breakages = check(project, baseline)
    for breakage in breakages:
        print(breakage)
    if breakages and not allows_breaking(baseline, project.version):
        print(
            f"FAIL: {len(breakages)} breaking change(s) since {baseline} without a major version "
            f"bump (version is {project.version}; breaking needs {next_breaking(baseline)} "
            f"in {project.version_source} and the spec's info.version)"
        )
        return False
    verdict = "allowed by the major bump" if breakages else "no breaking change"
    print(f"OK: {project.version} vs release {baseline}: {verdict}")
    return True
