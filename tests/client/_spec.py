"""The spec as data, and the generated operations with the arguments each one needs.

Shared by the client tests so each one walks the same source of truth instead of a copied list.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from modelarts_vizjobs_client.api.visualization_jobs import (
    create_visualization_job,
    delete_visualization_job,
    get_visualization_job,
    list_visualization_jobs,
    restart_visualization_job,
    stop_visualization_job,
    update_visualization_job,
)
from modelarts_vizjobs_client.models import (
    CreateVisualizationJobRequest,
    UpdateVisualizationJobRequest,
)
from openapi_spec_validator.readers import read_from_filename

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi" / "modelarts-vizjobs.yaml"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

#: Every generated operation module, by operationId.
OPERATIONS: dict[str, ModuleType] = {
    module.__name__.rpartition(".")[2]: module
    for module in (
        create_visualization_job,
        list_visualization_jobs,
        get_visualization_job,
        update_visualization_job,
        delete_visualization_job,
        stop_visualization_job,
        restart_visualization_job,
    )
}

#: Arguments besides path parameters and client that an operation requires.
BODIES: dict[str, dict[str, Any]] = {
    "create_visualization_job": {
        "body": CreateVisualizationJobRequest(job_name="job", train_url="/obs/name/")
    },
    "update_visualization_job": {"body": UpdateVisualizationJobRequest(job_desc="new")},
}


@cache
def spec() -> dict[str, Any]:
    """The parsed spec (read once per test session)."""
    loaded, _ = read_from_filename(str(SPEC_PATH))
    return dict(loaded)


def operations() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(operationId, method, path template, operation object) of every operation of the spec."""
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield operation["operationId"], method, path, operation


def _media_examples(where: str, content: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    media = content.get("application/json", {})
    schema = media.get("schema", {}).get("$ref", "").rpartition("/")[2]
    if "example" in media:
        yield where, schema, media["example"]
    for name, example in media.get("examples", {}).items():
        yield f"{where} {name}", schema, example["value"]


def documented_examples() -> Iterator[tuple[str, str, Any]]:
    """(where, schema name, value) of every JSON example of requests and responses.

    Responses given as a $ref are skipped in operations and walked once in components/responses.
    """
    for operation_id, _, _, operation in operations():
        if "requestBody" in operation:
            content = operation["requestBody"]["content"]
            yield from _media_examples(f"{operation_id} request", content)
        for status, response in operation["responses"].items():
            if "$ref" not in response:
                yield from _media_examples(f"{operation_id} {status}", response.get("content", {}))
    for name, response in spec()["components"]["responses"].items():
        yield from _media_examples(f"components/responses/{name}", response.get("content", {}))
