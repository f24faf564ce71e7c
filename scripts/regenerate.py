"""Regenerate the typed client in generated/ from the OpenAPI spec: the one command.

    python scripts/regenerate.py              # rewrite generated/modelarts_vizjobs_client
    python scripts/regenerate.py --check      # exit 1 with a diff if generated/ is stale
    python scripts/regenerate.py --output DIR # write the package to DIR instead

The generator and ruff are taken from the running interpreter's environment (both pinned by the
lock), and every path is resolved from this file, so the output depends neither on the working
directory nor on any ruff configuration around it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "modelarts-vizjobs.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
TEMPLATES = ROOT / "openapi" / "templates"
TARGET = ROOT / "generated" / "modelarts_vizjobs_client"
#: Build and tool by-products that may sit in generated/ and are not part of the output.
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def generate(dest: Path) -> None:
    """Generate the package into ``dest``, which must not exist yet."""
    bin_dir = Path(sys.executable).parent  # not resolved: a venv's bin/python is a symlink
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        *(sys.executable, "-m", "openapi_python_client", "generate"),
        *("--path", str(SPEC), "--meta", "none", "--config", str(CONFIG)),
        *("--custom-template-path", str(TEMPLATES), "--output-path", str(dest)),
        "--fail-on-warning",
    ]
    result = subprocess.run(
        command, cwd=dest.parent, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
    (dest / "py.typed").write_bytes(b"")
    write_constraints(dest / "constraints.py", env)


#: The keywords of a scalar schema the SDK checks before sending (``_arguments``).
CHECKED = ("minLength", "maxLength", "pattern", "minimum", "maximum", "enum")


def _checks(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: schema[key] for key in CHECKED if key in schema}


def write_constraints(target: Path, env: dict[str, str]) -> None:
    """``constraints.py``: the scalar constraints of every request-body schema property and
    query parameter, so the SDK refuses before sending what the spec refuses."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schemas = {
        name: fields
        for name, schema in sorted(spec["components"]["schemas"].items())
        if (
            fields := {
                field: checks
                for field, prop in schema.get("properties", {}).items()
                if (checks := _checks(prop))
            }
        )
    }
    queries: dict[str, dict[str, Any]] = {}
    for item in spec["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            fields = {
                parameter["name"]: checks
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query" and (checks := _checks(parameter["schema"]))
            }
            if fields:
                queries[operation["operationId"]] = fields
    ordered = dict(sorted(queries.items()))
    header = (TEMPLATES / "generated_header.jinja").read_text(encoding="utf-8")
    target.write_text(
        f"{header}\n"
        '"""The spec\'s constraints on request fields, for checks before sending."""\n\n'
        "from typing import Any\n\n"
        "#: Component schema name -> property -> JSON Schema keyword -> value.\n"
        f"SCHEMAS: dict[str, dict[str, dict[str, Any]]] = {schemas!r}\n\n"
        "#: operationId -> query parameter -> JSON Schema keyword -> value.\n"
        f"QUERY_PARAMETERS: dict[str, dict[str, dict[str, Any]]] = {ordered!r}\n",
        encoding="utf-8",
    )
    ruff = [sys.executable, "-m", "ruff", "format", "--isolated", "--no-cache"]
    subprocess.run(
        [*ruff, "--line-length", "100", "--target-version", "py311", str(target)],
        env=env,
        capture_output=True,
        check=True,
    )


def files(tree: Path) -> dict[str, bytes]:
    """Every file of ``tree`` by relative POSIX path, without caches."""
    return {
        path.relative_to(tree).as_posix(): path.read_bytes()
        for path in sorted(tree.rglob("*"))
        if path.is_file() and not IGNORED.intersection(path.relative_to(tree).parts)
    }


def drift(expected: Path, actual: Path) -> list[str]:
    """Report lines describing how ``actual`` differs from the fresh ``expected`` tree."""
    want, have = files(expected), files(actual)
    report = [f"file missing from the output: {name}" for name in sorted(want.keys() - have)]
    report += [f"stale file in the output: {name}" for name in sorted(have.keys() - want)]
    for name in sorted(want.keys() & have):
        if want[name] != have[name]:
            report += difflib.unified_diff(
                have[name].decode(errors="replace").splitlines(),
                want[name].decode(errors="replace").splitlines(),
                f"committed/{name}",
                f"regenerated/{name}",
                lineterm="",
            )
    return report


def replace(target: Path, fresh: Path) -> None:
    """Swap ``fresh`` in for ``target`` with renames, so no stale file of ``target`` survives."""
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        fresh.rename(target)
        shutil.rmtree(old)
    else:
        fresh.rename(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the output is out of date")
    parser.add_argument("--output", type=Path, default=TARGET, help="package directory to write")
    args = parser.parse_args(argv)
    output: Path = args.output.resolve()
    # A check writes nothing near the output; a write generates next to it so the final swap is a
    # rename on one filesystem.
    scratch_parent = None if args.check else output.parent
    if scratch_parent is not None:
        scratch_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".regenerate-", dir=scratch_parent) as scratch:
        fresh = Path(scratch) / output.name
        started = time.perf_counter()
        generate(fresh)
        elapsed = time.perf_counter() - started
        tools = f"openapi-python-client {version('openapi-python-client')}, ruff {version('ruff')}"
        print(f"generated {output.name} in {elapsed:.2f} s ({tools})")
        if args.check:
            report = drift(fresh, output)
            if report:
                print("\n".join(report))
                print(f"{output} is out of date: run `python scripts/regenerate.py`")
                return 1
            print(f"OK: {output} matches {SPEC.relative_to(ROOT)}")
            return 0
        replace(output, fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
