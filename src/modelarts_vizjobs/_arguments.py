"""Checks and conversions of ``jobs`` method arguments, shared by both clients (no I/O).

A bad argument raises ``InvalidParameterError`` before anything is sent; job ids are checked
by ``_config.path_segment``, once per call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._errors import InvalidParameterError

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models.job_status import JobStatus
    from modelarts_vizjobs_client.models.job_type import JobType
    from modelarts_vizjobs_client.models.sort_by import SortBy
    from modelarts_vizjobs_client.models.sort_order import SortOrder


__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PAGE_SIZE",
    "concurrency_limit",
    "create_body",
    "description_text",
    "list_query",
    "unique_job_ids",
]

DEFAULT_PAGE_SIZE = 100
DEFAULT_CONCURRENCY = 8


def _spec_check(checks: dict[str, Any], value: object, name: str) -> None:
    """Refuse ``value`` as the spec does (``generated/.../constraints.py``), naming the limit."""
    if isinstance(value, str):
        low, high = checks.get("minLength"), checks.get("maxLength")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            span = f"{low or 0}-{high}" if high is not None else f"at least {low}"
            raise InvalidParameterError(
                f"{name} must be {span} characters long (spec), not {len(value)}: {value!r}"
            )
        if "pattern" in checks and re.search(checks["pattern"], value) is None:
            raise InvalidParameterError(
                f"{name} must match {checks['pattern']} (spec), not {value!r}"
            )
    elif isinstance(value, int):
        low, high = checks.get("minimum"), checks.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise InvalidParameterError(f"{name} must be {span} (spec), not {value!r}")
    if "enum" in checks and value not in checks["enum"]:
        allowed = ", ".join(map(repr, checks["enum"]))
        raise InvalidParameterError(f"{name} must be one of {allowed} (spec), not {value!r}")


def _field(schema: str, field: str, value: object, name: str | None = None) -> None:
    from modelarts_vizjobs_client.constraints import SCHEMAS

    label = field if name in (None, field) else f"{name} ({field})"
    _spec_check(SCHEMAS[schema].get(field, {}), value, label)


def _query(operation: str, parameter: str, value: object, name: str) -> None:
    from modelarts_vizjobs_client.constraints import QUERY_PARAMETERS

    label = parameter if name == parameter else f"{name} ({parameter})"
    _spec_check(QUERY_PARAMETERS[operation].get(parameter, {}), value, label)


def _enum(kind: Any, value: object, name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise InvalidParameterError(f"{name} must be one of {allowed}, not {value!r}") from None


def create_body(
    job_name: str,
    train_url: str,
    description: str,
    job_type: JobType | str | None,
    auto_stop_hours: int | None,
) -> Any:
    from modelarts_vizjobs_client.models import (
        CreateVisualizationJobRequest,
        JobType,
        Schedule,
        ScheduleTimeUnit,
        ScheduleType,
    )
    from modelarts_vizjobs_client.types import UNSET

    for name, value in (
        ("job_name", job_name),
        ("train_url", train_url),
        ("description", description),
    ):
        if not isinstance(value, str):
            raise InvalidParameterError(f"{name} must be a str, not {type(value).__name__}")
    _field("CreateVisualizationJobRequest", "job_name", job_name)
    _field("CreateVisualizationJobRequest", "train_url", train_url)
    _field("CreateVisualizationJobRequest", "job_desc", description, "description")
    schedule: Any = UNSET
    if auto_stop_hours is not None:
        if isinstance(auto_stop_hours, bool) or not isinstance(auto_stop_hours, int):
            raise InvalidParameterError("auto_stop_hours must be an integer number of hours")
        _field("Schedule", "duration", auto_stop_hours, "auto_stop_hours")
        schedule = [Schedule(ScheduleType.STOP, ScheduleTimeUnit.HOURS, auto_stop_hours)]
    return CreateVisualizationJobRequest(
        job_name=job_name,
        train_url=train_url,
        job_desc=description,
        job_type=UNSET if job_type is None else _enum(JobType, job_type, "job_type"),
        schedule=schedule,
    )


def list_query(
    status: JobStatus | int | None,
    search: str | None,
    sort_by: SortBy | str | None,
    order: SortOrder | str | None,
    page_size: int,
) -> dict[str, Any]:
    from modelarts_vizjobs_client.models import SortBy, SortOrder

    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise InvalidParameterError(f"page_size must be an integer, not {page_size!r}")
    _query("list_visualization_jobs", "per_page", page_size, "page_size")
    query: dict[str, Any] = {"per_page": page_size}
    if status is not None:
        if isinstance(status, bool) or not isinstance(status, int):
            raise InvalidParameterError(f"status must be a job status code, not {status!r}")
        query["status"] = str(int(status))
        _query("list_visualization_jobs", "status", query["status"], "status")
    if search is not None:
        if not isinstance(search, str):
            raise InvalidParameterError("search must be a str")
        _query("list_visualization_jobs", "search_content", search, "search")
        query["search_content"] = search
    if sort_by is not None:
        query["sort_by"] = _enum(SortBy, sort_by, "sort_by")
    if order is not None:
        query["order"] = _enum(SortOrder, order, "order")
    return query


def description_text(description: object) -> str:
    if not isinstance(description, str):
        raise InvalidParameterError("description must be a str")
    _field("UpdateVisualizationJobRequest", "job_desc", description, "description")
    return description


def concurrency_limit(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(f"concurrency must be a positive integer, not {value!r}")
    return value


def unique_job_ids(job_ids: Iterable[Any]) -> list[Any]:
    """The ids of a bulk delete, duplicates once (``1`` and ``True`` are not duplicates). Each
    id is checked when it is deleted: a bad one is a recorded failure, not an exception."""
    if isinstance(job_ids, str | bytes) or not isinstance(job_ids, Iterable):
        # a str is iterable too: delete_many("123") would delete jobs 1, 2 and 3
        raise InvalidParameterError(
            f"job ids must be a collection of job ids, not {type(job_ids).__name__}"
        )
    unique: dict[object, Any] = {}
    for job_id in job_ids:
        try:
            unique.setdefault((type(job_id), job_id), job_id)
        except TypeError:  # unhashable: kept, by identity (cheaper than isinstance Hashable)
            unique.setdefault((object, id(job_id)), job_id)
    return list(unique.values())
