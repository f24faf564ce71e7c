"""Breaking changes of the public Python API of the wheel's packages, found with griffe."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from pathlib import Path

import griffe

from .breakage import Breakage

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
