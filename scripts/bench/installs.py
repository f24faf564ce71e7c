"""What a run compares with, installed into ``.bench/`` (never into the project's .venv)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .harness import ROOT, SCRATCH, log

PRISM_PACKAGE = "@stoplight/prism-cli@5.16.0"
PRISM_BIN = SCRATCH / "node_modules" / ".bin" / "prism"
ANCHOR_PINS = ("huaweicloudsdkmodelarts==3.1.219", "otcextensions==0.34.8")
ANCHOR_VENV = SCRATCH / "venv-anchors"
CLEAN_VENV = SCRATCH / "venv-clean"


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    log("installing wrk with apt-get")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk")


def ensure_prism() -> Path | None:
    if PRISM_BIN.exists():
        return PRISM_BIN
    npm = shutil.which("npm")
    if not npm:
        return None
    log(f"installing {PRISM_PACKAGE} into .bench/node_modules")
    SCRATCH.mkdir(exist_ok=True)
    package_json = SCRATCH / "package.json"
    if not package_json.exists():
        package_json.write_text('{"private": true}\n')
    subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--save-exact",
            PRISM_PACKAGE,
        ],
        cwd=SCRATCH,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return PRISM_BIN if PRISM_BIN.exists() else None


def ensure_venv(
    venv: Path, install: list[str], stamp_text: str, *, update: list[str] | None = None
) -> Path | None:
    """A venv under .bench with *install* done (pip arguments), redone when *stamp_text*
    changes: with *update* (pip arguments) in the existing venv, else from scratch."""
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if python.exists() and stamp.exists() and stamp.read_text() == stamp_text:
        return python
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if update and python.exists() and stamp.exists():
        install = update
    else:
        base = getattr(sys, "_base_executable", sys.executable)
        if subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=False).returncode:
            return None
    log(f"installing {' '.join(install)} into {venv.relative_to(ROOT)}")
    if subprocess.run([*pip, *install], check=False).returncode != 0:
        return None
    stamp.write_text(stamp_text)
    return python


def ensure_anchor_venv() -> Path | None:
    """The official SDKs, pinned, in their own venv (never in the project's .venv)."""
    return ensure_venv(ANCHOR_VENV, list(ANCHOR_PINS), "\n".join(ANCHOR_PINS))


def ensure_clean_venv() -> Path | None:
    """This SDK installed as a user gets it: a built wheel (pip compiles its .pyc files, as it
    did for the anchors) with its runtime dependencies only, at the locked versions. The dev
    .venv is no fair place: there our sources run without .pyc when PYTHONDONTWRITEBYTECODE is
    set, and ``import httpx`` also loads rich and pygments (for httpx's CLI)."""
    lock = ROOT / "requirements" / "dev.lock"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock.read_bytes())
    for folder in ("src", "generated"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    install = ["-c", str(lock), str(ROOT)]
    update = ["--no-deps", "--force-reinstall", str(ROOT)]
    return ensure_venv(CLEAN_VENV, install, digest.hexdigest(), update=update)


GRANIAN_PIN = "granian==2.8.7"
GRANIAN_DIR = SCRATCH / "granian"


def ensure_granian() -> Path | None:
    """granian (a server candidate) in ``.bench/granian``, put on PYTHONPATH beside the project's
    .venv when it runs (it needs only click, which the .venv has): never in the .venv itself."""
    stamp = GRANIAN_DIR / ".installed"
    if stamp.exists() and stamp.read_text() == GRANIAN_PIN:
        return GRANIAN_DIR
    log(f"installing {GRANIAN_PIN} into {GRANIAN_DIR.relative_to(ROOT)}")
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    target = ["--no-deps", "--upgrade", "--target", str(GRANIAN_DIR), GRANIAN_PIN]
    if subprocess.run([*pip, *target], check=False).returncode != 0:
        return None
    stamp.write_text(GRANIAN_PIN)
    return GRANIAN_DIR
