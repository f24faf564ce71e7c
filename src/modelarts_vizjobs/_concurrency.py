"""Sleeping and bounded fan-out, in an asyncio and a thread flavour under matching names.

The async source (``_async/``) calls ``async_sleep``/``async_map_bounded``; the generated
sync code (``_sync/``, see ``scripts/unasync.py``) calls ``sleep``/``map_bounded``. asyncio is
imported only by the async pair, so the sync client's import stays free of it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

__all__ = ["async_map_bounded", "async_sleep", "map_bounded", "sleep"]

A = TypeVar("A")
R = TypeVar("R")


async def async_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def sleep(seconds: float) -> None:
    time.sleep(seconds)


async def async_map_bounded(
    function: Callable[[A], Awaitable[R]], items: Sequence[A], limit: int
) -> list[R]:
    """``[await function(item) for item in items]`` with at most *limit* running at once;
    an exception of *function* propagates as it is (no ExceptionGroup), and ends that worker.

    *limit* worker tasks take the items in order from one iterator (cheaper than a task and a
    semaphore acquisition per item, see ``make bench`` bulk rows)."""
    import asyncio

    results: list[Any] = [None] * len(items)  # each slot filled by the one worker taking it
    pending = iter(enumerate(items))

    async def worker() -> None:
        for index, item in pending:
            results[index] = await function(item)

    await asyncio.gather(*(worker() for _ in range(min(limit, len(items)))))
    return results


def map_bounded(function: Callable[[A], R], items: Sequence[A], limit: int) -> list[R]:
    """``[function(item) for item in items]`` on up to *limit* threads, each item in a copy of
    the caller's context (as asyncio tasks are), so its trace spans nest under the caller's."""
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    contexts = [contextvars.copy_context() for _ in items]
    workers = min(limit, max(len(items), 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="modelarts-vizjobs") as pool:
        return list(pool.map(lambda context, item: context.run(function, item), contexts, items))
