# Generated from src/modelarts_vizjobs/_async/_resources.py by scripts/unasync.py: do not edit.
# Change the async source and run `make regen` instead.
"""``client.jobs``: the visualization-jobs resource, and ``client.jobs.with_raw_response``.

Every method takes ``timeout=`` (seconds for the whole call, retries and waiting included;
None: each attempt is bounded by the client's timeout and a wait by 300 s) and
``max_retries=`` (overrides the client's). A job id is checked once, by
``_config.path_segment(name, value)``, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from .. import _operations as ops
from .._arguments import (
    DEFAULT_CONCURRENCY,
    DEFAULT_PAGE_SIZE,
    concurrency_limit,
    create_body,
    description_text,
    list_query,
    unique_job_ids,
)
from .._base_client import deadline_after
from .._concurrency import map_bounded, sleep
from .._config import path_segment, positive_seconds
from .._error_translation import is_gone
from .._errors import APITimeoutError, ModelArtsError, NotFoundError
from .._pagination import Pager
from .._telemetry import traced_call, traced_wait
from .._waiting import DEFAULT_POLL_INTERVAL, Goal, Waiter
from ._base_client import APIClient

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models.job_status import JobStatus
    from modelarts_vizjobs_client.models.job_type import JobType
    from modelarts_vizjobs_client.models.sort_by import SortBy
    from modelarts_vizjobs_client.models.sort_order import SortOrder

    from .._prune import PruneProgress, PruneReport
    from .._response import APIResponse
    from .._results import BulkDeleteResult, CreatedJob, JobId, VisualizationJob

__all__ = ["Jobs", "JobsWithRawResponse"]

T = TypeVar("T")


class Jobs:
    """Visualization jobs of the client's project."""

    def __init__(self, client: APIClient) -> None:
        self._client = client
        self._project = client.project_id
        self.with_raw_response: JobsWithRawResponse = JobsWithRawResponse(self)

    @traced_call("create")  # telemetry seam: the call's span
    def create(
        self,
        *,
        job_name: str,
        train_url: str,
        description: str = "",
        job_type: JobType | str | None = None,
        auto_stop_hours: int | None = None,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> CreatedJob:
        """Create a job (it starts in 1 INIT). ``job_type`` defaults to the server's TensorBoard;
        ``auto_stop_hours`` (0-24) stops it after that many hours. Never retried once it may
        have reached the server, so never duplicated. With ``wait=True`` return once the job
        is 8 RUNNING or has failed, ``status`` being the one it settled in."""
        body = create_body(job_name, train_url, description, job_type, auto_stop_hours)
        deadline = deadline_after(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        answer = self._send(ops.create(self._project, body), deadline, max_retries)
        created = answer.parse()
        if not wait:
            return created
        waiter = Waiter.until(str(created.job_id), Goal.RUNNING, deadline, interval)
        from .._results import with_settled_status

        return with_settled_status(created, self._wait(waiter, max_retries))

    def list(
        self,
        *,
        status: JobStatus | int | None = None,
        search: str | None = None,
        sort_by: SortBy | str | None = None,
        order: SortOrder | str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> Iterator[VisualizationJob]:
        """Every matching job, fetching pages of ``page_size`` lazily as the iteration goes
        (``timeout`` applies to each page)."""
        query = list_query(status, search, sort_by, order, page_size)
        return self._pages(query, timeout, max_retries)

    def _pages(
        self, query: dict[str, Any], timeout: float | None, max_retries: int | None
    ) -> Iterator[VisualizationJob]:
        pager = Pager(query["per_page"])  # refuses pages that contradict the ones before
        while not pager.done:
            page = ops.list_page(self._project, page=pager.page, **query)
            answer = self._send(page, deadline_after(timeout), max_retries)
            yield from pager.feed(answer.parse())

    def get(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> VisualizationJob:
        """The job's details; NotFoundError (``ModelArts.0102``) when it does not exist."""
        answer = self.with_raw_response.get(job_id, timeout=timeout, max_retries=max_retries)
        return answer.parse()

    def update(
        self,
        job_id: JobId,
        description: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Replace the job's description (0-256 characters)."""
        self.with_raw_response.update(job_id, description, timeout=timeout, max_retries=max_retries)

    @traced_call("delete", when_waiting=True)  # telemetry seam: a waiting call's span
    def delete(
        self,
        job_id: JobId,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> None:
        """Delete the job; with ``wait=True`` return once details answer 404.

        JobStateConflictError when its status refuses deletion (9 KILLING); a 404, or that
        refusal, after an attempt that may have gone through counts as deleted (see ``_retry``).
        """
        self._act(ops.delete, Goal.GONE, job_id, wait, timeout, poll_interval, max_retries)

    @traced_call("stop", when_waiting=True)  # telemetry seam: a waiting call's span
    def stop(
        self,
        job_id: JobId,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> VisualizationJob | None:
        """Stop the job (it goes through 9 KILLING to 12 KILLED); with ``wait=True`` return the
        job once it is no longer active, else None."""
        return self._act(ops.stop, Goal.STOPPED, job_id, wait, timeout, poll_interval, max_retries)

    @traced_call("restart", when_waiting=True)  # telemetry seam: a waiting call's span
    def restart(
        self,
        job_id: JobId,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> VisualizationJob | None:
        """Restart a stopped/completed/failed job; with ``wait=True`` return it once it is
        8 RUNNING or has failed, else None."""
        return self._act(
            ops.restart, Goal.RUNNING, job_id, wait, timeout, poll_interval, max_retries
        )

    @traced_call("delete_many")  # telemetry seam: the call's span
    def delete_many(
        self,
        job_ids: Iterable[JobId],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
        on_done: Callable[[Any, ModelArtsError | None], object] | None = None,
    ) -> BulkDeleteResult:
        """Delete each job (duplicates once), at most ``concurrency`` at a time; a failure,
        a bad id included, is recorded for its id and the others go on. ``timeout`` applies
        to each delete. ``on_done(job_id, error_or_None)`` is called as each id finishes (for
        progress; from the worker threads of the sync client)."""
        from .._results import BulkDeleteResult, failure_key

        ids = unique_job_ids(job_ids)
        limit = concurrency_limit(concurrency)

        def one(job_id: Any) -> tuple[Any, ModelArtsError | None]:
            outcome: tuple[Any, ModelArtsError | None] = (job_id, None)
            try:
                self.delete(
                    job_id,
                    wait=wait,
                    timeout=timeout,
                    poll_interval=poll_interval,
                    max_retries=max_retries,
                )
            except ModelArtsError as error:
                outcome = (failure_key(job_id), error)
            if on_done is not None:
                on_done(*outcome)
            return outcome

        outcomes = map_bounded(one, ids, limit)
        return BulkDeleteResult(
            deleted=tuple(job_id for job_id, error in outcomes if error is None),
            failures={job_id: error for job_id, error in outcomes if error is not None},
        )

    @traced_call("prune")  # telemetry seam: the call's span
    def prune(
        self,
        *,
        status: JobStatus | int | Iterable[JobStatus | int] | None = None,
        name: str | None = None,
        older_than: str | float | timedelta | None = None,
        stop_running: bool = False,
        wait: bool = False,
        dry_run: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
        on_progress: Callable[[PruneProgress], None] | None = None,
    ) -> PruneReport:
        """Delete the jobs selected by ``status`` code(s), ``name`` glob and age (``"12h"``);
        running ones are skipped, or stopped first with ``stop_running``. With ``wait``, wait
        for stops and deletes, and retry a refused delete once the job has left 9 KILLING.
        Every selected job is in the report with its outcome (see ``_prune``); a job still
        settling when ``timeout`` runs out is refused with a ``WaitTimeoutError``.
        ``on_progress`` hears of each job's outcome and of each poll of the settling jobs."""
        from .._prune import PruneRun
        from ._prune import run_prune

        run = PruneRun(
            status=status,
            name=name,
            older_than=older_than,
            stop_running=stop_running,
            wait=wait,
            concurrency=concurrency,
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
        )
        return run_prune(
            self,
            run,
            dry_run=dry_run,
            timeout=timeout,
            poll_interval=poll_interval,
            max_retries=max_retries,
        )

    def _send(
        self, op: ops.Operation[T], deadline: float | None, max_retries: int | None
    ) -> APIResponse[T]:
        return self._client._request(op, deadline=deadline, max_retries=max_retries)

    def _act(
        self,
        build: Any,
        goal: Goal,
        job_id: JobId,
        wait: bool,
        timeout: float | None,
        poll_interval: float,
        max_retries: int | None,
    ) -> VisualizationJob | None:
        segment = path_segment("job_id", job_id)
        deadline = deadline_after(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        self._send(build(self._project, segment), deadline, max_retries)
        if not wait:
            return None
        return self._wait(Waiter.until(segment, goal, deadline, interval), max_retries)

    @traced_wait  # telemetry seam: wait start, polls, end
    def _wait(self, waiter: Waiter, max_retries: int | None) -> VisualizationJob | None:
        operation = ops.get(self._project, waiter.job_id)
        while True:
            try:
                answer = self._send(operation, waiter.deadline, max_retries)
            except NotFoundError as error:
                if waiter.goal is Goal.GONE and is_gone(error):
                    return None
                raise
            except APITimeoutError as error:
                if waiter.clipped_by_deadline(error):
                    raise waiter.timed_out() from None
                raise
            job = answer.parse()
            if waiter.reached(job):
                return job
            sleep(waiter.next_delay())


class JobsWithRawResponse:
    """``client.jobs.with_raw_response``: each single-request method of ``jobs``, returning an
    ``APIResponse`` (``status_code``, ``headers``, ``http_response``, ``parse()``) instead of
    the result. There is no ``wait=``: the answer is the one of the method's request."""

    def __init__(self, jobs: Jobs) -> None:
        self._jobs = jobs

    def create(
        self,
        *,
        job_name: str,
        train_url: str,
        description: str = "",
        job_type: JobType | str | None = None,
        auto_stop_hours: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> APIResponse[CreatedJob]:
        """``create`` for when the headers matter (the request id to quote to support)."""
        body = create_body(job_name, train_url, description, job_type, auto_stop_hours)
        op = ops.create(self._jobs._project, body)
        return self._jobs._send(op, deadline_after(timeout), max_retries)

    def get(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> APIResponse[VisualizationJob]:
        """``get`` with the answer's status and headers, for logging or support."""
        op = ops.get(self._jobs._project, path_segment("job_id", job_id))
        return self._jobs._send(op, deadline_after(timeout), max_retries)

    def update(
        self,
        job_id: JobId,
        description: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> APIResponse[None]:
        """``update`` with the answer: its status and request id confirm the change."""
        segment = path_segment("job_id", job_id)
        op = ops.update(self._jobs._project, segment, description_text(description))
        return self._jobs._send(op, deadline_after(timeout), max_retries)

    def delete(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> APIResponse[None]:
        """``delete`` with the answer, for a caller that records each request's id."""
        return self._acted(ops.delete, job_id, timeout, max_retries)

    def stop(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> APIResponse[None]:
        """``stop`` with the answer, for a caller that records each request's id."""
        return self._acted(ops.stop, job_id, timeout, max_retries)

    def restart(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> APIResponse[None]:
        """``restart`` with the answer, for a caller that records each request's id."""
        return self._acted(ops.restart, job_id, timeout, max_retries)

    def _acted(
        self, build: Any, job_id: JobId, timeout: float | None, max_retries: int | None
    ) -> APIResponse[None]:
        op = build(self._jobs._project, path_segment("job_id", job_id))
        return self._jobs._send(op, deadline_after(timeout), max_retries)
