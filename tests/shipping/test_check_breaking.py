"""scripts/check_breaking.py on temp copies of the tree: what it catches, what it lets through."""

from __future__ import annotations

import os
import re
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from scripts.check_breaking import (
    RELEASED_PYTHON,
    RELEASED_SPEC,
    RELEASES,
    Project,
    allows_breaking,
    main,
    next_breaking,
    released_versions,
)
from tests.shipping._tree import REPO, edit_file, edit_spec, set_version

LIST = "/v1/{project_id}/visualization-jobs"
ONE = "/v1/{project_id}/visualization-jobs/{job_id}"
GENERATED = Path("generated/modelarts_vizjobs_client")
PACKAGES = (Path("src/modelarts_vizjobs"), GENERATED)


def run_guard(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    status = main(["--root", str(root), *args])
    return status, capsys.readouterr().out.splitlines()


def schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]


def query_param(spec: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in spec["paths"][LIST]["get"]["parameters"] if p.get("name") == name)


def rename_identifier(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"\b{old}\b", text), f"{old} not in {path}"
    path.write_text(re.sub(rf"\b{old}\b", new, text), encoding="utf-8")


def remove_field(spec: dict[str, Any], schema_name: str, field: str) -> None:
    target = schema(spec, schema_name)
    del target["properties"][field]
    target["required"] = [f for f in target.get("required", []) if f != field]


def remove_operation(spec: dict[str, Any]) -> None:
    del spec["paths"][ONE]["delete"]


def rename_facade_delete_wait(root: Path) -> None:
    """``client.jobs.delete(job_id, wait=...)`` -> ``block=...``, wherever ``Jobs`` lives."""
    (module,) = [
        p for p in (root / "src").rglob("*.py") if re.search(r"^class Jobs\b", p.read_text(), re.M)
    ]
    text = module.read_text(encoding="utf-8")
    renamed = re.sub(r"(def delete\(\s*self,\s*job_id[^)]*?)\bwait\b", r"\1block", text)
    assert renamed != text
    module.write_text(renamed, encoding="utf-8")


def drop_from_all(root: Path, name: str) -> None:
    init = root / "src/modelarts_vizjobs/__init__.py"
    edit_file(init, f'    "{name}",\n', "")


Edit = Callable[[Path], None]
LIST_OP = f"spec: GET {LIST} (list_visualization_jobs)"

# (edit of the tree, a line the guard must print: exact text, or a regex when it has a line number)
BREAKING: dict[str, tuple[Edit, str]] = {
    "removed operation": (
        lambda root: edit_spec(root, remove_operation),
        f"spec: DELETE {ONE} (delete_visualization_job): operation removed",
    ),
    "renamed parameter (spec)": (
        lambda root: edit_spec(root, lambda s: query_param(s, "sortBy").update(name="sort_by")),
        f"{LIST_OP} query parameter `sortBy`: parameter removed (renamed to `sort_by`?)",
    ),
    "renamed parameter (python)": (
        lambda root: rename_identifier(
            root / GENERATED / "api/visualization_jobs/delete_visualization_job.py", "job_id", "id"
        ),
        r"python: modelarts_vizjobs_client/api/visualization_jobs/delete_visualization_job\.py:"
        r"\d+: modelarts_vizjobs_client\.api\.visualization_jobs\.delete_visualization_job\.sync: "
        r"Parameter was removed: `job_id`",
    ),
    "renamed facade parameter (python)": (
        rename_facade_delete_wait,
        r"python: modelarts_vizjobs/\S+\.py:\d+: modelarts_vizjobs\.\S*Jobs\.delete: "
        r"Parameter was removed: `wait` \(used as modelarts_vizjobs\.ModelArtsVizJobs\.jobs\)",
    ),
    "export dropped from __all__ (python)": (
        lambda root: drop_from_all(root, "NotFoundError"),
        "python: modelarts_vizjobs/__init__.py: modelarts_vizjobs.NotFoundError: "
        "Public object was removed from __all__",
    ),
    "removed response field (spec)": (
        lambda root: edit_spec(
            root, lambda s: remove_field(s, "ListVisualizationJobsResponse", "job_total_count")
        ),
        f"{LIST_OP} response 200 body $.job_total_count: field removed",
    ),
    "removed response field (python)": (
        lambda root: rename_identifier(
            root / GENERATED / "models/list_visualization_jobs_response.py",
            "job_total_count",
            "total",
        ),
        r"python: modelarts_vizjobs_client/models/list_visualization_jobs_response\.py:\d+: "
        r".*ListVisualizationJobsResponse\.job_total_count: Public object was removed: attribute",
    ),
    "tighter maximum": (
        lambda root: edit_spec(
            root, lambda s: query_param(s, "per_page")["schema"].update(maximum=100)
        ),
        f"{LIST_OP} query parameter `per_page`: maximum tightened from 1000 to 100",
    ),
    "enum restriction": (
        lambda root: edit_spec(root, lambda s: schema(s, "SortOrder").update(enum=["asc"])),
        f"{LIST_OP} query parameter `order`: enum values no longer accepted: ['desc']",
    ),
    "request type change": (
        lambda root: edit_spec(
            root,
            lambda s: schema(s, "UpdateVisualizationJobRequest")["properties"]["job_desc"].update(
                type="integer"
            ),
        ),
        f"spec: PUT {ONE} (update_visualization_job) request body (application/json) "
        "$.job_desc: type changed from string to integer",
    ),
    "new required field": (
        lambda root: edit_spec(
            root,
            lambda s: schema(s, "CreateVisualizationJobRequest")["required"].append("job_type"),
        ),
        f"spec: POST {LIST} (create_visualization_job) request body (application/json) "
        "$.job_type: field is now required",
    ),
    "new required parameter": (
        lambda root: edit_spec(
            root,
            lambda s: s["paths"][LIST]["get"]["parameters"].append(
                {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
            ),
        ),
        f"{LIST_OP} query parameter `region`: new required parameter",
    ),
    "removed response status": (
        lambda root: edit_spec(root, lambda s: s["paths"][ONE]["delete"]["responses"].pop("404")),
        f"spec: DELETE {ONE} (delete_visualization_job) response 404: response status removed",
    ),
    "dropped authentication": (
        lambda root: edit_spec(
            root, lambda s: s["paths"][ONE]["delete"].update(security=[{"AuthToken": []}])
        ),
        f"spec: DELETE {ONE} (delete_visualization_job): authentication AkSk no longer accepted",
    ),
    "widened response type": (
        lambda root: edit_spec(
            root,
            lambda s: schema(s, "VisualizationJob")["properties"]["job_name"].update(
                type=["string", "null"]
            ),
        ),
        f"{LIST_OP} response 200 body $.jobs[].job_name: type changed from string to null|string",
    ),
}


@pytest.mark.parametrize("case", list(BREAKING))
def test_breaking_change_without_major_bump_fails_and_says_where(
    case: str, tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit, expected = BREAKING[case]
    edit(tree)
    status, lines = run_guard(tree, capsys)
    assert status == 1
    assert any(line == expected or re.fullmatch(expected, line) for line in lines), lines
    assert lines[-1].startswith("FAIL: ") and "without a major version bump" in lines[-1]


def add_everything_optional(spec: dict[str, Any]) -> None:
    query = spec["paths"][LIST]["get"]["parameters"]
    query.append({"name": "label", "in": "query", "required": False, "schema": {"type": "string"}})
    query_param(spec, "per_page")["schema"]["maximum"] = 5000
    schema(spec, "SortBy")["enum"].append("duration")
    schema(spec, "VisualizationJob")["properties"]["labels"] = {
        "type": "array",
        "items": {"type": "string"},
    }
    spec["paths"][f"{ONE}/logs"] = {
        "get": {
            "operationId": "get_visualization_job_logs",
            "parameters": [
                {"$ref": "#/components/parameters/ProjectId"},
                {"$ref": "#/components/parameters/JobId"},
            ],
            "responses": {"200": {"description": "Logs.", "content": {"text/plain": {}}}},
        }
    }


def test_additive_changes_pass(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_spec(tree, add_everything_optional)
    with (tree / GENERATED / "types.py").open("a", encoding="utf-8") as types:
        types.write("\n\ndef new_public_helper(value: int = 0) -> int:\n    return value\n")
    status, lines = run_guard(tree, capsys)
    assert (status, lines) == (0, ["OK: 1.0.0 vs release 1.0.0: no breaking change"])


def test_breaking_change_with_major_bump_passes_and_is_listed(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_spec(tree, remove_operation)
    set_version(tree, "2.0.0")
    status, lines = run_guard(tree, capsys)
    assert status == 0
    assert f"spec: DELETE {ONE} (delete_visualization_job): operation removed" in lines
    assert lines[-1] == "OK: 2.0.0 vs release 1.0.0: allowed by the major bump"


def test_version_tie_between_pyproject_and_spec_is_enforced(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_spec(tree, lambda spec: spec["info"].update(version="1.1.0"))
    source = Project.read(tree).version_source
    assert run_guard(tree, capsys) == (
        1,
        [
            f"FAIL: {source} version 1.0.0 != openapi/modelarts-vizjobs.yaml info.version 1.1.0: "
            "bump both together"
        ],
    )


def test_dynamic_version_is_read_from_the_hatch_version_file(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pyproject = tree / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    if 'dynamic = ["version"]' not in text:
        text = text.replace('version = "1.0.0"\n', 'dynamic = ["version"]\n')
        text += '\n[tool.hatch.version]\npath = "src/modelarts_vizjobs/_version.py"\n'
        pyproject.write_text(text, encoding="utf-8")
    edit_file(tree / "src/modelarts_vizjobs/_version.py", '"1.0.0"', '"1.0.1"')
    status, lines = run_guard(tree, capsys)
    assert status == 1
    assert lines[0].startswith("FAIL: src/modelarts_vizjobs/_version.py version 1.0.1 != ")


def test_version_going_backwards_fails(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_version(tree, "0.9.0")
    assert run_guard(tree, capsys) == (
        1,
        ["FAIL: version 0.9.0 is lower than the last release 1.0.0"],
    )


def test_release_snapshots_once_and_refuses_a_breaking_minor(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_guard(tree, capsys, "--release")[0] == 1  # 1.0.0 is already released
    assert run_guard(tree, capsys, "--release", "--force")[0] == 0

    set_version(tree, "1.1.0")
    edit_spec(tree, remove_operation)
    assert run_guard(tree, capsys, "--release")[0] == 1
    assert released_versions(tree) == [Version("1.0.0")]

    set_version(tree, "2.0.0")
    status, lines = run_guard(tree, capsys, "--release")
    assert (status, lines[-1]) == (0, "released 2.0.0: releases/2.0.0")
    assert released_versions(tree) == [Version("1.0.0"), Version("2.0.0")]
    release = tree / RELEASES / "2.0.0"
    assert sorted(p.name for p in release.iterdir()) == [RELEASED_SPEC, RELEASED_PYTHON]
    assert_archive_holds_the_api_files(tree, release / RELEASED_PYTHON)
    assert run_guard(tree, capsys) == (0, ["OK: 2.0.0 vs release 2.0.0: no breaking change"])


def assert_archive_holds_the_api_files(tree: Path, archive: Path) -> None:
    """Exactly the .py/.pyi/py.typed files of both packages, sorted, with no machine data."""
    expected = sorted(
        path.relative_to(tree / package.parent).as_posix()
        for package in PACKAGES
        for path in (tree / package).rglob("*")
        if (path.suffix in (".py", ".pyi") or path.name == "py.typed")
        and "__pycache__" not in path.parts
    )
    assert "modelarts_vizjobs_client/py.typed" in expected
    with tarfile.open(archive, mode="r:gz") as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == expected
    assert {(m.type, m.mode, m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {
        (tarfile.REGTYPE, 0o644, 0, 0, 0, "", "")
    }
    assert archive.read_bytes()[3:8] == bytes(5)  # gzip header: no file name, mtime 0


def test_re_release_of_an_unchanged_tree_is_byte_identical(
    released_tree: Path, tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main_module = tree / "src/modelarts_vizjobs/cli/__main__.py"
    main_module.chmod(0o755)
    for path in (tree / "src").rglob("*.py"):
        os.utime(path, (86400, 86400))  # other file dates and modes, same bytes
    (tree / GENERATED / "__pycache__").mkdir(exist_ok=True)
    (tree / GENERATED / "__pycache__/client.cpython-311.pyc").write_bytes(b"build leftover")
    assert run_guard(tree, capsys, "--release", "--force")[0] == 0
    for name in (RELEASED_SPEC, RELEASED_PYTHON):
        released = RELEASES / "1.0.0" / name
        assert (tree / released).read_bytes() == (released_tree / released).read_bytes(), name


@pytest.mark.parametrize(
    ("released", "current", "allowed"),
    [
        ("1.0.0", "2.0.0", True),
        ("1.0.0", "1.9.0", False),
        ("1.2.3", "2.0.0rc1", True),
        ("0.3.0", "0.4.0", True),  # SemVer 0.x: the minor is the breaking position
        ("0.3.0", "0.3.9", False),
    ],
)
def test_major_bump_rule(released: str, current: str, allowed: bool) -> None:
    assert allows_breaking(Version(released), Version(current)) is allowed


@pytest.mark.parametrize(("released", "needed"), [("1.2.3", "2.0.0"), ("0.3.1", "0.4.0")])
def test_the_version_the_failure_asks_for_is_allowed(released: str, needed: str) -> None:
    assert next_breaking(Version(released)) == needed
    assert allows_breaking(Version(released), Version(needed))


def test_repository_keeps_a_baseline_and_has_no_unreleased_break(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert released_versions(REPO), (
        "no releases/<version>/: run scripts/check_breaking.py --release"
    )
    status, lines = run_guard(REPO, capsys)
    assert status == 0, "\n".join(lines)
