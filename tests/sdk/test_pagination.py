"""``_pagination.Pager`` and ``list()`` against a lying server: a listing always ends, with the
jobs or ``APIResponseValidationError``, and never yields a job twice (issue 10: the same 10 ids
with a huge total paged forever)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import APIResponseValidationError, ModelArtsError
from modelarts_vizjobs._operations import Page
from modelarts_vizjobs._pagination import MAX_PAGES, Pager
from modelarts_vizjobs._results import VisualizationJob
from tests.sdk._helpers import async_mock_client, mock_client


def page(ids: list[int], total: int) -> Page:
    return Page(tuple(VisualizationJob(job_id=n, status=8) for n in ids), total)


def test_an_honest_listing_ends_at_the_short_page_or_the_total() -> None:
    pager = Pager(per_page=2)
    assert [j.job_id for j in pager.feed(page([1, 2], 5))] == [1, 2] and not pager.done
    assert pager.page == 2
    pager.feed(page([3, 4], 5))
    pager.feed(page([5], 5))
    assert pager.done
    exact = Pager(per_page=2)
    exact.feed(page([1, 2], 2))
    assert exact.done  # no empty third request when the total is reached
    empty = Pager(per_page=2)
    empty.feed(page([], 0))
    assert empty.done


@pytest.mark.parametrize(
    ("pages", "reason"),
    [
        ([([1, 2], 9), ([2, 3], 9)], "repeats job ids"),
        ([([1, 1], 9)], "repeats job ids"),
        ([([1, 2, 3], 9)], "more than per_page"),
        ([([1, 2], 1)], "over job_total_count"),
        ([([1, 2], 9), ([3], 9)], "ends the listing at 3 jobs"),
        ([([], 4)], "ends the listing at 0 jobs"),
    ],
)
def test_pages_that_contradict_each_other_stop_the_listing(
    pages: list[tuple[list[int], int]], reason: str
) -> None:
    pager = Pager(per_page=2)
    *honest, lie = pages
    for ids, total in honest:
        pager.feed(page(ids, total))
    with pytest.raises(APIResponseValidationError, match=reason) as caught:
        pager.feed(page(*lie))
    assert caught.value.status_code == 200 and caught.value.operation == "list"


def test_the_documented_maximum_number_of_pages() -> None:
    pager = Pager(per_page=1)
    for n in range(1, MAX_PAGES):
        pager.feed(page([n], 10**9))
    with pytest.raises(APIResponseValidationError, match=f"at most {MAX_PAGES} pages"):
        pager.feed(page([MAX_PAGES], 10**9))
    last = Pager(per_page=1, max_pages=1)
    last.feed(page([1], 1))  # the last allowed page may end the listing
    assert last.done


# --- a stateful lying server --------------------------------------------------------------


class LyingServer:
    """Serves a project's jobs by page number and, when drawn, lies about a page: repeats
    earlier ids, returns extra or missing jobs, or reports another total."""

    LIES = ("honest", "repeat", "extra", "short", "total", "empty")

    def __init__(self, data: st.DataObject, jobs: int, liar: bool) -> None:
        self.data = data
        self.ids = list(range(100, 100 + jobs))
        self.liar = liar
        self.lied = False
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        assert self.requests <= 100, "the listing does not end"
        number = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        ids = self.ids[(number - 1) * per_page : number * per_page]
        total = len(self.ids)
        lie = self.data.draw(st.sampled_from(self.LIES)) if self.liar else "honest"
        if lie == "repeat":
            ids = self.data.draw(st.lists(st.sampled_from(self.ids or [100]), max_size=per_page))
        elif lie == "extra":
            ids = [*ids, *range(1, per_page + 1 - len(ids) + self.data.draw(st.integers(0, 2)))]
        elif lie == "short":
            ids = ids[: self.data.draw(st.integers(0, max(len(ids) - 1, 0)))]
        elif lie == "total":
            total = self.data.draw(st.integers(0, 10**12))
        elif lie == "empty":
            ids = []
        self.lied = self.lied or lie != "honest"
        body = {"is_success": True, "job_total_count": total, "jobs": [_job(n) for n in ids]}
        return httpx.Response(200, json=body)


def _job(job_id: int) -> dict[str, object]:
    return {"job_id": job_id, "status": 8}


def _list_sync(handler: Callable[..., httpx.Response], per_page: int) -> tuple[list[int], Any]:
    seen: list[int] = []
    with mock_client(handler) as client:
        try:
            seen.extend(job.job_id for job in client.jobs.list(page_size=per_page))
        except ModelArtsError as error:
            return seen, error
    return seen, None


def _list_async(handler: Callable[..., httpx.Response], per_page: int) -> tuple[list[int], Any]:
    async def run() -> tuple[list[int], Any]:
        seen: list[int] = []
        async with async_mock_client(handler) as client:
            try:
                async for job in client.jobs.list(page_size=per_page):
                    seen.append(job.job_id)
            except ModelArtsError as error:
                return seen, error
        return seen, None

    return asyncio.run(run())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    mode=st.sampled_from(("sync", "async")),
    jobs=st.integers(0, 12),
    per_page=st.integers(1, 5),
    liar=st.booleans(),
)
def test_a_listing_ends_and_never_yields_a_job_twice(
    data: st.DataObject, mode: str, jobs: int, per_page: int, liar: bool
) -> None:
    server = LyingServer(data, jobs, liar)
    listing = {"sync": _list_sync, "async": _list_async}[mode]
    seen, error = listing(server, per_page)
    assert len(seen) == len(set(seen))
    if not server.lied:
        assert error is None and seen == server.ids
    else:
        assert error is None or isinstance(error, APIResponseValidationError)
