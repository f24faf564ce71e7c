"""One stub job: its record, how ``StubBackend.seed`` describes one, and how list and details
show it. The backend (``models``) owns the records and their lifecycle."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final
from urllib.parse import quote

from modelarts_vizjobs_client.models.job_status import JobStatus

from .exceptions import BadRequest
from .validation import _parse_schedule

__all__ = ["JOB_ID_DIGITS", "Job", "seeded_job", "service_url", "view"]

#: Digits of the ids the stub hands out (a job id of the real service has at most 19).
JOB_ID_DIGITS: Final = 19
#: Highest id :meth:`StubBackend.seed` takes, so that the ids handed out after it stay findable.
_MAX_JOB_ID: Final = 10 ** (JOB_ID_DIGITS - 1)
_SEED_STRINGS: Final = ("job_desc", "train_url", "job_type", "workspace_id", "resource_id")
_SEED_FIELDS: Final = frozenset(_SEED_STRINGS) | {"flavor", "schedule", "create_time", "duration"}


def _now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


@dataclass(slots=True)
class Job:
    """A job's record: what the service keeps, not what it shows (:func:`view`)."""

    project_id: str
    job_name: str
    job_desc: str
    train_url: str
    job_type: str
    flavor: dict[str, object] | None
    schedule: dict[str, object] | None
    job_id: int = 0  # given by StubBackend._add
    workspace_id: str = "0"
    create_time: int = field(default_factory=_now_ms)
    resource_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: int = JobStatus.UNKNOWN
    pending: list[int] = field(default_factory=list)
    reads: int = 0
    step_since: float = 0.0
    run_ms: float = 0.0
    running_since: float | None = None


def _integer(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} {value} is out of range")
    return value


def seeded_job(
    project_id: object, status: object, job_name: object, job_id: object, fields: dict[str, object]
) -> Job:
    """The job :meth:`StubBackend.seed` describes (id not yet given); TypeError/ValueError."""
    unknown = sorted(set(fields) - _SEED_FIELDS)
    if unknown:
        raise TypeError(f"seed() got unknown fields: {', '.join(unknown)}")
    strings = {"project_id": project_id, "job_name": job_name}
    strings.update((name, fields[name]) for name in _SEED_STRINGS if name in fields)
    for name, value in strings.items():
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {value!r}")
    status_code = _integer("status", status)
    if job_id is not None:
        _integer("job_id", job_id, 1, _MAX_JOB_ID)
    flavor = fields.get("flavor")
    if flavor is not None and not isinstance(flavor, dict):
        raise TypeError(f"flavor must be an object, got {flavor!r}")
    duration = fields.get("duration", 0)
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise TypeError(f"duration must be a number of milliseconds, got {duration!r}")
    if not 0 <= duration < float("inf"):
        raise ValueError(f"duration must be a finite number >= 0, got {duration!r}")
    schedule = fields.get("schedule")
    try:
        schedule = None if schedule is None else _parse_schedule(schedule)
    except BadRequest as exc:
        raise ValueError(exc.message) from None
    job = Job(
        project_id=str(project_id),
        job_name=str(job_name),
        job_desc=str(fields.get("job_desc", "")),
        train_url=str(fields.get("train_url", "/obs/seeded/")),
        job_type=str(fields.get("job_type", "TensorBoard")),
        flavor=None if flavor is None else dict(flavor),
        schedule=schedule,
        workspace_id=str(fields.get("workspace_id", "0")),
        status=status_code,
        resource_id=str(fields.get("resource_id") or uuid.uuid4()),
        run_ms=float(duration),
    )
    if "create_time" in fields:
        job.create_time = _integer("create_time", fields["create_time"], 0)
    return job


def service_url(job: Job) -> str:
    """A URL shaped like the service's, on a reserved domain that never resolves."""
    engine = job.job_type.lower()
    return (
        f"https://modelarts.stub.invalid/modelarts/{engine}/{quote(job.project_id)}/{job.job_id}/"
    )


def view(job: Job, now: float) -> dict[str, object]:
    """A job as the list and details operations show it."""
    duration = job.run_ms
    if job.running_since is not None:
        duration += (now - job.running_since) * 1000
    view: dict[str, object] = {
        "job_id": job.job_id,
        "job_name": job.job_name,
        "status": job.status,
        "create_time": job.create_time,
        "duration": int(duration),
        "job_desc": job.job_desc,
        "service_url": service_url(job),
        "train_url": job.train_url,
        "resource_id": job.resource_id,
        "remaining_duration": None,
    }
    if job.schedule is not None:
        hours = job.schedule["duration"]
        view["schedule"] = [{"type": "stop", "timeUnit": "HOURS", "duration": hours}]
        view["remaining_duration"] = max(0, int(hours) * 3_600_000 - int(duration))  # type: ignore[call-overload]
    return view
