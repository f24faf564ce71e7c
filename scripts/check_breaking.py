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
"""

from __future__ import annotations

import argparse
import enum
import gzip
import io
import logging
import operator
import re
import shutil
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import griffe
import yaml
from packaging.version import InvalidVersion, Version

SPEC = Path("openapi/modelarts-vizjobs.yaml")
RELEASES = Path("releases")
RELEASED_SPEC = "openapi.yaml"
RELEASED_PYTHON = "python-api.tar.gz"
API_SUFFIXES = (".py", ".pyi")  # with py.typed: all griffe reads of a package
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Bounds a request must stay within: a greater lower bound or a smaller upper bound refuses
# requests the released version accepted.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")

# hatchling's default pattern for [tool.hatch.version] path = "..."
HATCH_VERSION = re.compile(r"""(?im)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\2""")

Schema = dict[str, Any]


@dataclass(frozen=True)
class Breakage:
    """One breaking change: where it is and what broke."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


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


# --- releases kept in the repository ---------------------------------------------------------


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


# --- Python API (griffe) ---------------------------------------------------------------------


API = dict[str, griffe.Object | griffe.Alias]
UNRESOLVABLE = (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError)


def load_api(packages: Mapping[str, Path]) -> API:
    """Load the packages statically, in one collection so cross-package re-exports resolve."""
    loader = griffe.GriffeLoader(search_paths=sorted({str(p) for p in packages.values()}))
    # try_relative_path=False: never mistake a folder of the current directory for the package.
    api = {name: loader.load(name, try_relative_path=False) for name in packages}
    loader.resolve_aliases(implicit=False, external=False)
    return api


def _target(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    try:
        return obj.final_target if isinstance(obj, griffe.Alias) else obj
    except UNRESOLVABLE:  # an import from outside the packages
        return None


def _class_of(attribute: griffe.Object | griffe.Alias) -> griffe.Object | None:
    """The class an attribute holds, from its annotation or its ``Class(...)`` value."""
    expr = attribute.annotation if isinstance(attribute, griffe.Attribute) else None
    if expr is None and isinstance(attribute, griffe.Attribute):
        expr = attribute.value
    if isinstance(expr, griffe.ExprCall):
        expr = expr.function
    if not isinstance(expr, griffe.Expr):
        return None
    try:
        found = _target(attribute.modules_collection.get_member(expr.canonical_path))
    except UNRESOLVABLE:
        return None
    return found if found is not None and found.is_class else None


def public_modules(package: griffe.Object) -> Iterator[griffe.Object]:
    """The package and its public submodules, recursively."""
    yield package
    for module in package.modules.values():
        if module.is_public:
            yield from public_modules(module)


def exposed_classes(api: API) -> dict[str, griffe.Object]:
    """Classes users only reach through a public attribute (``client.jobs`` -> ``Jobs``), by
    that public path: griffe skips them, since they live in private modules."""
    public: dict[str, griffe.Object] = {}  # public path -> class, as griffe walks them
    for package in api.values():
        root = _target(package)
        for module in public_modules(root) if root is not None else ():
            for name, member in module.members.items():
                target = _target(member) if member.is_public else None
                if target is not None and target.is_class:
                    public[f"{module.path}.{name}"] = target
    covered = {cls.path for cls in public.values()}
    found: dict[str, griffe.Object] = {}

    def visit(cls: griffe.Object, public_path: str) -> None:
        for name, member in cls.members.items():
            held = _class_of(member) if member.is_public and member.is_attribute else None
            if held is not None and held.path not in covered:
                covered.add(held.path)
                found[f"{public_path}.{name}"] = held
                visit(held, f"{public_path}.{name}")

    for public_path, cls in public.items():
        visit(cls, public_path)
    return found


def dropped_exports(old: griffe.Object, new: griffe.Object) -> Iterator[Breakage]:
    """Names taken out of ``__all__`` while still importable: no longer public."""
    for module in public_modules(old):
        try:
            new_module = new.get_member(module.path.split(".")[1:]) if module is not old else new
        except KeyError:
            continue  # griffe reports the removed module
        for name in map(str, module.exports or []):
            member = new_module.members.get(name)
            if member is not None and not member.is_public:
                where = f"python: {new_module.relative_package_filepath}: {module.path}.{name}"
                yield Breakage(where, "Public object was removed from __all__")


def _describe_value(value: object) -> str:
    if isinstance(value, griffe.Parameter):
        return f"`{value.name}`"
    if isinstance(value, griffe.Object | griffe.Alias):
        return value.kind.value
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _describe_breakage(breakage: griffe.Breakage) -> Breakage:
    obj = breakage.obj
    if isinstance(obj, griffe.Alias):  # a re-export: point at the importing module
        owner, lineno = obj.parent, obj.alias_lineno
    else:
        owner, lineno = obj, obj.lineno
    filepath = owner.relative_package_filepath if owner is not None else obj.path
    values = [_describe_value(v) for v in (breakage.old_value, breakage.new_value) if v is not None]
    what = breakage.kind.value + (": " + " -> ".join(values) if values else "")
    if breakage.details:
        what += f" ({breakage.details})"
    return Breakage(f"python: {filepath}:{lineno or 0}: {obj.path}", what)


def diff_python(old: Mapping[str, Path], new: Mapping[str, Path]) -> list[Breakage]:
    """Breaking changes of the public API, package by package (a removed package included)."""
    old_api, new_api = load_api(old), load_api({n: p for n, p in new.items() if n in old})
    found: dict[str, Breakage] = {}  # by text: a re-export is compared from both packages

    def add(breakage: Breakage) -> None:
        found.setdefault(str(breakage), breakage)

    for name, old_package in old_api.items():
        new_package = new_api.get(name)
        if new_package is None:
            add(Breakage(f"python: {name}", "package removed from the wheel"))
            continue
        for breakage in griffe.find_breaking_changes(old_package, new_package):
            add(_describe_breakage(breakage))
        old_root, new_root = _target(old_package), _target(new_package)
        if old_root is not None and new_root is not None:
            for dropped in dropped_exports(old_root, new_root):
                add(dropped)
    new_exposed = exposed_classes(new_api)
    for public_path, old_class in exposed_classes(old_api).items():
        if public_path in new_exposed:  # else griffe reports the attribute itself removed
            for breakage in griffe.find_breaking_changes(old_class, new_exposed[public_path]):
                described = _describe_breakage(breakage)
                add(Breakage(described.where, f"{described.what} (used as {public_path})"))
    return list(found.values())


# --- OpenAPI spec ----------------------------------------------------------------------------


class Direction(enum.Enum):
    """Requests must not narrow (old requests refused); responses must not widen (unreadable)."""

    REQUEST = "request"
    RESPONSE = "response"


class SpecView:
    """A spec with its local ``$ref`` resolved on demand."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def resolve(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                break
            seen.add(ref)
            node = self.document
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def operations(self) -> dict[str, tuple[str, Schema]]:
        """Operations by operationId (or "METHOD path"), with path-level parameters merged."""
        found = {}
        for path, item in (self.document.get("paths") or {}).items():
            item = self.resolve(item)
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = dict(item[method])
                params = {}
                for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
                    param = self.resolve(raw)
                    params[(param["in"], param["name"])] = param
                operation["parameters"] = params
                label = f"{method.upper()} {path}"
                key = operation.get("operationId", label)
                found[key] = (f"{label} ({key})" if key != label else label, operation)
        return found

    def flatten(self, schema: Any) -> Schema:
        """Resolve refs and merge ``allOf`` parts (properties, required, other keywords)."""
        schema = self.resolve(schema)
        if not isinstance(schema, Mapping):
            return {}
        merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema.get("allOf", []):
            flat = self.flatten(part)
            merged["properties"] = {**flat.get("properties", {}), **merged.get("properties", {})}
            merged["required"] = [*merged.get("required", []), *flat.get("required", [])]
            for key, value in flat.items():
                merged.setdefault(key, value)
        return merged

    def types(self, schema: Schema) -> frozenset[str] | None:
        """JSON types a schema admits; None when it does not constrain the type."""
        if "type" in schema:
            declared = schema["type"]
            return frozenset([declared] if isinstance(declared, str) else declared)
        alternatives = schema.get("anyOf") or schema.get("oneOf")
        if not alternatives:
            return None
        union: set[str] = set()
        for alternative in alternatives:
            types = self.types(self.flatten(alternative))
            if types is None:
                return None
            union |= types
        return frozenset(union)


def _covered(types: frozenset[str], json_type: str) -> bool:
    return json_type in types or (json_type == "integer" and "number" in types)


def _format_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class SchemaDiff:
    """Compares two versions of one schema in one direction, recursively."""

    def __init__(self, old: SpecView, new: SpecView, direction: Direction) -> None:
        self.old, self.new, self.direction = old, new, direction
        # Pairs already compared (kept alive so their ids stay unique): stops recursive schemas.
        self._seen: dict[tuple[int, int], tuple[Any, Any]] = {}

    def compare(self, old_raw: Any, new_raw: Any, where: str) -> Iterator[Breakage]:
        if (id(old_raw), id(new_raw)) in self._seen:
            return
        self._seen[(id(old_raw), id(new_raw))] = (old_raw, new_raw)
        old, new = self.old.flatten(old_raw), self.new.flatten(new_raw)
        yield from self._types(old, new, where)
        yield from self._enum(old, new, where)
        if self.direction is Direction.REQUEST:
            yield from self._bounds(old, new, where)
        yield from self._properties(old, new, where)
        if "items" in old and "items" in new:
            yield from self.compare(old["items"], new["items"], f"{where}[]")
        for keyword in ("anyOf", "oneOf"):
            olds, news = old.get(keyword, []), new.get(keyword, [])
            if olds and len(olds) == len(news):
                for index, (o, n) in enumerate(zip(olds, news, strict=True)):
                    yield from self.compare(o, n, f"{where}<{keyword}[{index}]>")

    def _types(self, old: Schema, new: Schema, where: str) -> Iterator[Breakage]:
        old_types, new_types = self.old.types(old), self.new.types(new)
        if old_types == new_types:
            return
        if self.direction is Direction.REQUEST:  # every type the release sent is still accepted
            broken = old_types is None or (
                new_types is not None and any(not _covered(new_types, t) for t in old_types)
            )
        else:  # every type now returned was readable by the release
            broken = new_types is None or (
                old_types is not None and any(not _covered(old_types, t) for t in new_types)
            )
        if broken:
            change = f"type changed from {_format_types(old_types)} to {_format_types(new_types)}"
            yield Breakage(where, change)

    def _enum(self, old: Schema, new: Schema, where: str) -> Iterator[Breakage]:
        if self.direction is Direction.REQUEST and "enum" in new:
            if "enum" not in old:
                yield Breakage(where, f"new enum restriction {new['enum']}")
            elif lost := [v for v in old["enum"] if v not in new["enum"]]:
                yield Breakage(where, f"enum values no longer accepted: {lost}")
        if self.direction is Direction.RESPONSE and "enum" in old:
            values = new.get("enum")
            added = "any" if values is None else [v for v in values if v not in old["enum"]]
            if added:
                yield Breakage(where, f"may return enum values the release cannot read: {added}")

    def _bounds(self, old: Schema, new: Schema, where: str) -> Iterator[Breakage]:
        for keywords, tighter in ((LOWER_BOUNDS, operator.gt), (UPPER_BOUNDS, operator.lt)):
            for keyword in keywords:
                limit = new.get(keyword)
                if not _is_number(limit):
                    continue
                before = old.get(keyword)
                if not _is_number(before) or tighter(limit, before):
                    yield Breakage(where, f"{keyword} tightened from {before} to {limit}")
        pattern = new.get("pattern")
        if pattern is not None and pattern != old.get("pattern"):
            yield Breakage(where, f"pattern changed from {old.get('pattern')!r} to {pattern!r}")

    def _properties(self, old: Schema, new: Schema, where: str) -> Iterator[Breakage]:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name, schema in old_props.items():
            if name not in new_props:
                yield Breakage(f"{where}.{name}", "field removed")
            else:
                yield from self.compare(schema, new_props[name], f"{where}.{name}")
        if self.direction is Direction.REQUEST:
            for name in sorted(new_required - old_required):
                yield Breakage(f"{where}.{name}", "field is now required")
            closed = new.get("additionalProperties") is False
            if closed and old.get("additionalProperties") is not False:
                yield Breakage(where, "unknown fields are now refused")
        else:
            for name in sorted((old_required - new_required) & set(new_props)):
                yield Breakage(f"{where}.{name}", "field is no longer always present")


def _content_schemas(content: Mapping[str, Any] | None) -> dict[str, Any]:
    return {media: body.get("schema", {}) for media, body in (content or {}).items()}


def diff_spec(old_document: Mapping[str, Any], new_document: Mapping[str, Any]) -> list[Breakage]:
    """Breaking changes of the HTTP contract, operation by operation."""
    old, new = SpecView(old_document), SpecView(new_document)
    new_operations = new.operations()
    found: list[Breakage] = []
    for key, (label, operation) in old.operations().items():
        if key not in new_operations:
            found.append(Breakage(f"spec: {label}", "operation removed"))
            continue
        new_label, new_operation = new_operations[key]
        if new_label != label:
            found.append(Breakage(f"spec: {label}", f"operation moved to {new_label}"))
        at = f"spec: {label}"
        found += _diff_parameters(old, new, operation, new_operation, at)
        found += _diff_request_body(old, new, operation, new_operation, at)
        found += _diff_responses(old, new, operation, new_operation, at)
        found += _diff_security(old, new, operation, new_operation, at)
    return found


def _security(spec: SpecView, operation: Schema) -> set[frozenset[str]]:
    """Each accepted way to authenticate, as the set of schemes it combines."""
    requirements = operation.get("security", spec.document.get("security", []))
    return {frozenset(requirement) for requirement in requirements}


def _diff_security(
    old: SpecView, new: SpecView, operation: Schema, new_operation: Schema, at: str
) -> Iterator[Breakage]:
    for lost in sorted(_security(old, operation) - _security(new, new_operation), key=sorted):
        yield Breakage(
            at, f"authentication {' + '.join(sorted(lost)) or '(none)'} no longer accepted"
        )


def _diff_parameters(
    old: SpecView, new: SpecView, operation: Schema, new_operation: Schema, at: str
) -> Iterator[Breakage]:
    params, new_params = operation["parameters"], new_operation["parameters"]
    requests = SchemaDiff(old, new, Direction.REQUEST)
    for (location, name), param in params.items():
        where = f"{at} {location} parameter `{name}`"
        if (location, name) not in new_params:
            added = [n for (loc, n) in new_params if loc == location and (loc, n) not in params]
            hint = f" (renamed to {', '.join(f'`{n}`' for n in added)}?)" if added else ""
            yield Breakage(where, f"parameter removed{hint}")
            continue
        new_param = new_params[(location, name)]
        if new_param.get("required") and not param.get("required"):
            yield Breakage(where, "parameter is now required")
        yield from requests.compare(param.get("schema", {}), new_param.get("schema", {}), where)
    for (location, name), param in new_params.items():
        if (location, name) not in params and param.get("required"):
            yield Breakage(f"{at} {location} parameter `{name}`", "new required parameter")


def _diff_request_body(
    old: SpecView, new: SpecView, operation: Schema, new_operation: Schema, at: str
) -> Iterator[Breakage]:
    body = old.resolve(operation.get("requestBody")) or {}
    new_body = new.resolve(new_operation.get("requestBody")) or {}
    if new_body.get("required") and not body.get("required"):
        yield Breakage(f"{at} request body", "request body is now required")
    requests = SchemaDiff(old, new, Direction.REQUEST)
    new_schemas = _content_schemas(new_body.get("content"))
    for media, schema in _content_schemas(body.get("content")).items():
        where = f"{at} request body ({media})"
        if media not in new_schemas:
            yield Breakage(where, "media type no longer accepted")
        else:
            yield from requests.compare(schema, new_schemas[media], f"{where} $")


def _diff_responses(
    old: SpecView, new: SpecView, operation: Schema, new_operation: Schema, at: str
) -> Iterator[Breakage]:
    new_responses = new_operation.get("responses", {})
    responses = SchemaDiff(old, new, Direction.RESPONSE)
    for status, raw in operation.get("responses", {}).items():
        where = f"{at} response {status}"
        if status not in new_responses:
            yield Breakage(where, "response status removed")
            continue
        response, new_response = old.resolve(raw), new.resolve(new_responses[status])
        for header in response.get("headers", {}):
            if header not in new_response.get("headers", {}):
                yield Breakage(f"{where} header {header}", "response header removed")
        new_schemas = _content_schemas(new_response.get("content"))
        for media, schema in _content_schemas(response.get("content")).items():
            if media not in new_schemas:
                yield Breakage(f"{where} ({media})", "media type no longer returned")
            else:
                yield from responses.compare(schema, new_schemas[media], f"{where} body $")


# --- command ---------------------------------------------------------------------------------


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
