"""``client.jobs``: the visualization-jobs resource, sync (``Jobs``) and async (``AsyncJobs``).

Both build the same ``Operation``s (``_operations``) and share argument checking, pagination and
wait bookkeeping (``_JobsBase``, ``Waiter``); they differ only in how they send and sleep.

Every method takes ``timeout=`` (seconds for the whole call, retries and waiting included;
None: each attempt is bounded by the client's timeout and a wait by 300 s) and
``max_retries=`` (overrides the client's).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import _operations as ops
from ._config import path_segment, positive_seconds
from ._errors import APITimeoutError, InvalidParameterError, ModelArtsError, NotFoundError
from ._pagination import Pager
from ._response import is_gone
from ._waiting import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, Goal, Waiter

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models.job_status import JobStatus
    from modelarts_vizjobs_client.models.job_type import JobType
    from modelarts_vizjobs_client.models.sort_by import SortBy
    from modelarts_vizjobs_client.models.sort_order import SortOrder

    from ._client import AsyncModelArtsVizJobs, ModelArtsVizJobs
    from ._models import BulkDeleteResult, CreatedJob, JobId, VisualizationJob

__all__ = ["AsyncJobs", "Jobs"]

DEFAULT_PAGE_SIZE = 100
DEFAULT_CONCURRENCY = 8


def _enum(kind: Any, value: object, name: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in kind)
        raise InvalidParameterError(f"{name} must be one of {allowed}, not {value!r}") from None


def _create_body(
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


def _list_query(
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


def _bulk_result(outcomes: Sequence[tuple[JobId, ModelArtsError | None]]) -> BulkDeleteResult:
    from ._models import BulkDeleteResult

    return BulkDeleteResult(
        deleted=tuple(job_id for job_id, error in outcomes if error is None),
        failures={job_id: error for job_id, error in outcomes if error is not None},
    )


def _settled(created: CreatedJob, job: VisualizationJob | None) -> CreatedJob:
    """The create's answer with the status the job settled in (a RUNNING wait never ends
    with None: only GONE does)."""
    import attrs

    return created if job is None else attrs.evolve(created, status=job.status)


def _unique_ids(job_ids: Iterable[JobId]) -> list[JobId]:
    if isinstance(job_ids, str | bytes) or not isinstance(job_ids, Iterable):
        # a str is iterable too: delete_many("123") would delete jobs 1, 2 and 3
        raise InvalidParameterError(
            f"job_ids must be a collection of job ids, not {type(job_ids).__name__}"
        )
    ids = list(job_ids)
    for job_id in ids:
        if isinstance(job_id, bool) or not isinstance(job_id, int | str):
            raise InvalidParameterError(f"job ids must be int or str, not {type(job_id).__name__}")
    return list(dict.fromkeys(ids))


def _concurrency(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParameterError(f"concurrency must be a positive integer, not {value!r}")
    return value


class _JobsBase:
    """Argument checking shared by the two resources."""

    def __init__(self, project_id: str) -> None:
        self._project = project_id

    @staticmethod
    def _waiter(job_id: str, goal: Goal, deadline: float | None, interval: float) -> Waiter:
        if deadline is None:
            deadline = time.monotonic() + DEFAULT_WAIT_TIMEOUT
        return Waiter(job_id, goal, deadline, interval)

    @staticmethod
    def _deadline_passed(waiter: Waiter, error: ModelArtsError) -> bool:
        """Whether a poll timed out because the wait's deadline clipped its timeouts."""
        return isinstance(error, APITimeoutError) and waiter.deadline - time.monotonic() < 0.05


class Jobs(_JobsBase):
    """Visualization jobs of the client's project."""

    def __init__(self, client: ModelArtsVizJobs) -> None:
        super().__init__(client.project_id)
        self._client = client

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
        body = _create_body(job_name, train_url, description, job_type, auto_stop_hours)
        deadline = self._client._deadline(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        created = self._client._request(
            ops.create(self._project, body), deadline=deadline, max_retries=max_retries
        )
        if not wait:
            return created
        waiter = self._waiter(str(created.job_id), Goal.RUNNING, deadline, interval)
        return _settled(created, self._wait(waiter, max_retries))

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
        query = _list_query(status, search, sort_by, order, page_size)
        return self._pages(query, timeout, max_retries)

    def _pages(
        self, query: dict[str, Any], timeout: float | None, max_retries: int | None
    ) -> Iterator[VisualizationJob]:
        pager = Pager(query["per_page"])  # issue 10: _pagination checks every page
        while not pager.done:
            page = self._client._request(
                ops.list_page(self._project, page=pager.page, **query),
                deadline=self._client._deadline(timeout),
                max_retries=max_retries,
            )
            yield from pager.feed(page)

    def get(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> VisualizationJob:
        """The job's details; NotFoundError (``ModelArts.0102``) when it does not exist."""
        return self._client._request(
            ops.get(self._project, path_segment(job_id, "job_id")),
            deadline=self._client._deadline(timeout),
            max_retries=max_retries,
        )

    def update(
        self,
        job_id: JobId,
        description: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Replace the job's description (0-256 characters)."""
        if not isinstance(description, str):
            raise InvalidParameterError("description must be a str")
        self._client._request(
            ops.update(self._project, path_segment(job_id, "job_id"), description),
            deadline=self._client._deadline(timeout),
            max_retries=max_retries,
        )

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
        segment = path_segment(job_id, "job_id")
        deadline = self._client._deadline(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        self._client._request(
            ops.delete(self._project, segment), deadline=deadline, max_retries=max_retries
        )
        if wait:
            self._wait(self._waiter(segment, Goal.GONE, deadline, interval), max_retries)

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

    def delete_many(
        self,
        job_ids: Iterable[JobId],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> BulkDeleteResult:
        """Delete each job (duplicates once) on up to ``concurrency`` threads; a failure is
        recorded for its id and the others go on. ``timeout`` applies to each delete."""
        from concurrent.futures import ThreadPoolExecutor

        ids = _unique_ids(job_ids)
        workers = min(_concurrency(concurrency), max(len(ids), 1))

        def one(job_id: JobId) -> tuple[JobId, ModelArtsError | None]:
            try:
                self.delete(
                    job_id,
                    wait=wait,
                    timeout=timeout,
                    poll_interval=poll_interval,
                    max_retries=max_retries,
                )
            except ModelArtsError as error:
                return job_id, error
            return job_id, None

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="modelarts-delete") as pool:
            return _bulk_result(list(pool.map(one, ids)))

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
        segment = path_segment(job_id, "job_id")
        deadline = self._client._deadline(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        self._client._request(
            build(self._project, segment), deadline=deadline, max_retries=max_retries
        )
        if not wait:
            return None
        return self._wait(self._waiter(segment, goal, deadline, interval), max_retries)

    def _wait(self, waiter: Waiter, max_retries: int | None) -> VisualizationJob | None:
        operation = ops.get(self._project, waiter.job_id)
        while True:
            try:
                job = self._client._request(
                    operation, deadline=waiter.deadline, max_retries=max_retries
                )
            except NotFoundError as error:
                if waiter.goal is Goal.GONE and is_gone(error):
                    return None
                raise
            except APITimeoutError as error:
                if self._deadline_passed(waiter, error):
                    raise waiter.timed_out() from None
                raise
            if waiter.reached(job):
                return job
            time.sleep(waiter.next_delay())


class AsyncJobs(_JobsBase):
    """Asyncio twin of ``Jobs``: the same methods, awaited; ``list`` is an async iterator."""

    def __init__(self, client: AsyncModelArtsVizJobs) -> None:
        super().__init__(client.project_id)
        self._client = client

    async def create(
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
        """See ``Jobs.create``."""
        body = _create_body(job_name, train_url, description, job_type, auto_stop_hours)
        deadline = self._client._deadline(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        created = await self._client._request(
            ops.create(self._project, body), deadline=deadline, max_retries=max_retries
        )
        if not wait:
            return created
        waiter = self._waiter(str(created.job_id), Goal.RUNNING, deadline, interval)
        return _settled(created, await self._wait(waiter, max_retries))

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
    ) -> AsyncIterator[VisualizationJob]:
        """See ``Jobs.list``; iterate with ``async for``."""
        query = _list_query(status, search, sort_by, order, page_size)
        return self._pages(query, timeout, max_retries)

    async def _pages(
        self, query: dict[str, Any], timeout: float | None, max_retries: int | None
    ) -> AsyncIterator[VisualizationJob]:
        pager = Pager(query["per_page"])  # issue 10: _pagination checks every page
        while not pager.done:
            page = await self._client._request(
                ops.list_page(self._project, page=pager.page, **query),
                deadline=self._client._deadline(timeout),
                max_retries=max_retries,
            )
            for job in pager.feed(page):
                yield job

    async def get(
        self, job_id: JobId, *, timeout: float | None = None, max_retries: int | None = None
    ) -> VisualizationJob:
        """See ``Jobs.get``."""
        return await self._client._request(
            ops.get(self._project, path_segment(job_id, "job_id")),
            deadline=self._client._deadline(timeout),
            max_retries=max_retries,
        )

    async def update(
        self,
        job_id: JobId,
        description: str,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
    ) -> None:
        """See ``Jobs.update``."""
        if not isinstance(description, str):
            raise InvalidParameterError("description must be a str")
        await self._client._request(
            ops.update(self._project, path_segment(job_id, "job_id"), description),
            deadline=self._client._deadline(timeout),
            max_retries=max_retries,
        )

    async def delete(
        self,
        job_id: JobId,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> None:
        """See ``Jobs.delete``."""
        segment = path_segment(job_id, "job_id")
        deadline = self._client._deadline(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        await self._client._request(
            ops.delete(self._project, segment), deadline=deadline, max_retries=max_retries
        )
        if wait:
            await self._wait(self._waiter(segment, Goal.GONE, deadline, interval), max_retries)

    async def stop(
        self,
        job_id: JobId,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> VisualizationJob | None:
        """See ``Jobs.stop``."""
        return await self._act(
            ops.stop, Goal.STOPPED, job_id, wait, timeout, poll_interval, max_retries
        )

    async def restart(
        self,
        job_id: JobId,
        *,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> VisualizationJob | None:
        """See ``Jobs.restart``."""
        return await self._act(
            ops.restart, Goal.RUNNING, job_id, wait, timeout, poll_interval, max_retries
        )

    async def delete_many(
        self,
        job_ids: Iterable[JobId],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        wait: bool = False,
        timeout: float | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_retries: int | None = None,
    ) -> BulkDeleteResult:
        """See ``Jobs.delete_many``; at most ``concurrency`` deletes in flight (a semaphore)."""
        import asyncio

        ids = _unique_ids(job_ids)
        limit = asyncio.Semaphore(_concurrency(concurrency))

        async def one(job_id: JobId) -> tuple[JobId, ModelArtsError | None]:
            async with limit:
                try:
                    await self.delete(
                        job_id,
                        wait=wait,
                        timeout=timeout,
                        poll_interval=poll_interval,
                        max_retries=max_retries,
                    )
                except ModelArtsError as error:
                    return job_id, error
                return job_id, None

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(job_id)) for job_id in ids]
        return _bulk_result([task.result() for task in tasks])

    async def _act(
        self,
        build: Any,
        goal: Goal,
        job_id: JobId,
        wait: bool,
        timeout: float | None,
        poll_interval: float,
        max_retries: int | None,
    ) -> VisualizationJob | None:
        segment = path_segment(job_id, "job_id")
        deadline = self._client._deadline(timeout)
        interval = positive_seconds(poll_interval, "poll_interval")  # before sending
        await self._client._request(
            build(self._project, segment), deadline=deadline, max_retries=max_retries
        )
        if not wait:
            return None
        return await self._wait(self._waiter(segment, goal, deadline, interval), max_retries)

    async def _wait(self, waiter: Waiter, max_retries: int | None) -> VisualizationJob | None:
        import asyncio

        operation = ops.get(self._project, waiter.job_id)
        while True:
            try:
                job = await self._client._request(
                    operation, deadline=waiter.deadline, max_retries=max_retries
                )
            except NotFoundError as error:
                if waiter.goal is Goal.GONE and is_gone(error):
                    return None
                raise
            except APITimeoutError as error:
                if self._deadline_passed(waiter, error):
                    raise waiter.timed_out() from None
                raise
            if waiter.reached(job):
                return job
            await asyncio.sleep(waiter.next_delay())
