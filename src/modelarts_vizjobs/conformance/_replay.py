"""Replay a recording against the stub and say where the stub answers differently: the stub's
own drift from the service that was recorded.

Requests are sent again in order, to a fresh in-process stub with its default token; the job
ids the stub hands out stand in for the recorded ones. Values that differ by nature (times,
counts, ids) are not compared: statuses, error codes, which fields exist and their JSON types.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from modelarts_vizjobs.cassette import PROJECT_PLACEHOLDER, load

from ._spec import field_paths

__all__ = ["Difference", "replay_against_stub"]


@dataclass(frozen=True, slots=True)
class Difference:
    """Interaction *index* (0-based) of *operation*: *what* differs, recorded vs replayed."""

    index: int
    operation: str
    what: str
    recorded: object
    replayed: object

    def __str__(self) -> str:
        where = f"#{self.index} {self.operation}: {self.what}"
        return f"{where}: recorded {self.recorded!r}, stub {self.replayed!r}"


def _types(body: dict[str, Any]) -> dict[str, str]:
    """JSON type of each top-level field, and of each field of the first job of a list."""
    types = {k: type(v).__name__ for k, v in body.items()}
    jobs = body.get("jobs")
    if isinstance(jobs, list) and jobs and isinstance(jobs[0], dict):
        types.update({f"jobs[].{k}": type(v).__name__ for k, v in jobs[0].items()})
    return types


def _fields(body: dict[str, Any], with_jobs: bool) -> set[str]:
    return {p for p in field_paths(body) if with_jobs or "[]" not in p}


def _body_differences(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, object, object]]:
    """(what, recorded, replayed) for the error code, the fields present and their types."""
    found: list[tuple[str, object, object]] = []
    if old.get("error_code") != new.get("error_code"):
        found.append(("error_code", old.get("error_code"), new.get("error_code")))
    # a list shows other jobs than when it was recorded: job fields count when both have one
    with_jobs = bool(old.get("jobs") and new.get("jobs"))
    recorded, replayed = _fields(old, with_jobs), _fields(new, with_jobs)
    found += [(f"field {p}", "present", "missing") for p in sorted(recorded - replayed)]
    found += [(f"field {p}", "missing", "present") for p in sorted(replayed - recorded)]
    old_types, new_types = _types(old), _types(new)
    for name in sorted(old_types.keys() & new_types.keys()):
        pair = (old_types[name], new_types[name])
        if pair[0] != pair[1] and "NoneType" not in pair:
            found.append((f"type of {name}", *pair))
    return found


def _compare(
    index: int, operation: str, recorded: Mapping[str, Any], replayed: httpx.Response
) -> list[Difference]:
    found: list[tuple[str, object, object]] = []
    if recorded.get("status") != replayed.status_code:
        found.append(("status", recorded.get("status"), replayed.status_code))
    old = recorded.get("body")
    try:
        new = replayed.json()
    except ValueError:
        new = replayed.text
    if isinstance(old, dict) and isinstance(new, dict):
        found += _body_differences(old, new)
    elif type(old) is not type(new):
        found.append(("body", type(old).__name__, type(new).__name__))
    return [Difference(index, operation, *item) for item in found]


def replay_against_stub(
    recording: str | os.PathLike[str] | Mapping[str, Any], backend: Any = None
) -> list[Difference]:
    """Every difference between a recording and the stub's answers to the same requests.

    *backend* is the ``StubBackend`` to replay on (default: a fresh one). An empty list means
    the stub answered everything the way the recorded service did.
    """
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubBackend, StubTransport

    cassette = load(recording)
    ids: dict[str, str] = {}
    differences: list[Difference] = []
    project = cassette.project_id or PROJECT_PLACEHOLDER
    transport = StubTransport(backend if backend is not None else StubBackend())
    with httpx.Client(transport=transport, base_url="http://stub.invalid") as client:
        for index, interaction in enumerate(cassette.interactions):
            request, response = interaction["request"], interaction["response"]
            if response.get("status") is None:
                continue
            segments = request["path"].replace(project, DEFAULT_PROJECT_ID).split("/")
            if len(segments) > 4:
                segments[4] = ids.get(segments[4], segments[4])
            body = request.get("body")
            answer = client.request(
                request["method"],
                "/".join(segments),
                params=[tuple(pair) for pair in request.get("query", [])],
                headers={"X-Auth-Token": DEFAULT_TOKEN, "Content-Type": "application/json"},
                content=None if body is None else json.dumps(body).encode(),
            )
            operation = interaction.get("operation", "")
            recorded_body = response.get("body")
            if operation == "create_visualization_job" and isinstance(recorded_body, dict):
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    ids[str(recorded_body.get("job_id"))] = str(answer.json()["job_id"])
            differences += _compare(index, operation, response, answer)
    return differences
