"""Stub jobs from a recording: the job views a cassette holds, as ``StubBackend.seed`` arguments.

A recorded view carries the answer's spelling (``schedule[].timeUnit``, numbers perhaps as
strings); ``seed`` takes the request's (``time_unit``) and integers. Fields the stub computes
itself (``service_url``, ``remaining_duration``) are not taken.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from modelarts_vizjobs.cassette import load, recorded_jobs

__all__ = ["seed_arguments"]

_STRINGS = ("job_desc", "train_url", "resource_id", "workspace_id", "job_type")


def _integer(value: object) -> object:
    """A numeric string as an int (reading 1); anything else as it is, for ``seed`` to judge."""
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def _schedule(value: object) -> object:
    items = value if isinstance(value, list) else [value]
    if not items or not isinstance(items[0], dict):
        return None
    first = items[0]
    return {
        "type": first.get("type", "stop"),
        "time_unit": first.get("time_unit", first.get("timeUnit", "HOURS")),
        "duration": _integer(first.get("duration")),
    }


def seed_arguments(recording: str | os.PathLike[str] | Mapping[str, Any]) -> list[dict[str, Any]]:
    """``seed(project, **arguments)`` for each job of *recording* (a path or a parsed
    cassette); ValueError when it is not a recording."""
    cassette = load(recording)
    arguments = []
    for view in recorded_jobs(cassette.interactions):
        argument: dict[str, Any] = {
            "job_id": view["job_id"],
            "job_name": view.get("job_name", f"recorded-{view['job_id']}"),
            "status": _integer(view.get("status", 8)),
        }
        argument.update((name, view[name]) for name in _STRINGS if isinstance(view.get(name), str))
        for name in ("create_time", "duration"):
            if view.get(name) is not None:
                argument[name] = _integer(view[name])
        schedule = _schedule(view.get("schedule")) if view.get("schedule") else None
        if schedule is not None:
            argument["schedule"] = schedule
        arguments.append(argument)
    return arguments
