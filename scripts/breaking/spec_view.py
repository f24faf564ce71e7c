"""Reading an OpenAPI document the way the comparisons need it: refs resolved, allOf merged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Schema = dict[str, Any]


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
