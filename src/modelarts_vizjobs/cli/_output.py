"""Rendering: aligned tables and ``key: value`` blocks for people, JSON for scripts.

Both views start from the SDK's domain objects (``VisualizationJob``, ``CreatedJob``): JSON keeps
their field names and raw values (status code, ISO 8601 UTC times), the human views show status
names and readable times.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import click

if TYPE_CHECKING:
    from attrs import AttrsInstance

    from modelarts_vizjobs import VisualizationJob

__all__ = [
    "emit",
    "fields_block",
    "format_time",
    "job_fields",
    "jobs_table",
    "json_id",
    "record",
    "status_label",
    "table",
]


def status_label(status: int | None) -> str:
    """``RUNNING(8)``; a code outside the documented table stays a bare number."""
    if status is None:
        return "-"
    if isinstance(status, enum.IntEnum):
        return f"{status.name}({status.value})"
    return str(status)


def format_time(moment: datetime | None) -> str:
    """``2026-11-29 17:30:00 UTC``."""
    return "-" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _millis(value: int | None) -> str:
    return "-" if value is None else str(timedelta(seconds=value // 1000))


def job_fields(job: VisualizationJob) -> list[tuple[str, str]]:
    """The ``key: value`` pairs of ``jobs get``."""
    return [
        ("id", str(job.job_id)),
        ("name", job.name or "-"),
        ("status", status_label(job.status)),
        ("description", job.description or ""),
        ("train url", job.train_url or "-"),
        ("service url", job.service_url or "-"),
        ("created", format_time(job.create_time)),
        ("running for", _millis(job.duration)),
        ("auto stop", "-" if job.auto_stop_hours is None else f"after {job.auto_stop_hours} h"),
        ("remaining", _millis(job.remaining_duration)),
        ("resource id", job.resource_id or "-"),
    ]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart, no trailing blanks."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [headers, *rows]
    )


def jobs_table(jobs: Sequence[VisualizationJob]) -> str:
    """The table of ``jobs list``; free text last, so long descriptions do not push columns."""
    if not jobs:
        return "no jobs"
    rows = [
        (
            str(job.job_id),
            job.name or "-",
            status_label(job.status),
            format_time(job.create_time),
            job.description or "",
        )
        for job in jobs
    ]
    return table(("ID", "NAME", "STATUS", "CREATED", "DESCRIPTION"), rows)


def fields_block(pairs: Sequence[tuple[str, str]]) -> str:
    """``key:   value`` lines with the values aligned."""
    width = max((len(key) for key, _ in pairs), default=0) + 1
    return "\n".join(f"{key + ':':<{width}} {value}" for key, value in pairs)


def _plain(_instance: object, _field: object, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.IntEnum):
        return value.value
    return value


def record(model: AttrsInstance) -> dict[str, Any]:
    """A domain object as a JSON-ready dict with the SDK's field names."""
    return attrs.asdict(model, value_serializer=_plain)


def json_id(job_id: str) -> int | str:
    """A job id typed on the command line as ``--json`` shows ids: a number, as the service
    gives them (an id that is no number, which the service answers 404, stays as typed)."""
    return int(job_id) if job_id.isascii() and job_id.isdigit() else job_id


def emit(as_json: bool, data: object, human: str) -> None:
    """Print ``data`` as JSON for scripts, or the ``human`` text."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if as_json else human)
