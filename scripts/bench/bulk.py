"""Bulk delete: many jobs at concurrency 8, async and threaded, vs a loop of sync deletes.

On loopback a request costs only CPU, so concurrency can only overlap client and server work;
with added per-answer latency (what a real endpoint has) it overlaps waiting. The async facade
is measured as an async user gets it: with the ``aiohttp`` extra installed (the documented async
install; since 1.2 the client sends on aiohttp by itself) and without it (httpx's own asyncio
transport, given explicitly here as ``http_client=httpx.AsyncClient()``: what the client makes
when the extra is missing). Reference rows attribute the result: the sync ``delete_many``
(threads), and bare clients gathering with the same concurrency (the async stacks without the
SDK); the facade's own cost is the time of the default async facade over that of raw
``httpx.AsyncClient`` + ``AiohttpTransport`` for the same deletes.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .harness import Figure, Settings, check, median_ratio
from .processes import StubProcess, stub_process

CONCURRENCY = 8
SEQUENTIAL = "sequential sync facade"
ASYNC = "async delete_many, default client with the aiohttp extra"
HTTPX_ASYNC = "async delete_many on httpx's own asyncio transport (no aiohttp extra)"
THREADS = "sync delete_many (threads)"
RAW_ASYNC = "raw httpx.AsyncClient gather"
RAW_AIOHTTP_TRANSPORT = "raw httpx.AsyncClient+AiohttpTransport gather"
BARE_AIOHTTP = "bare aiohttp.ClientSession gather"

#: Row targets (ratio = sequential time / variant time); the others are reported.
LOOPBACK_TARGETS = {ASYNC: 1.8}
WAN_TARGETS = {ASYNC: 5.0, HTTPX_ASYNC: 5.0}
#: The facade on aiohttp may take at most this times the raw httpx+AiohttpTransport time.
FACADE_LIMIT = 1.10


def _client_kind(client: Any) -> str:
    """What the SDK client sends on (its own attribute: a benchmark may look)."""
    return type(client._http).__name__


class _Variants:
    """Ways to delete a batch of jobs on one stub; each raises when any delete failed."""

    def __init__(self, stub: StubProcess, runner: asyncio.Runner) -> None:
        import aiohttp
        import httpx
        from httpx_aiohttp import AiohttpTransport

        from modelarts_vizjobs import AsyncModelArtsVizJobs, ModelArtsVizJobs
        from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

        self.runner = runner
        self.path = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs"
        self.base_url = stub.base_url
        self.headers = {"X-Auth-Token": DEFAULT_TOKEN}
        sdk = {"project_id": DEFAULT_PROJECT_ID, "endpoint": stub.base_url, "token": DEFAULT_TOKEN}
        self.sync_client = ModelArtsVizJobs(**sdk)
        self.async_client = AsyncModelArtsVizJobs(**sdk)  # no http_client: the default
        self.default_kind = _client_kind(self.async_client)
        self.http_client = httpx.AsyncClient()
        self.httpx_client = AsyncModelArtsVizJobs(**sdk, http_client=self.http_client)
        self.raw_async = httpx.AsyncClient(base_url=stub.base_url, headers=self.headers)
        self.raw_aiohttp_transport = httpx.AsyncClient(
            base_url=stub.base_url, headers=self.headers, transport=AiohttpTransport()
        )
        self.bare_aiohttp = runner.run(self._session(aiohttp))
        self.closers: list[Callable[[], Awaitable[object]]] = [
            self.async_client.close,
            self.httpx_client.close,
            self.http_client.aclose,  # a caller's client is left open by the SDK
            self.raw_async.aclose,
            self.raw_aiohttp_transport.aclose,
            self.bare_aiohttp.close,
        ]

    @staticmethod
    async def _session(aiohttp: Any) -> Any:
        return aiohttp.ClientSession()  # made inside the loop that will use it

    def table(self) -> dict[str, Callable[[list[int]], object]]:
        return {
            SEQUENTIAL: self.sequential,
            ASYNC: lambda batch: self.checked(self.async_client, batch),
            HTTPX_ASYNC: lambda batch: self.checked(self.httpx_client, batch),
            THREADS: lambda batch: self._raise_failures(
                self.sync_client.jobs.delete_many(batch, concurrency=CONCURRENCY)
            ),
            RAW_ASYNC: lambda batch: self.runner.run(self.gather_httpx(self.raw_async, batch)),
            RAW_AIOHTTP_TRANSPORT: lambda batch: self.runner.run(
                self.gather_httpx(self.raw_aiohttp_transport, batch)
            ),
            BARE_AIOHTTP: lambda batch: self.runner.run(self.gather_aiohttp(batch)),
        }

    def sequential(self, batch: list[int]) -> None:
        for job_id in batch:
            self.sync_client.jobs.delete(job_id)

    def checked(self, client: Any, batch: list[int]) -> None:
        coroutine = client.jobs.delete_many(batch, concurrency=CONCURRENCY)
        self._raise_failures(self.runner.run(coroutine))

    @staticmethod
    def _raise_failures(result: Any) -> None:
        if result.failures:
            raise RuntimeError(f"bulk delete failed: {next(iter(result.failures.values()))!r}")

    async def gather_httpx(self, client: Any, batch: list[int]) -> None:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(job_id: int) -> None:
            async with gate:
                (await client.delete(f"{self.path}/{job_id}")).raise_for_status()

        await asyncio.gather(*(one(job_id) for job_id in batch))

    async def gather_aiohttp(self, batch: list[int]) -> None:
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(job_id: int) -> None:
            async with gate:
                url = f"{self.base_url}{self.path}/{job_id}"
                async with self.bare_aiohttp.delete(url, headers=self.headers) as answer:
                    answer.raise_for_status()
                    await answer.read()

        await asyncio.gather(*(one(job_id) for job_id in batch))

    def close(self) -> None:
        self.sync_client.close()
        for close in self.closers:
            self.runner.run(close())


def _case(jobs: int, latency: float, reps: int, names: tuple[str, ...]) -> dict[str, Any]:
    """Seconds per batch of *jobs* deletes for each variant in *names*, interleaved per rep
    (the order turns each rep)."""
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}  # this (client) process's
    with stub_process(seed=len(names) * (jobs * reps + 10), latency=latency) as stub:
        ids = iter(stub.ids)
        with asyncio.Runner() as runner:
            made = _Variants(stub, runner)
            variants = made.table()
            try:
                for name in names:  # warm-up: connections, imports
                    variants[name]([next(ids) for _ in range(10)])
                for rep in range(reps):
                    shift = rep % len(names)
                    for name in names[shift:] + names[:shift]:
                        batch = [next(ids) for _ in range(jobs)]
                        cpu_start, start = time.process_time(), time.perf_counter()
                        variants[name](batch)
                        times[name].append(time.perf_counter() - start)
                        cpu[name].append(time.process_time() - cpu_start)
            finally:
                made.close()
    return {"times": times, "cpu": cpu, "default client": made.default_kind}


def bulk(settings: Settings) -> list[Figure]:
    """Bulk delete on loopback and on a stub with WAN-like latency."""
    loop_names = (SEQUENTIAL, ASYNC, HTTPX_ASYNC, THREADS, RAW_ASYNC, RAW_AIOHTTP_TRANSPORT)
    loop_names += (BARE_AIOHTTP,)
    wan_names = (SEQUENTIAL, ASYNC, HTTPX_ASYNC, THREADS)
    wan_label = f"stub +{settings.wan_latency * 1000:.0f} ms/answer"
    figures = []
    for label, jobs, latency, reps, names, targets in (
        ("loopback", settings.bulk_jobs, 0.0, settings.bulk_reps, loop_names, LOOPBACK_TARGETS),
        (
            wan_label,
            settings.wan_jobs,
            settings.wan_latency,
            settings.wan_reps,
            wan_names,
            WAN_TARGETS,
        ),
    ):
        case = _case(jobs, latency, reps, names)
        times = case["times"]
        for name in names[1:]:
            ratio = median_ratio(times[SEQUENTIAL], times[name])
            target = targets.get(name)
            note = f"concurrency {CONCURRENCY}, {reps} reps, ratio = sequential time / this time"
            if name == ASYNC:
                note += f"; the SDK made a {case['default client']}"
            figures.append(
                Figure(
                    f"bulk delete {jobs} jobs ({label}): {name} vs sequential sync",
                    f"{statistics.median(times[name]) * 1000:.0f} ms",
                    f"{statistics.median(times[SEQUENTIAL]) * 1000:.0f} ms",
                    ratio,
                    f">= {target:g}x faster" if target else "reported",
                    check(ratio, ">=", target) if target else None,
                    note=note,
                    raw={"seconds": times[name], "sequential_seconds": times[SEQUENTIAL]},
                )
            )
        if RAW_AIOHTTP_TRANSPORT in names:
            figures.append(_facade_cost(jobs, label, case, settings))
    return figures


def _facade_cost(jobs: int, label: str, case: dict[str, Any], settings: Settings) -> Figure:
    """The async facade's own cost: its time over raw httpx+AiohttpTransport's, same deletes
    (the client process's CPU time too, in the note: less moved by a busy neighbour)."""
    times, cpu = case["times"], case["cpu"]
    ratio = median_ratio(times[ASYNC], times[RAW_AIOHTTP_TRANSPORT])
    cpu_ratio = median_ratio(cpu[ASYNC], cpu[RAW_AIOHTTP_TRANSPORT])
    return Figure(
        f"bulk delete {jobs} jobs ({label}): async facade (default, aiohttp) vs raw "
        "httpx.AsyncClient+AiohttpTransport, time",
        f"{statistics.median(times[ASYNC]) * 1000:.0f} ms",
        f"{statistics.median(times[RAW_AIOHTTP_TRANSPORT]) * 1000:.0f} ms",
        ratio,
        f"<= {FACADE_LIMIT:.2f}x the time",
        check(ratio, "<=", FACADE_LIMIT),
        note=(
            f"concurrency {CONCURRENCY}, {settings.bulk_reps} reps, ratio = facade / raw time; "
            f"client CPU {statistics.median(cpu[ASYNC]) * 1000:.0f} vs "
            f"{statistics.median(cpu[RAW_AIOHTTP_TRANSPORT]) * 1000:.0f} ms ({cpu_ratio:.2f}x)"
        ),
        raw={"seconds": times[ASYNC], "raw_seconds": times[RAW_AIOHTTP_TRANSPORT]},
    )
