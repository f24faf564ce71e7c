"""Job 10, the job of every sample request in the API reference, seeded in a chosen status."""

from __future__ import annotations

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, OTHER_PROJECT_ID, StubBackend

__all__ = ["SAMPLE_JOB_ID", "seed_sample_job"]

SAMPLE_JOB_ID = 10


def seed_sample_job(backend: StubBackend, *, status: int, job_name: str) -> int:
    """Seed job 10 of the default project on a freshly reset backend.

    `StubBackend.seed` picks the id itself: ids are global across projects and restart at 1 on
    reset, so nine jobs of the other project (invisible to the default token) come first.
    """
    for _ in range(SAMPLE_JOB_ID - 1):
        backend.seed(OTHER_PROJECT_ID, job_name="filler")
    job_id = backend.seed(DEFAULT_PROJECT_ID, status=status, job_name=job_name)
    if job_id != SAMPLE_JOB_ID:
        raise RuntimeError(f"seeded job {job_id}, not {SAMPLE_JOB_ID}: was the backend reset?")
    return job_id
