"""Per-call overhead: sequential deletes of seeded jobs (the 200 path) over loopback.

Every variant deletes jobs that exist, one call at a time on one keep-alive connection; the
variants are interleaved slice by slice (``harness.interleaved``), each slice paying for its own
garbage (``harness.own_garbage``). Wall time per call is the
figure (client + loopback + server); the client process's CPU time per call is in the note: on a
shared machine it is the steadier measure of what the client itself costs. The async variants run
each slice as one coroutine on one event loop, so they pay one ``Runner.run`` per 100 calls.

Telemetry (the ``otel`` extra) is off in every variant but three: the facade with the
OpenTelemetry API and no provider configured (what an application that installs the extra but
sets nothing up pays), with an SDK provider pair exporting to memory (spans through a
``SimpleSpanProcessor`` to an ``InMemorySpanExporter``, metrics to an ``InMemoryMetricReader``),
and the same with the SDK's own HTTP span per attempt (off by default). A fourth, the floor,
wraps the facade with telemetry off in what OpenTelemetry's SDK itself does for one traced call
(a span made current, its attributes, one histogram record, the span ended and exported), with
none of the SDK's own telemetry code: the in-memory row less this one is what that code costs.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Awaitable, Callable

from .harness import SLICE, Batch, Figure, Settings, check, interleaved, median_ratio
from .processes import StubProcess, stub_process

RAW_SYNC = "raw httpx"
RAW_ASYNC = "raw httpx.AsyncClient"
GENERATED = "generated sync_detailed"
FACADE = "facade jobs.delete"
OTEL_API = "facade, otel API without a provider"
OTEL_MEMORY = "facade, otel in-memory exporter"
OTEL_HTTP = "facade, otel in-memory exporter and own HTTP spans"
OTEL_FLOOR = "facade (otel off) inside the OTel SDK's own work for a call"
ASYNC_FACADE = "async facade jobs.delete"
REQUESTS = "requests (huaweicloudsdkcore setup)"


def _sync_variants(stub: StubProcess) -> dict[str, Callable[[int], object]]:
    """Four ways to delete one job on *stub*; each one checks the answer is a success."""
    import httpx
    import requests
    from modelarts_vizjobs_client import AuthenticatedClient
    from modelarts_vizjobs_client.api.visualization_jobs import delete_visualization_job
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    from modelarts_vizjobs import ModelArtsVizJobs
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

    project, token = DEFAULT_PROJECT_ID, DEFAULT_TOKEN
    raw = httpx.Client(base_url=stub.base_url, headers={"X-Auth-Token": token})
    generated = AuthenticatedClient(
        base_url=stub.base_url,
        token=token,
        prefix="",
        auth_header_name="X-Auth-Token",
        raise_on_unexpected_status=True,
    )
    facade = ModelArtsVizJobs(project_id=project, endpoint=stub.base_url, token=token)
    facade._telemetry = None  # today's facade: telemetry off (the extra absent or disabled)
    # requests configured as huaweicloudsdkcore.http.http_client.HttpClient configures it.
    session = requests.Session()
    adapter = HTTPAdapter(
        pool_connections=10, pool_maxsize=10, max_retries=Retry(total=0, status_forcelist=[429])
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)

    def raw_delete(job_id: int) -> object:
        response = raw.delete(f"/v1/{project}/visualization-jobs/{job_id}")
        response.raise_for_status()
        return response.json()

    def generated_delete(job_id: int) -> object:
        response = delete_visualization_job.sync_detailed(project, str(job_id), client=generated)
        if response.status_code != 200:
            raise RuntimeError(f"generated delete answered {response.status_code}")
        return response.parsed

    def requests_delete(job_id: int) -> object:
        response = session.delete(
            f"{stub.base_url}/v1/{project}/visualization-jobs/{job_id}",
            headers={"X-Auth-Token": token, "Content-Type": "application/json"},
            timeout=(60, 120),
            verify=True,
            allow_redirects=False,
        )
        response.raise_for_status()
        return response.json()

    return {
        RAW_SYNC: raw_delete,
        GENERATED: generated_delete,
        FACADE: facade.jobs.delete,
        REQUESTS: requests_delete,
        **_traced_variants(stub),
    }


def _traced_variants(stub: StubProcess) -> dict[str, Callable[[int], object]]:
    """The facade with telemetry on: no provider, and an in-memory SDK provider pair (its own,
    not the global one, so the variants run side by side in one process)."""
    try:
        from opentelemetry import context as otel_context
        from opentelemetry import trace
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        from modelarts_vizjobs._otel import Instruments, Telemetry
    except ImportError:
        return {}
    from modelarts_vizjobs import ModelArtsVizJobs
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

    def facade(telemetry: Telemetry | None) -> ModelArtsVizJobs:
        client = ModelArtsVizJobs(
            project_id=DEFAULT_PROJECT_ID, endpoint=stub.base_url, token=DEFAULT_TOKEN
        )
        client._telemetry = telemetry
        return client

    exporter = InMemorySpanExporter()
    tracing = TracerProvider()
    tracing.add_span_processor(SimpleSpanProcessor(exporter))
    memory = Instruments(tracing, MeterProvider(metric_readers=[InMemoryMetricReader()]))

    def exported(telemetry: Telemetry) -> Callable[[int], object]:
        client = facade(telemetry)

        def delete(job_id: int) -> object:
            if job_id % SLICE == 0:
                exporter.clear()  # keep memory flat: a few slices' spans at most
            return client.jobs.delete(job_id)

        return delete

    floor_tracer = tracing.get_tracer("bench-floor")
    floor_duration = (
        MeterProvider(metric_readers=[InMemoryMetricReader()])
        .get_meter("bench-floor")
        .create_histogram("modelarts.vizjobs.client.operation.duration", unit="s")
    )
    untraced = facade(None)
    attributes: dict[str, str | int] = {
        "modelarts.vizjobs.operation_id": "delete_visualization_job",
        "modelarts.vizjobs.project_id": DEFAULT_PROJECT_ID,
        "modelarts.vizjobs.job_id": "0",
        "modelarts.vizjobs.request_id": "0",
        "modelarts.vizjobs.attempts": 1,
        "http.response.status_code": 200,
    }

    def floor(job_id: int) -> object:
        if job_id % SLICE == 0:
            exporter.clear()
        span = floor_tracer.start_span("modelarts.vizjobs delete")
        token = otel_context.attach(trace.set_span_in_context(span))
        try:
            return untraced.jobs.delete(job_id)
        finally:
            span.set_attributes(attributes)
            floor_duration.record(0.0005, {"modelarts.vizjobs.operation": "delete"})
            otel_context.detach(token)
            span.end()

    return {
        OTEL_FLOOR: floor,
        OTEL_API: facade(Telemetry()).jobs.delete,
        OTEL_MEMORY: exported(Telemetry(instruments=memory)),
        OTEL_HTTP: exported(Telemetry(instruments=memory, http_spans=True)),
    }


def _async_variants(stub: StubProcess) -> dict[str, Callable[[int], Awaitable[object]]]:
    """The async facade and bare ``httpx.AsyncClient``, both on httpx's default transport (the
    facade is given one: by itself it would send on aiohttp, ``bulk.py`` measures that)."""
    import httpx

    from modelarts_vizjobs import AsyncModelArtsVizJobs
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

    raw = httpx.AsyncClient(base_url=stub.base_url, headers={"X-Auth-Token": DEFAULT_TOKEN})
    facade = AsyncModelArtsVizJobs(
        project_id=DEFAULT_PROJECT_ID,
        endpoint=stub.base_url,
        token=DEFAULT_TOKEN,
        http_client=httpx.AsyncClient(),
    )

    async def raw_delete(job_id: int) -> object:
        response = await raw.delete(f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{job_id}")
        response.raise_for_status()
        return response.json()

    return {RAW_ASYNC: raw_delete, ASYNC_FACADE: facade.jobs.delete}


def _batches(stub: StubProcess, runner: asyncio.Runner) -> dict[str, Batch]:
    """Every variant as a batch runner: a loop of calls (sync) or one coroutine (async)."""

    def sync_batch(call: Callable[[int], object]) -> Batch:
        return lambda batch: [call(job_id) for job_id in batch]

    def async_batch(call: Callable[[int], Awaitable[object]]) -> Batch:
        async def each(batch: list[int]) -> None:
            for job_id in batch:
                await call(job_id)

        return lambda batch: runner.run(each(batch))

    batches = {name: sync_batch(call) for name, call in _sync_variants(stub).items()}
    batches |= {name: async_batch(call) for name, call in _async_variants(stub).items()}
    return batches


def per_call(settings: Settings) -> list[Figure]:
    """Sync and async per-call deletes against raw httpx, and against requests."""
    variants = 10
    slices = max(settings.calls // SLICE, 1)
    seed = variants * (settings.warmup + settings.reps * slices * SLICE) + SLICE
    with stub_process(seed=seed) as stub, asyncio.Runner() as runner:
        batches = _batches(stub, runner)
        ids = iter(stub.ids)
        for run_batch in batches.values():
            run_batch([next(ids) for _ in range(settings.warmup)])
        wall, cpu = interleaved(batches, ids, settings, collect=True)
    sizes = f"{settings.reps} reps x {slices * SLICE} deletes of seeded jobs (200), interleaved"

    def figure(name: str, base: str, title: str, target: float | None) -> Figure:
        ratio = median_ratio(wall[name], wall[base])
        cpu_ratio = median_ratio(cpu[name], cpu[base])
        return Figure(
            title,
            f"{statistics.median(wall[name]):.0f} µs/call",
            f"{statistics.median(wall[base]):.0f} µs/call",
            ratio,
            f"<= {target:.2f}x" if target else "reported",
            check(ratio, "<=", target) if target else None,
            note=(
                f"client CPU {statistics.median(cpu[name]):.0f} vs "
                f"{statistics.median(cpu[base]):.0f} µs/call ({cpu_ratio:.2f}x); {sizes}"
            ),
            raw={
                "us_per_call": wall[name],
                "baseline_us_per_call": wall[base],
                "cpu_us_per_call": cpu[name],
                "baseline_cpu_us_per_call": cpu[base],
            },
        )

    traced = [
        figure(OTEL_API, FACADE, f"per-call delete: {OTEL_API} vs {FACADE} (otel off)", 1.02),
        figure(OTEL_MEMORY, FACADE, f"per-call delete: {OTEL_MEMORY} vs {FACADE} (otel off)", 1.10),
        figure(OTEL_HTTP, FACADE, f"per-call delete: {OTEL_HTTP} vs {FACADE} (otel off)", None),
        figure(OTEL_FLOOR, FACADE, f"per-call delete: {OTEL_FLOOR} vs {FACADE}", None),
    ]
    return [
        figure(GENERATED, RAW_SYNC, f"per-call delete: {GENERATED} vs {RAW_SYNC}", 1.10),
        figure(FACADE, RAW_SYNC, f"per-call delete: {FACADE} (otel off) vs {RAW_SYNC}", 1.05),
        *(traced if OTEL_API in wall else []),
        figure(ASYNC_FACADE, RAW_ASYNC, f"per-call delete: {ASYNC_FACADE} vs {RAW_ASYNC}", 1.10),
        figure(REQUESTS, RAW_SYNC, f"per-call delete: {REQUESTS} vs {RAW_SYNC}", None),
        figure(
            FACADE,
            REQUESTS,
            "per-call delete: facade vs requests as huaweicloudsdkcore sets it up",
            1.00,
        ),
    ]
