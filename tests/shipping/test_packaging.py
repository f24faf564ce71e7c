"""The wheel and sdist as a consumer gets them: built by `python -m build`, installed with pip
into a fresh venv, used over a real socket. Run alone with `pytest -m packaging`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.shipping._tree import REPO

pytestmark = pytest.mark.packaging

PACKAGES = ("modelarts_vizjobs", "modelarts_vizjobs_client")
EXAMPLE = REPO / "examples" / "consumer-service"
# The same pytest as the dev lock: only to start a consumer's pytest without the stub extra.
CONSUMER_PYTEST = "pytest==9.2.0"

LIST_DISTRIBUTIONS = (
    "import importlib.metadata as m, json;"
    "print(json.dumps(sorted({d.metadata['Name'] for d in m.distributions()})))"
)
# A consumer's own test, run by pytest inside the fresh venv: the `modelarts_stub` fixture of
# the installed plugin, the facade deleting a job over 127.0.0.1 (the README shows it).
CONSUMER_TEST = """
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from modelarts_vizjobs import ModelArtsVizJobs, NotFoundError


def test_delete_visualization_job(modelarts_stub):
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id)
    assert modelarts_stub.base_url.startswith("http://127.0.0.1:")
    with ModelArtsVizJobs(
        project_id=modelarts_stub.project_id,
        endpoint=modelarts_stub.base_url,
        token=modelarts_stub.token,
    ) as client:
        client.jobs.delete(job_id, wait=True, timeout=30)
        with pytest.raises(NotFoundError):
            client.jobs.get(job_id)
    assert [e.method for e in modelarts_stub.backend.journal].count("DELETE") == 1
"""


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; on failure, say which and show its stderr."""
    args = [str(c) for c in command]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args[:4]} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class Venv:
    """A fresh venv with the wheel installed, and what a consumer saw before any extra."""

    python: Path
    base_distributions: frozenset[str]
    consumer_pytest: subprocess.CompletedProcess[str]


def pip_install(python: Path, *requirements: str) -> None:
    run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements)


def distributions(python: Path) -> frozenset[str]:
    names = json.loads(run(python, "-c", LIST_DISTRIBUTIONS).stdout)
    return frozenset(canonicalize_name(name) for name in names)


def stub_extra(wheel: Path) -> frozenset[str]:
    """Distributions the wheel requires only with the `stub` extra, on this platform."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(name).decode())
    found = set()
    for line in metadata.get_all("Requires-Dist", []):
        requirement = Requirement(line)
        marker = requirement.marker
        if marker and marker.evaluate({"extra": "stub"}) and not marker.evaluate({"extra": ""}):
            found.add(canonicalize_name(requirement.name))
    return frozenset(found)


def consumer_pytest(python: Path, project: Path) -> subprocess.CompletedProcess[str]:
    """pytest as a consuming project runs it: every installed pytest11 plugin is loaded."""
    return subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=project,
    )


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """sdist, then the wheel built from that sdist (build's default), once per session."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, REPO)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return Dist(wheel, sdist)


@pytest.fixture(scope="session")
def venv(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    root = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", root)
    python = root / "bin" / "python"
    pip_install(python, str(dist.wheel))
    base = distributions(python)
    pip_install(python, CONSUMER_PYTEST)
    return Venv(python, base, consumer_pytest(python, tmp_path_factory.mktemp("consumer")))


def test_wheel_ships_both_packages_typed_with_entry_points(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        declared = wheel.read(entry_points).decode()
    assert {f"{package}/py.typed" for package in PACKAGES} <= names
    assert "modelarts-vizjobs = modelarts_vizjobs.cli:main" in declared
    assert "modelarts_vizjobs.stub.pytest_plugin" in declared


def test_sdist_carries_the_spec_and_the_changelog(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "openapi/modelarts-vizjobs.yaml",
    } <= names


def test_wheel_alone_brings_the_sdk_but_not_the_stub_server(venv: Venv, dist: Dist) -> None:
    assert {"modelarts-vizjobs", "httpx", "attrs", "click"} <= venv.base_distributions
    server_deps = stub_extra(dist.wheel)
    assert "uvicorn" in server_deps
    assert not server_deps & venv.base_distributions
    imported = run(
        venv.python,
        "-c",
        "import modelarts_vizjobs, modelarts_vizjobs_client; print(modelarts_vizjobs.__name__)",
    )
    assert imported.stdout.strip() == "modelarts_vizjobs"
    cli = run(venv.python.parent / "modelarts-vizjobs", "--help")
    assert "Usage:" in cli.stdout


def test_consumer_pytest_starts_without_the_stub_extra(venv: Venv) -> None:
    # Exit code 5 is "no tests collected": the plugin loaded without the stub extra.
    assert venv.consumer_pytest.returncode == 5, (
        venv.consumer_pytest.stdout + venv.consumer_pytest.stderr
    )


def test_stub_extra_lets_a_consumer_test_delete_a_job_over_a_socket(
    venv: Venv, dist: Dist, tmp_path: Path
) -> None:
    pip_install(venv.python, f"{dist.wheel}[stub]")
    assert distributions(venv.python) >= stub_extra(dist.wheel)
    (tmp_path / "test_consumer.py").write_text(CONSUMER_TEST, encoding="utf-8")
    result = consumer_pytest(venv.python, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


def test_the_worked_example_passes_its_own_tests_on_the_wheel(
    venv: Venv, dist: Dist, tmp_path: Path
) -> None:
    """examples/consumer-service installed as a consumer would: its pin must admit this
    version, and pip takes the SDK from the wheel, not from an index."""
    import tomllib

    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]
    ]
    sdk_pins = [r for r in pins if canonicalize_name(r.name) == "modelarts-vizjobs"]
    version = Version(dist.wheel.name.split("-")[1])
    assert sdk_pins and all(str(r.specifier).startswith("~=") for r in sdk_pins)
    assert all(r.specifier.contains(version) for r in sdk_pins), (sdk_pins, version)

    example = shutil.copytree(
        EXAMPLE, tmp_path / "consumer-service", ignore=shutil.ignore_patterns("__pycache__")
    )
    pip_install(venv.python, f"{dist.wheel}[stub]", f"{example}[test]")
    result = consumer_pytest(venv.python, example)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "7 passed" in result.stdout
