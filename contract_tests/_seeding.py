"""Job 10, the job of every sample request in the API reference, seeded in a chosen status."""

from __future__ import annotations

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, StubBackend

__all__ = ["SAMPLE_JOB_ID", "seed_sample_job"]

SAMPLE_JOB_ID = 10


def seed_sample_job(backend: StubBackend, *, status: int, job_name: str) -> int:
    """Seed job 10 of the default project (ValueError if the backend holds a job 10 already)."""
    return backend.seed(DEFAULT_PROJECT_ID, status=status, job_name=job_name, job_id=SAMPLE_JOB_ID)
