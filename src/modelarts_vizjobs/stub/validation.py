"""Request validation exactly as the spec documents it, with ModelArts error codes.

- ``ModelArts.0101`` (invalid argument): the body is not a JSON object, or a query parameter has
  the wrong type;
- ``ModelArts.0104`` (parameter error): a documented constraint is violated;
- ``ModelArts.0107`` (invalid parameters): the body carries fields the operation does not take.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TypeGuard
from urllib.parse import parse_qsl

from .exceptions import BadRequest

__all__ = [
    "JOB_TYPES",
    "SORT_FIELDS",
    "CreateRequest",
    "ListQuery",
    "check_path_value",
    "json_object",
    "parse_create",
    "parse_json_object",
    "parse_list_query",
    "parse_update",
]

JOB_TYPES = ("TensorBoard", "MindInsight", "tensorboard", "mindinsight")
SORT_FIELDS = ("job_id", "job_name", "job_desc", "create_time", "status")
_ORDERS = ("asc", "desc")
_JOB_NAME = re.compile(r"[A-Za-z0-9_-]{1,20}")
_STATUS_FILTER = re.compile(r"0|[1-9]|1[0-9]|2[0-2]")
_INTEGER = re.compile(r"[+-]?[0-9]{1,4000}")
_CREATE_FIELDS = frozenset({"job_name", "job_desc", "train_url", "job_type", "flavor", "schedule"})
_MAX_PATH_VALUE = 64


def _param_error(message: str) -> BadRequest:
    return BadRequest(f"Parameter error. {message}", error_code="ModelArts.0104")


@dataclass(frozen=True, slots=True)
class CreateRequest:
    """A create body once checked, so the backend never sees an invalid one."""

    job_name: str
    job_desc: str
    train_url: str
    job_type: str
    flavor: dict[str, object] | None
    schedule: dict[str, object] | None


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A list query once checked, with the spec's defaults filled in."""

    status: int | None = None
    per_page: int = 10
    page: int = 1
    sort_by: str = "job_id"
    order: str = "asc"
    search_content: str = ""
    workspace_id: str = "0"


def check_path_value(name: str, value: str) -> None:
    """Path parameters are 1-64 characters (spec ``ProjectId``/``JobId``)."""
    if not 1 <= len(value) <= _MAX_PATH_VALUE:
        raise BadRequest(f"Invalid Argument. {name} must be 1-{_MAX_PATH_VALUE} characters.")


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def json_object(body: bytes) -> dict[str, object]:
    """*body* as a JSON object; ``ModelArts.0101`` for anything else: not UTF-8, not strict
    JSON (``NaN``, ``Infinity``), nested deeper than the parser goes, or not an object."""
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("Invalid Argument. The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("Invalid Argument. The request body must be a JSON object.")
    return data


def parse_json_object(body: bytes, content_type: str | None) -> dict[str, object]:
    """The body of an API request: :func:`json_object`, sent as ``application/json``."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise BadRequest("Invalid Argument. Content-Type must be application/json.")
    return json_object(body)


def _reject_unknown(data: dict[str, object], allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise BadRequest(
            f"The values of the request parameters ({','.join(unknown)}) are invalid: "
            "unknown fields.",
            error_code="ModelArts.0107",
        )


def _string(data: dict[str, object], name: str, *, low: int, high: int, default: str | None) -> str:
    value = data.get(name, default)
    if value is None:
        raise _param_error(f"{name} is required.")
    if not isinstance(value, str):
        raise _param_error(f"{name} must be a string.")
    if not low <= len(value) <= high:
        raise _param_error(f"The length of {name} should be in [{low},{high}].")
    return value


def _is_integer(value: object) -> TypeGuard[int | float]:
    """JSON Schema's integer: an int (not a bool) or a float with no fraction (``1.0``)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _parse_schedule(value: object) -> dict[str, object]:
    if isinstance(value, list):
        if len(value) != 1:
            raise _param_error("schedule must be an object or an array of exactly one object.")
        value = value[0]
    if not isinstance(value, dict):
        raise _param_error("schedule must be an object or an array of exactly one object.")
    if value.get("type") != "stop":
        raise _param_error('schedule.type must be "stop".')
    if value.get("time_unit") != "HOURS":
        raise _param_error('schedule.time_unit must be "HOURS".')
    duration = value.get("duration")
    if (
        not isinstance(duration, int | float)
        or not _is_integer(duration)
        or not 0 <= duration <= 24
    ):
        raise _param_error("schedule.duration must be an integer in [0,24].")
    return {"type": "stop", "time_unit": "HOURS", "duration": int(duration)}


def _parse_flavor(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise _param_error("flavor must be an object.")
    code = value.get("code")
    if not isinstance(code, str) or not 1 <= len(code) <= 128:
        raise _param_error("flavor.code must be a string of 1-128 characters.")
    return dict(value)


def parse_create(data: dict[str, object]) -> CreateRequest:
    """Validate a ``CreateVisualizationJobRequest``."""
    _reject_unknown(data, _CREATE_FIELDS)
    job_name = _string(data, "job_name", low=1, high=20, default=None)
    if not _JOB_NAME.fullmatch(job_name):
        raise _param_error(
            "job_name may contain only letters, digits, underscores and hyphens (1-20)."
        )
    job_type = data.get("job_type", "TensorBoard")
    if job_type not in JOB_TYPES:
        raise _param_error(f"job_type must be one of {', '.join(JOB_TYPES)}.")
    flavor = data.get("flavor")
    schedule = data.get("schedule")
    return CreateRequest(
        job_name=job_name,
        job_desc=_string(data, "job_desc", low=0, high=256, default=""),
        train_url=_string(data, "train_url", low=1, high=1024, default=None),
        job_type=str(job_type),
        flavor=_parse_flavor(flavor) if "flavor" in data else None,
        schedule=_parse_schedule(schedule) if "schedule" in data else None,
    )


def parse_update(data: dict[str, object]) -> str:
    """Validate an ``UpdateVisualizationJobRequest``; the new description."""
    _reject_unknown(data, frozenset({"job_desc"}))
    return _string(data, "job_desc", low=0, high=256, default=None)


def _integer(name: str, raw: str, *, low: int, high: int | None) -> int:
    if not _INTEGER.fullmatch(raw):
        raise BadRequest(f"Invalid Argument. {name} must be an integer.")
    value = int(raw)
    if value < low or (high is not None and value > high):
        upper = "" if high is None else f",{high}"
        raise _param_error(f"{name} should be in [{low}{upper}].")
    return value


def _choice(name: str, raw: str, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise _param_error(f"{name} must be one of {', '.join(choices)}.")
    return raw


def _length(name: str, raw: str, high: int) -> str:
    if len(raw) > high:
        raise _param_error(f"The length of {name} should be in [0,{high}].")
    return raw


def parse_list_query(query_string: str) -> ListQuery:
    """Validate the list operation's query; unknown parameters are ignored, the first value wins."""
    if not query_string:
        return ListQuery()
    params: dict[str, str] = {}
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        params.setdefault(key, value)
    status = params.get("status")
    if status is not None and not _STATUS_FILTER.fullmatch(status):
        raise _param_error("status must be a job status code from 0 to 22.")
    return ListQuery(
        status=None if status is None else int(status),
        per_page=_integer("per_page", params.get("per_page", "10"), low=1, high=1000),
        page=_integer("page", params.get("page", "1"), low=1, high=None),
        sort_by=_choice("sortBy", params.get("sortBy", "job_id"), SORT_FIELDS),
        order=_choice("order", params.get("order", "asc"), _ORDERS),
        search_content=_length("search_content", params.get("search_content", ""), 64),
        workspace_id=_length("workspace_id", params.get("workspace_id", "0"), 64),
    )
