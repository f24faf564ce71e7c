"""The in-memory ModelArts backend: jobs per project and their lifecycle (moto's ``models.py``).

Lifecycle (status codes of page modelarts_03_0074):

=========  ==========================================  ================================
operation  allowed from (status codes)                 then (each step as the policy says)
=========  ==========================================  ================================
create     any project below its job limit             1 INIT -> 4 -> 7 -> 8 RUNNING
stop       1, 2, 4, 7, 8, 15, 18, 19                   9 KILLING -> 12 KILLED
restart    3, 5, 10, 11, 12, 13, 14, 16, 17, 20-22     1 INIT -> 4 -> 7 -> 8 RUNNING
delete     every status but 9 KILLING and 15 SCALING   9 KILLING -> removed
update     every status                                (synchronous)
=========  ==========================================  ================================

A job whose deletion is pending shows status 9, so a second delete answers the documented
``ModelArts.0105`` "This job can't be delete. job status: 9"; once removed, the job answers
404 ``ModelArts.0102`` everywhere.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Final

from modelarts_vizjobs_client.models.job_status import JobStatus

from .. import _lifecycle
from .auth import DEFAULT_PROJECT_ID, Credentials
from .exceptions import JobNotFound, JobStateConflict, QuotaExceeded
from .faults import FaultInjector
from .jobs import JOB_ID_DIGITS, Job, seeded_job, service_url, view
from .journal import Journal, JournalEntry
from .policy import Progression, TransitionPolicy
from .validation import CreateRequest, ListQuery

__all__ = ["RESTARTABLE", "STOPPABLE", "UNDELETABLE", "StubBackend"]

S = JobStatus
#: The lifecycle's groups (``_lifecycle``, reasons there) as ``JobStatus`` members.
STOPPABLE: Final = frozenset(map(S, _lifecycle.STOPPABLE))
RESTARTABLE: Final = frozenset(map(S, _lifecycle.RESTARTABLE))
#: Statuses refusing delete; every other status (known or not) accepts it.
UNDELETABLE: Final = frozenset(map(S, _lifecycle.REFUSES_DELETE))
_START: Final = (S.SUBMIT_TRYING, S.WAITING, S.RUNNING)
_REMOVED: Final = -1


class StubBackend:
    """In-memory state of the fake service, shared by the in-process app and the server.

    *policy* is the transition policy (restored by :meth:`reset`, default immediate);
    *job_limit* the jobs a project may hold (``job_count_limit`` counts down from it, creating
    past it answers ``ModelArts.0118``); *quotas* the figure the list reports; *journal_size*
    the requests the journal keeps; *clock* the monotonic clock of ``after_seconds`` and of
    running durations.

    Thread-safe: every operation holds one lock, so the test thread may seed or reset while the
    server thread serves.
    """

    def __init__(
        self,
        *,
        policy: TransitionPolicy | None = None,
        job_limit: int = 1000,
        quotas: int = 100,
        journal_size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.RLock()
        self._default_policy = policy or TransitionPolicy.immediate()
        self._policy = self._default_policy
        self._job_limit = job_limit
        self._quotas = quotas
        self._clock = clock
        self._projects: dict[str, dict[int, Job]] = {}
        self._next_id = 1
        self._generation = 0
        self.credentials: Credentials = Credentials.defaults()
        self.faults: FaultInjector = FaultInjector()
        self._journal = Journal(journal_size)

    def __repr__(self) -> str:
        with self._lock:
            jobs = sum(len(jobs) for jobs in self._projects.values())
        return f"StubBackend(jobs={jobs}, policy={self._policy.to_dict()})"

    # -- test controls --------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every job, custom credential, fault and journal entry; restart job ids at 1.

        A request still in flight (e.g. held by an injected delay its client gave up on) does
        not reach the fresh state: it started in an earlier :attr:`generation` (see ``app``).
        """
        with self._lock:
            self._projects.clear()
            self._next_id = 1
            self._generation += 1
            self._policy = self._default_policy
            self.credentials = Credentials.defaults()
        self.faults.clear()
        self._journal.clear()

    @property
    def generation(self) -> int:
        """How many times :meth:`reset` has run: the state a request started on."""
        return self._generation

    def set_policy(self, policy: TransitionPolicy) -> None:
        """Use *policy* for the status walks from now on (until :meth:`reset`)."""
        with self._lock:
            self._policy = policy

    @property
    def policy(self) -> TransitionPolicy:
        """The transition policy in force."""
        return self._policy

    @property
    def journal(self) -> list[JournalEntry]:
        """The API requests so far, in the order the backend served them; secrets redacted."""
        return self._journal.entries()

    def clear_journal(self) -> None:
        """Forget the requests served so far (jobs and faults stay)."""
        self._journal.clear()

    def record(self, entry: JournalEntry) -> None:
        """Append *entry* to the journal (the app records each API request it served)."""
        self._journal.record(entry)

    def add_token(self, token: str, project_id: str) -> None:
        """Accept *token* as ``X-Auth-Token`` for *project_id* (until :meth:`reset`)."""
        with self._lock:
            self.credentials.tokens[token] = project_id

    def add_access_key(self, access_key: str, secret_key: str, project_id: str) -> None:
        """Accept AK/SK signatures by *access_key* for *project_id* (until :meth:`reset`)."""
        with self._lock:
            self.credentials.keys[access_key] = (secret_key, project_id)

    def seed(
        self,
        project_id: str,
        *,
        status: int = JobStatus.RUNNING,
        job_name: str = "seeded",
        job_id: int | None = None,
        **fields: object,
    ) -> int:
        """Add a job directly in *status* (no pending transition); returns its id.

        *job_id* picks the id (the documented samples all use job 10); one in use in any
        project is refused, and later ids are handed out above it. *fields* may set
        ``job_desc``, ``train_url``, ``job_type``, ``workspace_id`` (strings), ``flavor``
        (object), ``schedule`` (request form), ``create_time`` (ms) and ``duration``
        (running ms). Everything is checked before the job exists: a refused seed (TypeError
        or ValueError) changes nothing. ``resource_id`` (string) keeps a recorded one.
        """
        job = seeded_job(project_id, status, job_name, job_id, fields)
        with self._lock:
            if job_id is not None and any(job_id in jobs for jobs in self._projects.values()):
                raise ValueError(f"job id {job_id} is in use")
            self._add(job, job_id)
            self._set_status(job, job.status, self._clock())
            return job.job_id

    def seed_from(
        self, recording: str | os.PathLike[str] | Mapping[str, Any], project_id: str | None = None
    ) -> list[int]:
        """Add every job a recording (``conformance --record``, ``proxy --record``) shows, as
        last recorded, to *project_id* (default: the stub's default project); returns the ids.
        ValueError (and no job added) when it is not a recording or a job cannot be seeded."""
        from .seeding import seed_arguments

        project = project_id or DEFAULT_PROJECT_ID
        added: list[int] = []
        with self._lock:
            try:
                added.extend(
                    self.seed(project, **argument) for argument in seed_arguments(recording)
                )
            except (TypeError, ValueError) as exc:
                for job_id in added:
                    del self._projects[project][job_id]
                raise ValueError(f"cannot seed the recording: {exc}") from None
        return added

    # -- the seven operations -------------------------------------------------------------------

    def create_job(self, project_id: str, request: CreateRequest) -> dict[str, object]:
        """Create a job in INIT that starts on its own; ``ModelArts.0118`` past the limit."""
        with self._lock:
            jobs = self._projects.get(project_id, {})
            if len(jobs) >= self._job_limit:
                raise QuotaExceeded(
                    f"The expected visualization jobs exceeds the quota limit ({self._job_limit})."
                )
            job = Job(
                project_id=project_id,
                job_name=request.job_name,
                job_desc=request.job_desc,
                train_url=request.train_url,
                job_type=request.job_type,
                flavor=request.flavor,
                schedule=request.schedule,
            )
            self._add(job)
            now = self._clock()
            self._set_status(job, S.INIT, now)
            job.pending = list(_START)
            answer: dict[str, object] = {
                "is_success": True,
                "job_id": job.job_id,
                "job_name": job.job_name,
                "status": job.status,
                "create_time": job.create_time,
                "service_url": service_url(job),
            }
            self._advance(job, now, read=False)
            return answer

    def list_jobs(self, project_id: str, query: ListQuery) -> dict[str, object]:
        """The list answer: filtered, sorted and paged as *query* says."""
        with self._lock:
            now = self._clock()
            jobs = self._projects.get(project_id, {})
            alive = [job for job in list(jobs.values()) if self._advance(job, now, read=True)]
            matching = [
                job
                for job in alive
                if job.workspace_id == query.workspace_id
                and (query.status is None or job.status == query.status)
                and query.search_content in job.job_name
            ]
            matching.sort(
                key=lambda job: (getattr(job, query.sort_by), job.job_id),
                reverse=query.order == "desc",
            )
            start = (query.page - 1) * query.per_page
            return {
                "is_success": True,
                "quotas": self._quotas,
                "job_total_count": len(matching),
                "job_count_limit": max(0, self._job_limit - len(jobs)),
                "jobs": [view(job, now) for job in matching[start : start + query.per_page]],
            }

    def get_job(self, project_id: str, job_id: str) -> dict[str, object]:
        """The job's answer body (a read may move it along its walk); 404 once it is gone."""
        with self._lock:
            now = self._clock()
            job = self._find(project_id, job_id)
            if not self._advance(job, now, read=True):
                raise JobNotFound(job_id)
            return {**view(job, now), "is_success": True}

    def update_job(self, project_id: str, job_id: str, job_desc: str) -> None:
        """Set the job's description (the only updatable field)."""
        with self._lock:
            self._current(project_id, job_id).job_desc = job_desc

    def stop_job(self, project_id: str, job_id: str) -> None:
        """Start a stop (KILLING, then KILLED); ``ModelArts.0105`` where it is illegal."""
        self._start_transition(
            project_id, job_id, "stop", STOPPABLE.__contains__, S.KILLING, [S.KILLED]
        )

    def restart_job(self, project_id: str, job_id: str) -> None:
        """Start a restart (INIT, then the start walk); ``ModelArts.0105`` where illegal."""
        self._start_transition(
            project_id, job_id, "resubmit", RESTARTABLE.__contains__, S.INIT, list(_START)
        )

    def delete_job(self, project_id: str, job_id: str) -> None:
        """Start a delete (KILLING, then gone); ``ModelArts.0105`` where it is illegal."""
        self._start_transition(project_id, job_id, "delete", _deletable, S.KILLING, [_REMOVED])

    # -- internals ------------------------------------------------------------------------------

    def _add(self, job: Job, job_id: int | None = None) -> None:
        """Store *job* under *job_id* or the next free id; later ids stay above every id given."""
        job.job_id = self._next_id if job_id is None else job_id
        self._next_id = max(self._next_id, job.job_id + 1)
        self._projects.setdefault(job.project_id, {})[job.job_id] = job

    def _find(self, project_id: str, job_id: str) -> Job:
        job = None
        if job_id.isascii() and job_id.isdigit() and len(job_id) <= JOB_ID_DIGITS:
            job = self._projects.get(project_id, {}).get(int(job_id))
        if job is None:
            raise JobNotFound(job_id)
        return job

    def _current(self, project_id: str, job_id: str) -> Job:
        """The job after the progress time alone brings (mutations are not reads)."""
        job = self._find(project_id, job_id)
        if not self._advance(job, self._clock(), read=False):
            raise JobNotFound(job_id)
        return job

    def _start_transition(
        self,
        project_id: str,
        job_id: str,
        verb: str,
        allowed: Callable[[int], bool],
        first: int,
        steps: list[int],
    ) -> None:
        with self._lock:
            job = self._current(project_id, job_id)
            if not allowed(job.status):
                raise JobStateConflict(verb, job.status)
            now = self._clock()
            self._set_status(job, first, now)
            job.pending = list(steps)
            self._advance(job, now, read=False)

    def _set_status(self, job: Job, status: int, now: float) -> None:
        if job.running_since is not None:
            job.run_ms += (now - job.running_since) * 1000
            job.running_since = None
        if status == S.RUNNING:
            job.running_since = now
        job.status = status
        job.reads = 0
        job.step_since = now

    def _advance(self, job: Job, now: float, *, read: bool) -> bool:
        """Complete the steps the policy allows; False when the job has been removed."""
        if not job.pending:
            return True
        policy = self._policy
        if policy.progression is Progression.IMMEDIATE:
            steps = len(job.pending)
        elif policy.progression is Progression.AFTER_READS:
            job.reads += read
            steps = 1 if job.reads >= policy.reads else 0
        elif policy.seconds == 0:
            steps = len(job.pending)
        else:
            steps = int((now - job.step_since) // policy.seconds)
        timed = policy.progression is Progression.AFTER_SECONDS and policy.seconds > 0
        for _ in range(min(steps, len(job.pending))):
            target = job.pending.pop(0)
            if target == _REMOVED:
                del self._projects[job.project_id][job.job_id]
                return False
            self._set_status(job, target, job.step_since + policy.seconds if timed else now)
        return True


def _deletable(status: int) -> bool:
    return status not in UNDELETABLE
