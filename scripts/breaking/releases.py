"""Releases kept as files under releases/<version>/: which exist, and writing and reading
their snapshots (the spec, and a deterministic archive of the packages' API sources).
"""

from __future__ import annotations

import gzip
import io
import shutil
import tarfile
from collections.abc import Mapping
from pathlib import Path

from packaging.version import InvalidVersion, Version

from .project import SPEC, Project

RELEASES = Path("releases")
RELEASED_SPEC = "openapi.yaml"
RELEASED_PYTHON = "python-api.tar.gz"
API_SUFFIXES = (".py", ".pyi")  # with py.typed: all griffe reads of a package


def released_versions(root: Path) -> list[Version]:
    """Versions with a snapshot under releases/, oldest first."""
    found = []
    for entry in (root / RELEASES).glob("*/"):
        try:
            version = Version(entry.name)
        except InvalidVersion:
            continue
        if (entry / RELEASED_SPEC).is_file():
            found.append(version)
    return sorted(found)


def snapshot(project: Project) -> Path:
    """Write the spec and an archive of the wheel's package sources to releases/<version>/."""
    dest = project.root / RELEASES / str(project.version)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copyfile(project.root / SPEC, dest / RELEASED_SPEC)
    (dest / RELEASED_PYTHON).write_bytes(archive_api(project.packages))
    return dest


def api_files(packages: Mapping[str, Path]) -> list[tuple[str, Path]]:
    """``(archive name, file)`` of every file griffe reads in the packages, sorted by name."""
    found = []
    for name, search_path in packages.items():
        for path in (search_path / name).rglob("*"):
            wanted = path.suffix in API_SUFFIXES or path.name == "py.typed"
            if wanted and path.is_file() and "__pycache__" not in path.parts:
                found.append((path.relative_to(search_path).as_posix(), path))
    return sorted(found)


def archive_api(packages: Mapping[str, Path]) -> bytes:
    """A tar.gz of the packages' API files that depends on their names and bytes only: sorted
    entries, no directories, mtime 0, uid/gid 0, no user names, mode 0644, gzip header mtime 0
    and no file name."""
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for name, path in api_files(packages):
            data = path.read_bytes()
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            info.uid, info.gid, info.uname, info.gname = 0, 0, "", ""
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def extract_api(archive: Path, dest: Path) -> dict[str, Path]:
    """Unpack a release archive into ``dest``: import name -> directory griffe searches it in."""
    with tarfile.open(archive, mode="r:gz") as tar:
        tar.extractall(dest, filter="data")  # no absolute paths, no links out of dest
    return {package.name: dest for package in sorted(dest.iterdir()) if package.is_dir()}
