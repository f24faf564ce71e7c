"""What a user's type checker sees of the installed wheel: `pyright --verifytypes` (the pinned
pyright of package.json) on the wheel built from this tree reports every exported symbol with a
known type and every public function and class documented."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.shipping._tree import REPO

PYRIGHT = REPO / "node_modules/.bin/pyright"


def _gaps(completeness: dict[str, Any]) -> list[str]:
    """One line per symbol pyright faults (the cause: an attribute without a declared type, a
    missing docstring), then the exported ones that are only partially known through them."""
    causes, exported = [], []
    for symbol in completeness["symbols"]:
        messages = [d["message"].splitlines()[0] for d in symbol.get("diagnostics", [])]
        if messages:
            causes.append(f"{symbol['name']}: {'; '.join(messages)}")
        elif symbol["isExported"] and not symbol["isTypeKnown"]:
            exported.append(f"{symbol['name']}: partially unknown")
    return sorted(causes) + sorted(exported)


@pytest.mark.skipif(
    not PYRIGHT.exists() and not os.environ.get("CI"),
    reason="node_modules missing (make node); never skipped in CI",
)
def test_the_wheel_is_fully_typed_for_its_users(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(REPO)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # The wheel first on the path; its dependencies (httpx, attrs, ...) from this interpreter,
    # found as `python` on PATH (--verifytypes does not resolve imports through --pythonpath:
    # every class derived from httpx.Auth would be reported with an unknown base).
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    done = subprocess.run(
        [
            str(PYRIGHT),
            "--verifytypes",
            "modelarts_vizjobs",
            "--ignoreexternal",
            "--outputjson",
        ],
        cwd=tmp_path,
        env={**os.environ, "PATH": path, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    completeness = json.loads(done.stdout)["typeCompleteness"]
    assert Path(completeness["packageRootDirectory"]).is_relative_to(site)
    gaps = _gaps(completeness)
    undocumented = (
        completeness["missingFunctionDocStringCount"],
        completeness["missingClassDocStringCount"],
    )
    assert (completeness["completenessScore"], undocumented, gaps) == (1.0, (0, 0), []), (
        f"type completeness {completeness['completenessScore']:.1%}, "
        f"undocumented functions/classes {undocumented}:\n" + "\n".join(gaps)
    )
