"""Breaking changes of one schema, recursively: requests must not narrow, responses not widen."""

from __future__ import annotations

import enum
import operator
from collections.abc import Iterator
from typing import Any, TypeGuard

from .breakage import Breakage
from .spec_view import Schema, SpecView

# Bounds a request must stay within: a greater lower bound or a smaller upper bound refuses
# requests the released version accepted.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


class Direction(enum.Enum):
    """Requests must not narrow (old requests refused); responses must not widen (unreadable)."""

    REQUEST = "request"
    RESPONSE = "response"


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
