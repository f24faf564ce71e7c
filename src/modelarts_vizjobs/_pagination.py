"""Which page of the list to ask for next, when the listing is complete, and when the server's
pages cannot be trusted (sans I/O: the sync and async ``list()`` both drive one ``Pager``).

The list API pages by number (``page``, ``per_page``) and reports ``job_total_count``, the
number of all matching jobs, on every page. A listing ends at the first page shorter than
``per_page`` or once ``job_total_count`` jobs have been seen. It stops with
``APIResponseValidationError`` (status 200, operation ``list``), before yielding anything of
the offending page, when a page

- repeats a job id already listed, or lists one twice (so ``list()`` never yields a job twice);
- has more jobs than ``per_page``;
- brings the jobs seen above the server's own ``job_total_count``, or ends the listing
  (short or empty page) while the server still counts more jobs than it returned;
- would be page number ``MAX_PAGES + 1`` (10,000 pages: 1,000,000 jobs at the default page
  size of 100, far over any project's quota).

A listing that runs while jobs are created or deleted may meet the first two cases when the
order shifts between pages (e.g. ``order="desc"`` and a new job): list again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._errors import APIResponseValidationError

if TYPE_CHECKING:
    from ._operations import Page
    from ._results import VisualizationJob

__all__ = ["MAX_PAGES", "Pager"]

MAX_PAGES = 10_000


@dataclass
class Pager:
    """Bookkeeping of one listing: feed it each page, read ``page`` and ``done``."""

    per_page: int
    max_pages: int = MAX_PAGES
    page: int = 1
    done: bool = False
    _seen: set[int] = field(default_factory=set, repr=False)

    def feed(self, page: Page) -> tuple[VisualizationJob, ...]:
        """The page's jobs, all new; raises APIResponseValidationError for a page that
        contradicts the ones before (see the module rules)."""
        ids = [job.job_id for job in page.jobs]
        new = set(ids)
        if len(new) < len(ids) or not self._seen.isdisjoint(new):
            raise self._invalid("repeats job ids already listed")
        if len(ids) > self.per_page:
            raise self._invalid(f"has {len(ids)} jobs, more than per_page={self.per_page}")
        seen = len(self._seen) + len(ids)
        if seen > page.total:
            raise self._invalid(f"brings the jobs listed to {seen}, over job_total_count")
        done = len(ids) < self.per_page or seen >= page.total
        if done and seen < page.total:
            raise self._invalid(f"ends the listing at {seen} jobs, job_total_count is {page.total}")
        if not done and self.page >= self.max_pages:
            raise self._invalid(f"is full and the last allowed (at most {self.max_pages} pages)")
        self._seen |= new
        self.page += 1
        self.done = done
        return page.jobs

    def _invalid(self, reason: str) -> APIResponseValidationError:
        return APIResponseValidationError(
            f"page {self.page} {reason}", status_code=200, body=b"", operation="list"
        )
