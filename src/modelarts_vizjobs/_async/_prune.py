"""``jobs.prune``: the requests of a prune run, over ``list``, ``stop`` and ``delete_many``.

What to delete, in which order and what each answer means is decided by ``_prune.PruneRun``
(sans I/O); this module only sends. No paging or retry of its own: those are the resource's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Protocol

from .._concurrency import async_map_bounded, async_sleep
from .._errors import ModelArtsError

if TYPE_CHECKING:
    from .._prune import PruneReport, PruneRun
    from .._results import BulkDeleteResult, JobId, VisualizationJob

__all__ = ["run_prune"]


class _Jobs(Protocol):
    """What a prune uses of ``client.jobs`` (a protocol: the resource imports this module)."""

    def list(
        self, *, status: int | None, page_size: int, timeout: float | None, max_retries: int | None
    ) -> AsyncIterator[VisualizationJob]: ...

    async def stop(
        self,
        job_id: JobId,
        *,
        wait: bool,
        timeout: float | None,
        poll_interval: float,
        max_retries: int | None,
    ) -> VisualizationJob | None: ...

    async def delete_many(
        self,
        job_ids: Iterable[JobId],
        *,
        concurrency: int,
        wait: bool,
        timeout: float | None,
        poll_interval: float,
        max_retries: int | None,
    ) -> BulkDeleteResult: ...


#: Jobs per list request while pruning: the API's maximum, so a prune lists in few requests.
_PAGE_SIZE = 1000


async def run_prune(
    jobs: _Jobs,
    run: PruneRun,
    *,
    dry_run: bool,
    timeout: float | None,
    poll_interval: float,
    max_retries: int | None,
) -> PruneReport:
    """Plan from a listing, stop what must be stopped, delete, and settle refusals."""

    async def listing(status: int | None = None) -> list[VisualizationJob]:
        pages = jobs.list(
            status=status, page_size=_PAGE_SIZE, timeout=timeout, max_retries=max_retries
        )
        return [job async for job in pages]

    async def stop(job_id: int) -> tuple[JobId, ModelArtsError | None]:
        try:
            await jobs.stop(
                job_id,
                wait=run.wait,
                timeout=timeout,
                poll_interval=poll_interval,
                max_retries=max_retries,
            )
        except ModelArtsError as error:
            return job_id, error
        return job_id, None

    run.plan(await listing(run.list_status))
    if dry_run:
        return run.report(dry_run=True)
    run.stopped(await async_map_bounded(stop, run.to_stop(), run.concurrency))
    while True:
        deleted = await jobs.delete_many(
            run.to_delete(),
            concurrency=run.concurrency,
            wait=run.wait,
            timeout=timeout,
            poll_interval=poll_interval,
            max_retries=max_retries,
        )
        run.deleted(deleted)
        delay = run.next_poll()
        if delay is None:
            return run.report()
        await async_sleep(delay)
        run.observe(await listing())
