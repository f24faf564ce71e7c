"""Breaking changes of the HTTP contract, operation by operation: parameters, bodies, responses,
authentication."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .breakage import Breakage
from .schema_diff import Direction, SchemaDiff
from .spec_view import Schema, SpecView


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
