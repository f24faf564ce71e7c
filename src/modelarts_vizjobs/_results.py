"""Domain types the facade returns, built from the generated models with strict type checks.

The generated ``from_dict`` casts without checking, so every field is checked here: ``job_id``,
``status``, ``create_time`` and ``duration`` accept an integer or a numeric string of at most
64 characters (spec reading 1; longer would be no id or time of this API, and Python refuses
to convert 4,301+ digits), ``bool`` is never taken for an integer, and anything else raises
``ResponseShapeError``, which the client reports as ``APIResponseValidationError``. The
generated models also take any iterable for an array (``"jobs": {}`` became an empty page):
``check_containers`` checks the raw types of the arrays and objects first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from ._errors import ResponseShapeError

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models.create_visualization_job_response import (
        CreateVisualizationJobResponse,
    )
    from modelarts_vizjobs_client.models.job_status import JobStatus

    from ._errors import ModelArtsError

__all__ = [
    "BulkDeleteResult",
    "CreatedJob",
    "JobId",
    "VisualizationJob",
    "check_containers",
    "created_job_from",
    "failure_key",
    "job_status",
    "visualization_job_from",
    "with_settled_status",
]

#: A job id as callers pass it: the path types it as a string, every example is a number.
JobId = int | str

#: At most 64 characters, like an id in a path and a number in a body (``_json_limits``).
_NUMERIC = re.compile(r"-?[0-9]{1,63}|[0-9]{64}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def job_status(code: int) -> JobStatus | int:
    """``JobStatus`` for a known code, the bare integer for codes outside the table."""
    from modelarts_vizjobs_client.models.job_status import JobStatus

    try:
        return JobStatus(code)
    except ValueError:
        return code


def _absent(value: object) -> bool:
    """None, or the generated client's UNSET (imported here: the generated package loads late)."""
    from modelarts_vizjobs_client.types import Unset

    return value is None or isinstance(value, Unset)


def _integer(value: object, name: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        if _NUMERIC.fullmatch(value):
            return int(value)
        raise ResponseShapeError(f"{name} is a str, not a numeric string of at most 64 characters")
    raise ResponseShapeError(f"{name} is {type(value).__name__}, not an integer")


def _optional_integer(value: object, name: str) -> int | None:
    return None if _absent(value) else _integer(value, name)


def _optional_text(value: object, name: str) -> str | None:
    if _absent(value):
        return None
    if isinstance(value, str):
        return value
    raise ResponseShapeError(f"{name} is {type(value).__name__}, not a string")


def _timestamp(value: object, name: str) -> datetime | None:
    millis = _optional_integer(value, name)
    if millis is None:
        return None
    try:
        return _EPOCH + timedelta(milliseconds=millis)
    except OverflowError:
        raise ResponseShapeError(f"{name} {millis} is out of range") from None


@attrs.frozen
class VisualizationJob:
    """One visualization job, as list and details return it.

    ``status`` is a ``JobStatus`` when the code is in the documented table, else the integer;
    ``create_time`` is UTC; ``duration`` is milliseconds.
    """

    job_id: int
    status: JobStatus | int
    name: str | None = None
    description: str | None = None
    create_time: datetime | None = None
    duration: int | None = None
    service_url: str | None = None
    train_url: str | None = None
    resource_id: str | None = None
    auto_stop_hours: int | None = None
    remaining_duration: int | None = None


@attrs.frozen
class CreatedJob:
    """The answer to a create: the job exists and starts in INIT (1)."""

    job_id: int
    name: str | None = None
    status: JobStatus | int | None = None
    create_time: datetime | None = None
    service_url: str | None = None
    request_id: str | None = attrs.field(default=None, eq=False)


@attrs.frozen
class BulkDeleteResult:
    """Per-id outcome of ``delete_many``: every id is in exactly one of the two."""

    deleted: tuple[JobId, ...]
    failures: Mapping[JobId, ModelArtsError]

    @property
    def ok(self) -> bool:
        return not self.failures


def _auto_stop_hours(schedule: object) -> int | None:
    if _absent(schedule):
        return None
    if not isinstance(schedule, list):
        raise ResponseShapeError("schedule is not an array")
    for item in schedule:
        kind = getattr(item, "type_", None)
        if kind == "stop":
            return _optional_integer(getattr(item, "duration", None), "schedule.duration")
    return None


class _JobFields(Protocol):
    """The fields the generated ``VisualizationJob`` and ``VisualizationJobDetails`` share."""

    @property
    def job_id(self) -> object: ...
    @property
    def status(self) -> object: ...
    @property
    def job_name(self) -> object: ...
    @property
    def job_desc(self) -> object: ...
    @property
    def create_time(self) -> object: ...
    @property
    def duration(self) -> object: ...
    @property
    def service_url(self) -> object: ...
    @property
    def train_url(self) -> object: ...
    @property
    def resource_id(self) -> object: ...
    @property
    def schedule(self) -> object: ...
    @property
    def remaining_duration(self) -> object: ...


def visualization_job_from(model: _JobFields) -> VisualizationJob:
    """Check and convert one generated ``VisualizationJob`` (or ``VisualizationJobDetails``)."""
    return VisualizationJob(
        job_id=_integer(model.job_id, "job_id"),
        status=job_status(_integer(model.status, "status")),
        name=_optional_text(model.job_name, "job_name"),
        description=_optional_text(model.job_desc, "job_desc"),
        create_time=_timestamp(model.create_time, "create_time"),
        duration=_optional_integer(model.duration, "duration"),
        service_url=_optional_text(model.service_url, "service_url"),
        train_url=_optional_text(model.train_url, "train_url"),
        resource_id=_optional_text(model.resource_id, "resource_id"),
        auto_stop_hours=_auto_stop_hours(model.schedule),
        remaining_duration=_optional_integer(model.remaining_duration, "remaining_duration"),
    )


def created_job_from(model: CreateVisualizationJobResponse, request_id: str | None) -> CreatedJob:
    """Check and convert the generated create answer."""
    status = _optional_integer(model.status, "status")
    return CreatedJob(
        job_id=_integer(model.job_id, "job_id"),
        name=_optional_text(model.job_name, "job_name"),
        status=None if status is None else job_status(status),
        create_time=_timestamp(model.create_time, "create_time"),
        service_url=_optional_text(model.service_url, "service_url"),
        request_id=request_id,
    )


def _check_object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ResponseShapeError(f"{where} is a JSON {_json_type(value)}, not an object")
    return value


def _check_objects(value: object, where: str) -> list[dict[str, object]]:
    """*value* as a JSON array of objects (absent or null: no array, nothing to check)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ResponseShapeError(f"{where} is a JSON {_json_type(value)}, not an array")
    return [_check_object(item, f"{where} item") for item in value]


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _flat_object(content: bytes) -> bool:
    """An object (valid JSON already) that names neither ``jobs`` nor ``schedule``, in plain
    ASCII with no escape that could spell either: nothing to check, no second parse (the
    acknowledgement of delete, stop, restart, update)."""
    return (
        content.lstrip()[:1] == b"{"
        and content.isascii()
        and b"\x00" not in content
        and b"\\" not in content
        and b'"jobs"' not in content
        and b'"schedule"' not in content
    )


def check_containers(content: bytes) -> None:
    """Refuse a success body whose containers have the wrong JSON type: the body is not an
    object, ``jobs`` is not an array of objects, a ``schedule`` not an array of objects.

    *content* has passed ``_json_limits`` and the generated parser already, so it parses.
    """
    if _flat_object(content):
        return
    body = _check_object(json.loads(content), "body")
    jobs = _check_objects(body.get("jobs"), "jobs") if "jobs" in body else []
    for job in (body, *jobs):
        if job.get("schedule") is not None:
            _check_objects(job["schedule"], "schedule")


def failure_key(job_id: object) -> Any:
    """The key a bulk failure is recorded under: the id itself, or its repr when it cannot be
    a key."""
    return job_id if isinstance(job_id, Hashable) else repr(job_id)


def with_settled_status(created: CreatedJob, job: VisualizationJob | None) -> CreatedJob:
    """The create's answer with the status the job settled in (a RUNNING wait never ends
    with None: only GONE does)."""
    return created if job is None else attrs.evolve(created, status=job.status)
