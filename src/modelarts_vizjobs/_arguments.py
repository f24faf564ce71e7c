"""Checks and conversions of ``jobs`` method arguments, shared by both clients (no I/O).

A bad argument raises ``InvalidParameterError`` before anything is sent; job ids are checked
by ``_config.path_segment``, once per call.
"""

from __future__ import annotations

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
]

DEFAULT_PAGE_SIZE = 100
DEFAULT_CONCURRENCY = 8


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
    schedule: Any = UNSET
    if auto_stop_hours is not None:
        if isinstance(auto_stop_hours, bool) or not isinstance(auto_stop_hours, int):
            raise InvalidParameterError("auto_stop_hours must be an integer number of hours")
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

    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= 1000:
        raise InvalidParameterError(
            f"page_size must be an integer from 1 to 1000, not {page_size!r}"
        )
    query: dict[str, Any] = {"per_page": page_size}
    if status is not None:
        if isinstance(status, bool) or not isinstance(status, int) or not 0 <= status <= 22:
            raise InvalidParameterError(f"status must be a job status code 0-22, not {status!r}")
        query["status"] = str(int(status))
    if search is not None:
        if not isinstance(search, str) or len(search) > 64:
            raise InvalidParameterError("search must be a str of at most 64 characters")
        query["search_content"] = search
    if sort_by is not None:
        query["sort_by"] = _enum(SortBy, sort_by, "sort_by")
    if order is not None:
        query["order"] = _enum(SortOrder, order, "order")
    return query


def description_text(description: object) -> str:
    if not isinstance(description, str):
        raise InvalidParameterError("description must be a str")
    return description


def concurrency_limit(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(f"concurrency must be a positive integer, not {value!r}")
    return value
