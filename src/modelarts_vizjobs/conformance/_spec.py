"""The spec as a checker: each exchange validated with openapi-core, plus the drift it shows.

openapi-core (a real OpenAPI 3.1 validator) judges requests and answers: an undocumented
status, a body failing its schema or a bad parameter is a **violation**. What the spec allows
but does not expect is **drift**: fields it does not declare, the tolerated ``error_msg`` key,
a ModelArts error code with another status than the spec's reading, ``is_success: false`` with
HTTP 200. The spec file ships inside the package (``modelarts-vizjobs.yaml`` next to this
module in a wheel) and is read from the repository's ``openapi/`` in a source checkout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from modelarts_vizjobs.cassette import Exchange

__all__ = [
    "DRIFT",
    "VIOLATION",
    "Finding",
    "Routes",
    "SpecChecker",
    "default_checker",
    "field_paths",
    "spec_path",
]

VIOLATION = "violation"
DRIFT = "drift"
SPEC_NAME = "modelarts-vizjobs.yaml"
#: Fields a success answer documents for failures only: never expected on a 2xx.
ERROR_FIELDS = frozenset({"error_code", "error_message", "error_msg", "request_id"})
#: Spellings the spec accepts for one field (reading 2): seeing one counts for both.
ALTERNATIVES = {"time_unit": "timeUnit", "timeUnit": "time_unit"}
#: The spec's reading of the HTTP status that comes with these ModelArts codes (reading 5).
EXPECTED_STATUS = {"ModelArts.0105": 400, "ModelArts.0102": 404}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the spec and the server disagree on; *field* is "" when none applies."""

    severity: str
    operation: str
    field: str
    message: str


def spec_path() -> Path:
    """The spec shipped in the package, else the one in this source tree's ``openapi/``."""
    packaged = resources.files(__package__).joinpath(SPEC_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[3] / "openapi" / SPEC_NAME
    if source.is_file():
        return source
    raise FileNotFoundError(f"{SPEC_NAME} is neither in the package nor in {source.parent}")


def field_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path of a JSON document: ``jobs[].job_name``, ``schedule[].timeUnit``."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}{key}"
            paths.add(path)
            paths |= field_paths(item, path + ".")
    elif isinstance(value, list):
        for item in value:
            paths |= field_paths(item, prefix.rstrip(".") + "[].")
    return paths


class Routes:
    """The spec's operations by method and path, without the validator: cheap enough for the
    proxy to route every request with in its own process."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._routes: list[tuple[re.Pattern[str], str, str]] = []
        for template, item in document["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "/?$")
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    self._routes.append((pattern, method.upper(), operation["operationId"]))

    @classmethod
    def load(cls, path: Path | None = None) -> Routes:
        """From the spec file (the packaged one by default), for the proxy's own process."""
        return cls(_load(path))

    def operation_of(self, method: str, path: str) -> str | None:
        """The operationId serving *method* *path* (the raw path), None when the spec has no
        such operation; a ``.`` or ``..`` segment, which a server may resolve to another path,
        matches none."""
        if ("." in path or "%" in path) and any(
            unquote(part) in (".", "..") for part in path.split("/")
        ):
            return None
        for pattern, verb, operation in self._routes:
            if verb == method.upper() and pattern.match(path):
                return operation
        return None


def _load(path: Path | None) -> dict[str, Any]:
    import yaml  # type: ignore[import-untyped]

    document: dict[str, Any] = yaml.safe_load((path or spec_path()).read_text(encoding="utf-8"))
    return document


class _Request:
    """An exchange's request in the shape openapi-core reads (its ``Request`` protocol)."""

    host_url = "http://conformance.invalid"

    def __init__(self, exchange: Exchange) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.path = exchange.path
        self.method = exchange.method.lower()
        headers = Headers(list(exchange.request_headers.items()))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(exchange.query), header=headers
        )
        self.content_type = headers.get("content-type", "").lower()
        self.body = exchange.request_body or None


class _Response:
    """An exchange's answer in the shape openapi-core reads (its ``Response`` protocol)."""

    def __init__(self, exchange: Exchange) -> None:
        from werkzeug.datastructures import Headers

        assert exchange.status is not None
        self.status_code = exchange.status
        self.headers = Headers(list(exchange.response_headers.items()))
        self.content_type = self.headers.get("content-type", "").lower()
        self.data = exchange.response_body or None


class SpecChecker:
    """Validates exchanges against the spec; thread-safe once built (it only reads)."""

    def __init__(self, path: Path | None = None) -> None:
        from openapi_core import OpenAPI

        document = _load(path)
        self.document: dict[str, Any] = document
        self.version: str = str(document["info"]["version"])
        # Any host: the checker judges paths and bodies, whatever endpoint served them.
        self._api = OpenAPI.from_dict({**document, "servers": [{"url": "/"}]})
        self.routes: Routes = Routes(document)
        self._operations = {
            op["operationId"]: op
            for item in document["paths"].values()
            for op in item.values()
            if isinstance(op, dict) and "operationId" in op
        }

    @property
    def operations(self) -> list[str]:
        return list(self._operations)

    def operation_of(self, method: str, path: str) -> str | None:
        """The operationId serving *method* *path*, None when the spec has no such operation."""
        return self.routes.operation_of(method, path)

    def statuses(self, operation: str) -> list[str]:
        """The response statuses the spec documents for *operation*."""
        return list(self._operations[operation]["responses"])

    def documented_fields(self, operation: str, status: int) -> set[str]:
        """The field paths the spec declares for *operation*'s answer with *status*."""
        responses = self._operations[operation]["responses"]
        response = self._resolve(responses.get(str(status)) or {})
        schema = (response.get("content") or {}).get("application/json", {}).get("schema")
        return self._schema_fields(schema, "") if schema else set()

    def _resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def _schema_fields(self, schema: Any, prefix: str) -> set[str]:
        schema = self._resolve(schema)
        fields: set[str] = set()
        for part in schema.get("allOf", []) + schema.get("anyOf", []) + schema.get("oneOf", []):
            fields |= self._schema_fields(part, prefix)
        if "items" in schema:
            fields |= self._schema_fields(schema["items"], prefix.rstrip(".") + "[].")
        for name, sub in (schema.get("properties") or {}).items():
            fields.add(prefix + name)
            fields |= self._schema_fields(sub, f"{prefix}{name}.")
        return fields

    # -- judging one exchange -------------------------------------------------------------------

    def check(self, exchange: Exchange) -> list[Finding]:
        """Violations and drift of one exchange (its operation is looked up from the path)."""
        operation = self.operation_of(exchange.method, exchange.path)
        if operation is None:
            message = f"{exchange.method} {exchange.path} is not an operation of the spec"
            return [Finding(VIOLATION, "(unknown)", "", message)]
        exchange.operation = operation
        findings = [
            Finding(VIOLATION, operation, field, f"request: {message}")
            for field, message in self._request_errors(exchange)
        ]
        if exchange.status is not None:
            findings += self._answer_findings(operation, exchange)
        return findings

    def _request_errors(self, exchange: Exchange) -> Iterator[tuple[str, str]]:
        for error in self._api.iter_request_errors(_Request(exchange)):
            field = str(getattr(error, "name", ""))
            yield from _explained(error, field)

    def _answer_findings(self, operation: str, exchange: Exchange) -> list[Finding]:
        status = exchange.status
        body = exchange.response_json()
        if exchange.response_body and body is None:
            text = exchange.response_body[:80].decode("utf-8", "replace")
            return [
                Finding(VIOLATION, operation, "", f"HTTP {status} answer is not JSON: {text!r}")
            ]
        findings: list[Finding] = []
        if str(status) not in self.statuses(operation):
            listed = ", ".join(self.statuses(operation))
            code = (
                f" ({body['error_code']})"
                if isinstance(body, dict) and "error_code" in body
                else ""
            )
            message = f"HTTP {status}{code} is not a documented status (spec lists {listed})"
            findings.append(Finding(VIOLATION, operation, "", message))
        else:
            findings += [
                Finding(VIOLATION, operation, field, f"HTTP {status}: {message}")
                for error in self._api.iter_response_errors(_Request(exchange), _Response(exchange))
                for field, message in _explained(error, "")
            ]
        if isinstance(body, dict):
            assert status is not None
            findings += self._drift(operation, status, body)
        return findings

    def _drift(self, operation: str, status: int, body: dict[str, Any]) -> list[Finding]:
        findings = []
        documented = self.documented_fields(operation, status)
        if documented:
            for path in sorted(_topmost(field_paths(body) - documented)):
                message = f"HTTP {status}: undocumented field {path!r}"
                findings.append(Finding(DRIFT, operation, path, message))
        if "error_msg" in body and "error_message" not in body:
            message = (
                "error text under 'error_msg'; the visualization pages document 'error_message'"
            )
            findings.append(Finding(DRIFT, operation, "error_msg", message))
        code = body.get("error_code")
        expected = EXPECTED_STATUS.get(code) if isinstance(code, str) else None
        if expected is not None and status != expected:
            message = f"{code} came with HTTP {status}; the spec's reading is HTTP {expected}"
            findings.append(Finding(DRIFT, operation, "error_code", message))
        if 200 <= status < 300 and body.get("is_success") is False:
            message = "is_success false with HTTP 200; the spec's reading is an error status"
            findings.append(Finding(DRIFT, operation, "is_success", message))
        return findings


def _topmost(paths: set[str]) -> set[str]:
    """Drop paths under another path of the set: an undocumented object is one finding."""
    return {
        p for p in paths if not any(p.startswith(q + ".") or p.startswith(q + "[]") for q in paths)
    }


def _explained(error: BaseException, field: str) -> Iterator[tuple[str, str]]:
    """(field, message) for each schema error under an openapi-core error, else the error."""
    cause = error.__cause__
    schema_errors = list(getattr(cause, "schema_errors", None) or [])
    if not schema_errors:
        text, detail = str(error), str(cause or "")
        yield field, text if not detail or detail in text else f"{text}: {detail}"
        return
    for schema_error in schema_errors:
        path = _json_path(getattr(schema_error, "absolute_path", ()))
        message = getattr(schema_error, "message", str(schema_error))
        if getattr(schema_error, "validator", None) == "required":
            instance = getattr(schema_error, "instance", {})
            missing = [n for n in schema_error.validator_value if n not in instance]
            for name in missing:
                target = f"{path}.{name}" if path else name
                yield _joined(field, target), f"missing required field {target!r}"
            continue
        yield _joined(field, path), f"{_joined(field, path) or 'body'}: {message}"


def _json_path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += "[]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _joined(field: str, path: str) -> str:
    return f"{field}.{path}" if field and path else field or path


@cache
def default_checker() -> SpecChecker:
    """The checker of the shipped spec, built once per process (it only reads)."""
    return SpecChecker()
