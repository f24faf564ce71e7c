"""Recordings of API exchanges ("cassettes"): one JSON format for ``conformance --record``, the
``proxy --record`` and ``stub serve --seed-from``.

A cassette is a JSON object::

    {"format": "modelarts-vizjobs-cassette", "version": 1,
     "endpoint": "https://modelarts.eu-de.otc.t-systems.com",
     "project_id": "{project_id}",            # or the real id when no placeholder was asked for
     "interactions": [
       {"operation": "get_visualization_job", "elapsed_ms": 41.2,
        "request":  {"method": "GET", "path": "/v1/{project_id}/visualization-jobs/10",
                     "query": [["per_page", "10"]], "headers": {...}, "body": null},
        "response": {"status": 200, "headers": {...}, "body": {"job_id": 10, ...}}}]}

Bodies are the parsed JSON when they parse, else the text. Nothing secret is ever written:
credential headers (``X-Auth-Token``, ``Authorization``, ``X-Security-Token``, cookies) become
``<redacted>``, and every secret value handed to :class:`Redactor` (token, access key, secret
key, security token) is masked wherever else it appears (query, path, bodies, other headers).
Both come from ``_secrets``, the one list of secret headers and the one ``Redactor``.
Stdlib only: the stub reads cassettes without the ``conformance`` extra.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._secrets import PROJECT_PLACEHOLDER, REDACTED, SECRET_HEADERS, Redactor

__all__ = [
    "FORMAT",
    "PROJECT_PLACEHOLDER",
    "REDACTED",
    "SECRET_HEADERS",
    "Cassette",
    "Exchange",
    "Redactor",
    "load",
    "recorded_jobs",
]

FORMAT = "modelarts-vizjobs-cassette"
VERSION = 1
_GET_JOB = "get_visualization_job"
_LIST_JOBS = "list_visualization_jobs"


@dataclass(slots=True)
class Exchange:
    """One request and its answer, as sent and received (before any redaction).

    *status* is None when no answer came (connection error, timeout).
    """

    operation: str
    method: str
    path: str
    query: list[tuple[str, str]]
    request_headers: dict[str, str]
    request_body: bytes
    status: int | None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    elapsed_ms: float = 0.0

    def response_json(self) -> Any:
        """The answer's JSON document, or None when it is empty or not JSON."""
        return _json_or_none(self.response_body)


def _json_or_none(data: bytes) -> Any:
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


@dataclass
class Cassette:
    """A recording: redacted interactions, in the order they happened."""

    endpoint: str
    project_id: str
    interactions: list[dict[str, Any]] = field(default_factory=list)

    def add(self, exchange: Exchange, redactor: Redactor) -> None:
        """Append *exchange*, redacted by *redactor*."""
        self.interactions.append(redactor.interaction(exchange))

    def to_dict(self) -> dict[str, Any]:
        """The cassette as JSON-ready data (the file's format)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "endpoint": self.endpoint,
            "project_id": self.project_id,
            "interactions": self.interactions,
        }

    def dump(self, path: str | os.PathLike[str]) -> None:
        """Write the cassette as indented JSON (atomically: a reader never sees half of it)."""
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        partial.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")
        partial.replace(target)


def load(source: str | os.PathLike[str] | Mapping[str, Any]) -> Cassette:
    """A cassette from a file or an already parsed document; ValueError when it is not one."""
    if isinstance(source, Mapping):
        document: Any = source
    else:
        try:
            document = json.loads(Path(source).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read the recording {os.fspath(source)!r}: {exc}") from None
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise ValueError(f"not a recording: the 'format' field is not {FORMAT!r}")
    if document.get("version") != VERSION:
        raise ValueError(f"unsupported recording version {document.get('version')!r}")
    interactions = document.get("interactions")
    if not isinstance(interactions, list) or not all(isinstance(i, dict) for i in interactions):
        raise ValueError("the recording's 'interactions' must be a list of objects")
    return Cassette(
        str(document.get("endpoint", "")), str(document.get("project_id", "")), interactions
    )


def _views(interaction: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The job views of one recorded answer: a details answer, or a list answer's jobs."""
    response = interaction.get("response") or {}
    body = response.get("body")
    if response.get("status") != 200 or not isinstance(body, dict):
        return
    if interaction.get("operation") == _GET_JOB:
        yield body
    elif interaction.get("operation") == _LIST_JOBS and isinstance(body.get("jobs"), list):
        yield from (job for job in body["jobs"] if isinstance(job, dict))


def recorded_jobs(interactions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every job a recording shows (details or list answers), each as last seen, by first
    appearance; a view without a numeric ``job_id`` is skipped."""
    jobs: dict[int, dict[str, Any]] = {}
    for interaction in interactions:
        for view in _views(interaction):
            job_id = view.get("job_id")
            if isinstance(job_id, str) and job_id.isdigit():
                job_id = int(job_id)
            if isinstance(job_id, int) and not isinstance(job_id, bool):
                jobs[job_id] = {**jobs.get(job_id, {}), **view, "job_id": job_id}
    return list(jobs.values())
