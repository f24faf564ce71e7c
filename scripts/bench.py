"""Benchmark: every figure is a ratio against a baseline measured in the same run.

Run ``.venv/bin/python scripts/bench.py`` (``--quick`` for a smoke run). It installs what it needs
into ``.bench/`` (gitignored): Prism into ``.bench/node_modules`` and the official SDKs into
``.bench/venv-anchors`` (never into the project's .venv), and ``wrk`` with apt-get when it is
missing. It prints a markdown table and writes the same figures to ``.bench/results.json``.

Method: the stub runs as a separate uvicorn process (one worker, no access log) pinned to core 0;
the client side (this process, wrk) runs pinned to core 1. Variants of one figure are interleaved
in each repetition, the ratio is taken per repetition and the median ratio is reported, so a
neighbour stealing CPU for a while moves both sides of a ratio alike.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".bench"
HELPERS = ROOT / "scripts" / "bench"
SPEC = ROOT / "openapi" / "modelarts-vizjobs.yaml"
GENERATOR_CONFIG = ROOT / "openapi" / "generator-config.yaml"
VENV_BIN = Path(sys.executable).parent

PRISM_PACKAGE = "@stoplight/prism-cli@5.16.0"
ANCHOR_PINS = ("huaweicloudsdkmodelarts==3.1.219", "otcextensions==0.34.8")
ANCHOR_VENV = SCRATCH / "venv-anchors"
CLEAN_VENV = SCRATCH / "venv-clean"
PRISM_BIN = SCRATCH / "node_modules" / ".bin" / "prism"

#: What a program must import to make its first call, per library.
IMPORTS = {
    "modelarts_vizjobs": "import modelarts_vizjobs",
    "httpx": "import httpx",
    "huaweicloudsdkmodelarts": (
        "from huaweicloudsdkcore.auth.credentials import BasicCredentials; "
        "from huaweicloudsdkmodelarts.v1 import ModelArtsClient"
    ),
    "otcextensions": (
        "import openstack; from otcextensions import sdk; "
        "from otcextensions.sdk.modelartsv1.v1 import _proxy"
    ),
}

SERVER_CORE, CLIENT_CORE = "0", "1"


@dataclass
class Settings:
    """Sizes of one run; ``--quick`` shrinks them for a smoke run."""

    reps: int = 3
    calls: int = 2000
    warmup: int = 200
    bulk_jobs: int = 1000
    bulk_reps: int = 3
    wan_jobs: int = 100
    wan_latency: float = 0.05
    sign_rounds: int = 5000
    import_runs: int = 15
    wrk_seconds: int = 5
    wrk_warmup: int = 3
    wrk_reps: int = 3
    regen_reps: int = 3

    @classmethod
    def quick(cls) -> Settings:
        return cls(
            reps=2,
            calls=300,
            warmup=50,
            bulk_jobs=200,
            bulk_reps=1,
            wan_jobs=40,
            sign_rounds=1000,
            import_runs=3,
            wrk_seconds=2,
            wrk_warmup=1,
            wrk_reps=1,
            regen_reps=1,
        )


@dataclass
class Figure:
    """One row of the table. ``ratio`` is ours relative to the baseline, as the target reads."""

    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    met: bool | None
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def skipped(cls, name: str, reason: str) -> Figure:
        return cls(name, "skipped", "", None, "", None, note=reason)


def check(ratio: float, op: str, limit: float) -> bool:
    return ratio <= limit if op == "<=" else ratio >= limit


def median_ratio(ours: list[float], base: list[float]) -> float:
    """Median of per-repetition ratios ours/base (repetitions are interleaved)."""
    return statistics.median(o / b for o, b in zip(ours, base, strict=True))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- environment


def pin_client_core() -> bool:
    """Pin this process (and so wrk and import subprocesses) to the client core."""
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "sched_setaffinity"):
        return False
    os.sched_setaffinity(0, {int(CLIENT_CORE)})
    return True


def server_prefix() -> list[str]:
    taskset = shutil.which("taskset")
    return [taskset, "-c", SERVER_CORE] if taskset and (os.cpu_count() or 1) >= 2 else []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, proc: subprocess.Popen[Any], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


@contextlib.contextmanager
def running(command: list[str], port: int, **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """Start a server process, wait until its port accepts, stop it afterwards."""
    proc = subprocess.Popen(command, **popen)
    try:
        wait_for_port(port, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@dataclass
class StubProcess:
    base_url: str
    ids: list[int]


#: Facts learnt while running (the stub's event loop and HTTP parser), for the machine line.
RUN_INFO: dict[str, str] = {}


@contextlib.contextmanager
def stub_process(seed: int = 0, latency: float = 0.0) -> Iterator[StubProcess]:
    """The stub in its own uvicorn process on the server core, with *seed* jobs to delete."""
    port = free_port()
    with tempfile.TemporaryDirectory(dir=SCRATCH) as scratch:
        ready_file = Path(scratch) / "ready.json"
        command = [
            *server_prefix(),
            sys.executable,
            str(HELPERS / "serve_stub.py"),
            "--port",
            str(port),
            "--ready-file",
            str(ready_file),
            "--seed",
            str(seed),
            "--latency",
            str(latency),
        ]
        with running(command, port):  # the file is complete before the port opens
            ready = json.loads(ready_file.read_text())
            RUN_INFO["stub server"] = ready["server"]
            yield StubProcess(f"http://127.0.0.1:{port}", ready["ids"])


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    log("installing wrk with apt-get")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk")


def ensure_prism() -> Path | None:
    if PRISM_BIN.exists():
        return PRISM_BIN
    npm = shutil.which("npm")
    if not npm:
        return None
    log(f"installing {PRISM_PACKAGE} into .bench/node_modules")
    SCRATCH.mkdir(exist_ok=True)
    package_json = SCRATCH / "package.json"
    if not package_json.exists():
        package_json.write_text('{"private": true}\n')
    subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--save-exact",
            PRISM_PACKAGE,
        ],
        cwd=SCRATCH,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return PRISM_BIN if PRISM_BIN.exists() else None


def ensure_venv(
    venv: Path, install: list[str], stamp_text: str, *, update: list[str] | None = None
) -> Path | None:
    """A venv under .bench with *install* done (pip arguments), redone when *stamp_text*
    changes: with *update* (pip arguments) in the existing venv, else from scratch."""
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if python.exists() and stamp.exists() and stamp.read_text() == stamp_text:
        return python
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if update and python.exists() and stamp.exists():
        install = update
    else:
        base = getattr(sys, "_base_executable", sys.executable)
        if subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=False).returncode:
            return None
    log(f"installing {' '.join(install)} into {venv.relative_to(ROOT)}")
    if subprocess.run([*pip, *install], check=False).returncode != 0:
        return None
    stamp.write_text(stamp_text)
    return python


def ensure_anchor_venv() -> Path | None:
    """The official SDKs, pinned, in their own venv (never in the project's .venv)."""
    return ensure_venv(ANCHOR_VENV, list(ANCHOR_PINS), "\n".join(ANCHOR_PINS))


def ensure_clean_venv() -> Path | None:
    """This SDK installed as a user gets it: a built wheel (pip compiles its .pyc files, as it
    did for the anchors) with its runtime dependencies only, at the locked versions. The dev
    .venv is no fair place: there our sources run without .pyc when PYTHONDONTWRITEBYTECODE is
    set, and ``import httpx`` also loads rich and pygments (for httpx's CLI)."""
    lock = ROOT / "requirements" / "dev.lock"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock.read_bytes())
    for folder in ("src", "generated"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    install = ["-c", str(lock), str(ROOT)]
    update = ["--no-deps", "--force-reinstall", str(ROOT)]
    return ensure_venv(CLEAN_VENV, install, digest.hexdigest(), update=update)


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --------------------------------------------------------------------------- per-call figures


def _delete_variants(stub: StubProcess) -> dict[str, Callable[[int], object]]:
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
        "raw httpx": raw_delete,
        "generated sync_detailed": generated_delete,
        "facade jobs.delete": facade.jobs.delete,
        "requests (huaweicloudsdkcore setup)": requests_delete,
    }


#: Calls per slice: each repetition alternates the variants slice by slice, so a neighbour's
#: burst of CPU lands on every variant alike instead of on whichever ran at that moment.
SLICE = 100


def _interleaved(
    variants: dict[str, Callable[[int], object]], ids: Iterator[int], settings: Settings
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and client-CPU µs per call, per variant and repetition."""
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    slices = max(settings.calls // SLICE, 1)
    for _ in range(settings.reps):
        spent = {name: [0.0, 0.0] for name in variants}
        for index in range(slices):
            shift = index % len(order)
            for name in order[shift:] + order[:shift]:
                call = variants[name]
                batch = [next(ids) for _ in range(SLICE)]
                cpu_start, start = time.process_time(), time.perf_counter()
                for job_id in batch:
                    call(job_id)
                spent[name][0] += time.perf_counter() - start
                spent[name][1] += time.process_time() - cpu_start
        for name, (seconds, cpu_seconds) in spent.items():
            wall[name].append(seconds / (slices * SLICE) * 1e6)
            cpu[name].append(cpu_seconds / (slices * SLICE) * 1e6)
    return wall, cpu


def per_call(settings: Settings) -> list[Figure]:
    """Figures 1 and 7: sequential deletes of seeded jobs (the 200 path) over loopback.

    Wall time per call is the figure (client + loopback + server); the client process's CPU
    time per call is given in the note: on a shared machine it is the steadier measure of what
    the client itself costs.
    """
    names = ("generated sync_detailed", "facade jobs.delete", "requests (huaweicloudsdkcore setup)")
    slices = max(settings.calls // SLICE, 1)
    seed = (len(names) + 1) * (settings.warmup + settings.reps * slices * SLICE)
    with stub_process(seed=seed) as stub:
        variants = _delete_variants(stub)
        ids = iter(stub.ids)
        for call in variants.values():
            for _ in range(settings.warmup):
                call(next(ids))
        wall, cpu = _interleaved(variants, ids, settings)
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

    requests_stack = names[2]
    return [
        figure(names[0], "raw httpx", f"per-call delete: {names[0]} vs raw httpx", 1.10),
        figure(names[1], "raw httpx", f"per-call delete: {names[1]} vs raw httpx", 1.10),
        figure(
            requests_stack, "raw httpx", f"per-call delete: {requests_stack} vs raw httpx", None
        ),
        figure(
            names[1],
            requests_stack,
            "per-call delete: facade vs requests as huaweicloudsdkcore sets it up",
            1.00,
        ),
    ]


def _bulk_variants(
    stub: StubProcess, runner: asyncio.Runner
) -> dict[str, Callable[[list[int]], object]]:
    """Ways to delete a batch of jobs; each raises when any delete failed."""
    import httpx

    from modelarts_vizjobs import AsyncModelArtsVizJobs, ModelArtsVizJobs
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

    sync_client = ModelArtsVizJobs(
        project_id=DEFAULT_PROJECT_ID, endpoint=stub.base_url, token=DEFAULT_TOKEN
    )
    async_client = AsyncModelArtsVizJobs(
        project_id=DEFAULT_PROJECT_ID, endpoint=stub.base_url, token=DEFAULT_TOKEN
    )
    raw_async = httpx.AsyncClient(base_url=stub.base_url, headers={"X-Auth-Token": DEFAULT_TOKEN})

    def checked(result: Any) -> None:
        if result.failures:
            raise RuntimeError(f"bulk delete failed: {next(iter(result.failures.values()))!r}")

    def sequential(batch: list[int]) -> None:
        for job_id in batch:
            sync_client.jobs.delete(job_id)

    async def raw_gather(batch: list[int]) -> None:
        gate = asyncio.Semaphore(BULK_CONCURRENCY)

        async def one(job_id: int) -> None:
            async with gate:
                path = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{job_id}"
                (await raw_async.delete(path)).raise_for_status()

        await asyncio.gather(*(one(job_id) for job_id in batch))

    return {
        "sequential sync facade": sequential,
        "async delete_many": lambda batch: checked(
            runner.run(async_client.jobs.delete_many(batch, concurrency=BULK_CONCURRENCY))
        ),
        "sync delete_many (threads)": lambda batch: checked(
            sync_client.jobs.delete_many(batch, concurrency=BULK_CONCURRENCY)
        ),
        "raw httpx.AsyncClient gather": lambda batch: runner.run(raw_gather(batch)),
    }


BULK_CONCURRENCY = 8


def _bulk_case(
    jobs: int, latency: float, reps: int, names: tuple[str, ...]
) -> dict[str, list[float]]:
    """Seconds per batch of *jobs* deletes for each variant in *names*, interleaved per rep."""
    times: dict[str, list[float]] = {name: [] for name in names}
    with stub_process(seed=len(names) * (jobs * reps + 10), latency=latency) as stub:
        ids = iter(stub.ids)
        with asyncio.Runner() as runner:
            variants = _bulk_variants(stub, runner)
            for name in names:  # warm-up: connections, imports
                variants[name]([next(ids) for _ in range(10)])
            for _ in range(reps):
                for name in names:
                    batch = [next(ids) for _ in range(jobs)]
                    start = time.perf_counter()
                    variants[name](batch)
                    times[name].append(time.perf_counter() - start)
    return times


def bulk(settings: Settings) -> list[Figure]:
    """Figure 2: deleting many jobs, async ``delete_many`` vs a loop of sync deletes.

    On loopback a request costs only CPU, so concurrency can only overlap client and server
    work; with added per-answer latency (what a real endpoint has) it overlaps waiting. Extra
    rows attribute the result: the sync ``delete_many`` (threads), and raw ``httpx.AsyncClient``
    with the same concurrency (the async stack without the SDK).
    """
    base = "sequential sync facade"
    loop_names = (
        base,
        "async delete_many",
        "sync delete_many (threads)",
        "raw httpx.AsyncClient gather",
    )
    wan_names = (base, "async delete_many", "sync delete_many (threads)")
    wan_label = f"stub +{settings.wan_latency * 1000:.0f} ms/answer"
    figures = []
    for label, jobs, latency, names in (
        ("loopback", settings.bulk_jobs, 0.0, loop_names),
        (wan_label, settings.wan_jobs, settings.wan_latency, wan_names),
    ):
        times = _bulk_case(jobs, latency, settings.bulk_reps, names)
        for name in names[1:]:
            ratio = median_ratio(times[base], times[name])
            headline = name == "async delete_many"
            figures.append(
                Figure(
                    f"bulk delete {jobs} jobs ({label}): {name} vs sequential sync",
                    f"{statistics.median(times[name]) * 1000:.0f} ms",
                    f"{statistics.median(times[base]) * 1000:.0f} ms",
                    ratio,
                    ">= 5x faster" if headline else "reported",
                    check(ratio, ">=", 5.0) if headline else None,
                    note=(
                        f"concurrency {BULK_CONCURRENCY}, {settings.bulk_reps} reps, "
                        "ratio = sequential time / this time"
                    ),
                    raw={"seconds": times[name], "sequential_seconds": times[base]},
                )
            )
    return figures


# --------------------------------------------------------------------------- signing


def _signing_requests() -> list[tuple[str, str, list[tuple[str, str]], bytes]]:
    """Representative requests: delete, list with a query, create with a JSON body."""
    base = "/v1/a4a5d4098fb4474fa22cd05f897d6b99/visualization-jobs"
    body = json.dumps(
        {"job_name": "viz-bench", "train_url": "/bucket/logs/", "job_type": "tensorboard"}
    ).encode()
    return [
        ("DELETE", f"{base}/8992", [], b""),
        ("GET", base, [("status", "7"), ("page_size", "10"), ("order", "desc")], b""),
        ("POST", base, [], body),
    ]


def signing(settings: Settings) -> list[Figure]:
    """Figure 3: time per AK/SK signature, ours vs huaweicloudsdkcore on the same requests.

    The official side is ``BasicCredentials.sign_request``, the call its HTTP client makes per
    request (adds ``X-Project-Id``, builds a ``Signer``, signs). Neither side gets a preset
    ``X-Sdk-Date``: both take the clock, as in real use. Request objects are built outside the
    timed loop on both sides.
    """
    import httpx
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest

    ak, sk, project = (
        "BENCHACCESSKEY0000000",
        "bench-secret-0000000000000000",
        "a4a5d4098fb4474fa22cd05f897d6b99",
    )
    host = "modelarts.eu-de.otc.t-systems.com"
    official = BasicCredentials(ak, sk, project)
    ours_sign, how = _our_signer(ak, sk, project)
    shapes = _signing_requests()

    def official_request(
        method: str, path: str, query: list[tuple[str, str]], body: bytes, headers: dict[str, str]
    ) -> SdkRequest:
        return SdkRequest(
            method=method,
            schema="https",
            host=host,
            resource_path=path,
            query_params=list(query),
            header_params=dict(headers),
            body=body,
        )

    def our_batch(count: int) -> list[httpx.Request]:
        return [
            httpx.Request(
                method,
                f"https://{host}{path}" + (f"?{urlencode(query)}" if query else ""),
                content=body,
                headers=_JSON,
            )
            for method, path, query, body in shapes * count
        ]

    # Same output first: sign ours, then let the official signer sign the headers ours signed.
    for request, (method, path, query, body) in zip(our_batch(1), shapes, strict=True):
        ours_sign(request)
        signed = request.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]
        headers = {
            name: request.headers[name] for name in signed.split(";") if name != "x-project-id"
        }
        theirs = official.sign_request(official_request(method, path, query, body, headers))
        if theirs.header_params["Authorization"] != request.headers["Authorization"]:
            raise RuntimeError(f"signatures differ for {method} {path}")

    rounds = max(settings.sign_rounds // len(shapes), 1)
    ours_us: list[float] = []
    theirs_us: list[float] = []
    for _ in range(settings.reps):
        batch = [official_request(*shape, _JSON) for shape in shapes * rounds]
        start = time.perf_counter()
        for sdk_request in batch:
            official.sign_request(sdk_request)
        theirs_us.append((time.perf_counter() - start) / len(batch) * 1e6)
        ours_batch = our_batch(rounds)
        start = time.perf_counter()
        for request in ours_batch:
            ours_sign(request)
        ours_us.append((time.perf_counter() - start) / len(ours_batch) * 1e6)
    ratio = median_ratio(ours_us, theirs_us)
    return [
        Figure(
            "AK/SK signature: ours vs huaweicloudsdkcore BasicCredentials.sign_request",
            f"{statistics.median(ours_us):.1f} µs/sig",
            f"{statistics.median(theirs_us):.1f} µs/sig",
            ratio,
            "<= 0.50x",
            check(ratio, "<=", 0.5),
            note=f"ours {how}; DELETE, GET+query, POST+JSON; identical Authorization checked",
            raw={"ours_us": ours_us, "official_us": theirs_us},
        )
    ]


_JSON = {"Content-Type": "application/json"}


def _our_signer(
    access_key: str, secret_key: str, project: str
) -> tuple[Callable[[Any], None], str]:
    """Our signing step on an ``httpx.Request``: the client's auth class when it exists."""
    try:
        from modelarts_vizjobs._auth import AkSkAuth
    except ImportError:
        return _signing_composed(access_key, secret_key, project), "via _signing functions"
    auth = AkSkAuth(access_key=access_key, secret_key=secret_key, project_id=project)

    def sign(request: Any) -> None:
        next(auth.sync_auth_flow(request))

    return sign, "via _auth.AkSkAuth"


def _signing_composed(access_key: str, secret_key: str, project: str) -> Callable[[Any], None]:
    from modelarts_vizjobs import _signing

    def sign(request: Any) -> None:
        request.headers["X-Project-Id"] = project
        request.headers[_signing.DATE_HEADER] = date = _signing.format_sdk_date()
        names = _signing.signable_header_names(request.headers.keys())
        canonical = _signing.canonical_request(
            request.method,
            request.url.path,
            request.url.params.multi_items(),
            request.headers,
            names,
            request.content,
        )
        signature = _signing.sign(secret_key, date, canonical)
        request.headers["Authorization"] = _signing.authorization_value(
            access_key, names, signature
        )

    return sign


# --------------------------------------------------------------------------- imports


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _importtime_us(python: str, statement: str) -> int:
    """Sum of top-level cumulative import times reported by ``-X importtime``."""
    done = subprocess.run(
        [python, "-X", "importtime", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
    )
    total = 0
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if match:
            total += int(match.group(1))
    return total


def imports(settings: Settings) -> list[Figure]:
    """Figure 4: cold import of a fresh process, ours vs the official SDKs and bare httpx."""
    anchors = ensure_anchor_venv()
    clean = ensure_clean_venv()
    ours_python = str(clean) if clean else sys.executable
    commands: dict[str, list[str]] = {
        "pass (ours)": [ours_python, "-c", "pass"],
        "modelarts_vizjobs": [ours_python, "-c", IMPORTS["modelarts_vizjobs"]],
        "httpx": [ours_python, "-c", IMPORTS["httpx"]],
        "cli --help": [str(Path(ours_python).parent / "modelarts-vizjobs"), "--help"],
    }
    if anchors:
        commands["pass (anchors)"] = [str(anchors), "-c", "pass"]
        for name in ("huaweicloudsdkmodelarts", "otcextensions"):
            commands[name] = [str(anchors), "-c", IMPORTS[name]]
    broken = []
    for name, command in commands.items():  # compile .pyc files, warm the page cache
        try:
            _wall(command)
        except subprocess.CalledProcessError:
            broken.append(name)
    for name in broken:
        log(f"imports: `{' '.join(commands.pop(name))}` fails, left out")
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(settings.import_runs):
        for name, command in commands.items():
            walls[name].append(_wall(command))
    wall = {name: statistics.median(values) * 1000 for name, values in walls.items()}
    import_ms = {
        name: wall[name] - wall[baseline]
        for name, baseline in (
            ("modelarts_vizjobs", "pass (ours)"),
            ("httpx", "pass (ours)"),
            ("huaweicloudsdkmodelarts", "pass (anchors)"),
            ("otcextensions", "pass (anchors)"),
        )
        if name in wall
    }
    importtime = {
        name: statistics.median(
            _importtime_us(cmd[0], cmd[2]) - _importtime_us(cmd[0], "pass") for _ in range(3)
        )
        / 1000
        for name, cmd in commands.items()
        if name in import_ms
    }
    ours = import_ms["modelarts_vizjobs"]
    where = "wheel-installed .bench/venv-clean" if clean else "dev .venv"
    note = (
        f"ours in {where}; wall of `python -c <import>` minus `python -c pass` in the same venv, "
        f"median of {settings.import_runs} interleaved runs"
    )
    figures = []
    for anchor in ("huaweicloudsdkmodelarts", "otcextensions"):
        if anchor not in import_ms:
            figures.append(Figure.skipped(f"cold import vs {anchor}", "anchor venv not available"))
            continue
        ratio = ours / import_ms[anchor]
        figures.append(
            Figure(
                f"cold import: modelarts_vizjobs vs {anchor}",
                f"{ours:.0f} ms (importtime {importtime['modelarts_vizjobs']:.0f} ms)",
                f"{import_ms[anchor]:.0f} ms (importtime {importtime[anchor]:.0f} ms)",
                ratio,
                "<= 0.33x",
                check(ratio, "<=", 1 / 3),
                note=f"{note}; anchor: `{IMPORTS[anchor]}`",
                raw={"wall_ms": walls[anchor], "ours_wall_ms": walls["modelarts_vizjobs"]},
            )
        )
    above = ours - import_ms["httpx"]
    figures.append(
        Figure(
            "cold import: modelarts_vizjobs vs httpx alone",
            f"{ours:.0f} ms (importtime {importtime['modelarts_vizjobs']:.0f} ms)",
            f"{import_ms['httpx']:.0f} ms (importtime {importtime['httpx']:.0f} ms)",
            ours / import_ms["httpx"],
            "<= +30 ms",
            above <= 30,
            note=f"{above:+.0f} ms above httpx; {note}",
            raw={"wall_ms": walls["httpx"], "ours_wall_ms": walls["modelarts_vizjobs"]},
        )
    )
    if "cli --help" not in wall:
        return [*figures, Figure.skipped("CLI --help", "`modelarts-vizjobs --help` fails")]
    figures.append(
        Figure(
            "CLI: `modelarts-vizjobs --help` vs `python -c pass`",
            f"{wall['cli --help']:.0f} ms",
            f"{wall['pass (ours)']:.0f} ms",
            wall["cli --help"] / wall["pass (ours)"],
            "reported",
            None,
            note="process wall time, median",
            raw={"wall_ms": walls["cli --help"], "pass_ms": walls["pass (ours)"]},
        )
    )
    return figures


# --------------------------------------------------------------------------- server figures


_WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict[str, float]:
    """Requests/s, p50 and p99 latency (ms), non-2xx count and socket errors from wrk output."""

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            raise ValueError(f"no {percent}% line in wrk output:\n{output}")
        return float(match.group(1)) * _WRK_UNITS[match.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not rps or not total:
        raise ValueError(f"unreadable wrk output:\n{output}")
    return {
        "rps": float(rps.group(1)),
        "requests": float(total.group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": float(non_2xx.group(1)) if non_2xx else 0.0,
        "socket_errors": float(sum(int(n) for n in errors.groups())) if errors else 0.0,
    }


def run_wrk(
    wrk: str, url: str, connections: int, seconds: int, args: list[str]
) -> dict[str, float]:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(HELPERS / "delete.lua"), url, "--", *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=seconds + 30)
    return parse_wrk(done.stdout)


def server(settings: Settings) -> list[Figure]:
    """Figure 5: the stub vs Prism 5 mocking the same spec, DELETE under wrk."""
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

    name = "server: stub vs Prism 5 (-v error), DELETE"
    wrk = ensure_wrk()
    if not wrk:
        return [Figure.skipped(name, "wrk not found and apt-get unavailable: apt-get install wrk")]
    prism = ensure_prism()
    if not prism:
        return [Figure.skipped(name, f"npm unavailable: cannot install {PRISM_PACKAGE}")]
    # Unknown ids: every stub answer goes through auth, id validation, a state lookup and a 404
    # JSON body, the same work on every request; Prism answers its 200 example.
    wrk_args = [DEFAULT_TOKEN, DEFAULT_PROJECT_ID, "900000000", "100000"]
    prism_port = free_port()
    prism_cmd = [*server_prefix(), str(prism), "mock", "-h", "127.0.0.1", "-p", str(prism_port)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    with (
        stub_process() as stub,
        running([*prism_cmd, str(SPEC), "-v", "error"], prism_port, **quiet),
    ):
        prism_url = f"http://127.0.0.1:{prism_port}"
        _check_stub_guards(stub.base_url, DEFAULT_PROJECT_ID)
        for url in (stub.base_url, prism_url):  # warm-up (V8's JIT, caches)
            run_wrk(wrk, url, 64, settings.wrk_warmup, wrk_args)
        for _ in range(settings.wrk_reps):
            for connections in (16, 64):
                for label, url in (("stub", stub.base_url), ("prism", prism_url)):
                    run = run_wrk(wrk, url, connections, settings.wrk_seconds, wrk_args)
                    results.setdefault((label, connections), []).append(run)
    default_port = free_port()
    default_cmd = [*server_prefix(), str(prism), "mock", "-h", "127.0.0.1", "-p", str(default_port)]
    with running([*default_cmd, str(SPEC)], default_port, **quiet):
        url = f"http://127.0.0.1:{default_port}"
        run_wrk(wrk, url, 64, settings.wrk_warmup, wrk_args)
        for connections in (16, 64):
            run = run_wrk(wrk, url, connections, settings.wrk_seconds, wrk_args)
            results[("prism-default", connections)] = [run]
    return _server_figures(settings, results)


def _check_stub_guards(base_url: str, project_id: str) -> None:
    """The measured stub really checks: a bad token is refused, an invalid id is refused."""
    import httpx

    from modelarts_vizjobs.stub import DEFAULT_TOKEN

    path = f"{base_url}/v1/{project_id}/visualization-jobs"
    for job_id, token, status in (("1", "wrong", 401), ("x" * 65, DEFAULT_TOKEN, 400)):
        answer = httpx.delete(f"{path}/{job_id}", headers={"X-Auth-Token": token})
        if answer.status_code != status:
            raise RuntimeError(f"stub answered {answer.status_code}, not {status}, to a bad call")


def _server_figures(
    settings: Settings, results: dict[tuple[str, int], list[dict[str, float]]]
) -> list[Figure]:
    figures = []
    for connections in (16, 64):
        stub_runs, prism_runs = results[("stub", connections)], results[("prism", connections)]
        loud = results[("prism-default", connections)][0]

        def median(runs: list[dict[str, float]], key: str) -> float:
            return statistics.median(run[key] for run in runs)

        ratio = median_ratio([r["rps"] for r in stub_runs], [r["rps"] for r in prism_runs])
        stub_errors = sum(r["socket_errors"] for r in stub_runs)
        stub_404 = sum(r["non_2xx"] for r in stub_runs) / sum(r["requests"] for r in stub_runs)
        prism_2xx = 1 - sum(r["non_2xx"] for r in prism_runs) / sum(
            r["requests"] for r in prism_runs
        )
        figures.append(
            Figure(
                f"server req/s, c={connections}: stub vs Prism -v error",
                f"{median(stub_runs, 'rps'):.0f} req/s",
                f"{median(prism_runs, 'rps'):.0f} req/s",
                ratio,
                ">= 2.00x",
                check(ratio, ">=", 2.0),
                note=(
                    f"p50/p99 stub {median(stub_runs, 'p50_ms'):.2f}/"
                    f"{median(stub_runs, 'p99_ms'):.2f} ms, "
                    f"Prism {median(prism_runs, 'p50_ms'):.2f}/"
                    f"{median(prism_runs, 'p99_ms'):.2f} ms; Prism default logging "
                    f"{loud['rps']:.0f} req/s; stub socket errors {stub_errors:.0f}; "
                    f"non-2xx share: stub {stub_404:.0%} (404 expected), "
                    f"Prism 2xx share {prism_2xx:.0%}; "
                    f"{settings.wrk_reps} x {settings.wrk_seconds} s, wrk -t1, "
                    "unknown ids (stub 404)"
                ),
                raw={"stub": stub_runs, "prism": prism_runs, "prism_default": loud},
            )
        )
        p99 = median_ratio([r["p99_ms"] for r in stub_runs], [r["p99_ms"] for r in prism_runs])
        figures.append(
            Figure(
                f"server p99 latency, c={connections}: stub vs Prism -v error",
                f"{median(stub_runs, 'p99_ms'):.2f} ms",
                f"{median(prism_runs, 'p99_ms'):.2f} ms",
                p99,
                "reported",
                None,
            )
        )
    return figures


# --------------------------------------------------------------------------- regeneration


def regeneration(settings: Settings) -> list[Figure]:
    """Figure 6: the whole spec-to-client pipeline vs openapi-python-client alone."""
    script = ROOT / "scripts" / "regenerate.py"
    tool = VENV_BIN / "openapi-python-client"
    raw_tool = [str(tool), "generate", "--path", str(SPEC), "--meta", "none", "--overwrite"]
    if GENERATOR_CONFIG.exists():
        raw_tool += ["--config", str(GENERATOR_CONFIG)]
    pipeline_times: list[float] = []
    tool_times: list[float] = []
    with tempfile.TemporaryDirectory(dir=SCRATCH) as scratch:
        for rep in range(settings.regen_reps):
            tool_out = Path(scratch) / f"tool-{rep}"
            tool_times.append(_wall([*raw_tool, "--output-path", str(tool_out)]))
            if script.exists():
                out = Path(scratch) / f"pipeline-{rep}"
                pipeline_times.append(_wall([sys.executable, str(script), "--output", str(out)]))
    if not pipeline_times:
        return [
            Figure(
                "regeneration: openapi-python-client alone (scripts/regenerate.py absent)",
                f"{statistics.median(tool_times):.1f} s",
                "",
                None,
                "reported",
                None,
            )
        ]
    ratio = median_ratio(pipeline_times, tool_times)
    return [
        Figure(
            "regeneration: scripts/regenerate.py vs openapi-python-client alone",
            f"{statistics.median(pipeline_times):.1f} s",
            f"{statistics.median(tool_times):.1f} s",
            ratio,
            "reported",
            None,
            note="`scripts/regenerate.py --output <tmp>` vs `openapi-python-client generate` alone",
            raw={"pipeline_s": pipeline_times, "tool_s": tool_times},
        )
    ]


# --------------------------------------------------------------------------- main

FIGURES: dict[str, Callable[[Settings], list[Figure]]] = {
    "per-call": per_call,
    "bulk": bulk,
    "signing": signing,
    "imports": imports,
    "server": server,
    "regeneration": regeneration,
}


def table(figures: list[Figure], info: dict[str, str]) -> str:
    lines = [
        f"Machine: {info['nproc']} x {info['cpu']}, Python {info['python']}, {info['date']}; "
        f"pinning: {info['pinning']}; stub: {info.get('stub server', 'not started')}",
        "",
        "| figure | ours | baseline | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for fig in figures:
        ratio = f"{fig.ratio:.2f}x" if fig.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[fig.met]
        lines.append(
            f"| {fig.name} | {fig.ours} | {fig.baseline} | {ratio} | {fig.target} | {met} |"
        )
    notes = [f"- {fig.name}: {fig.note}" for fig in figures if fig.note]
    return "\n".join([*lines, "", "Notes:", *notes])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", choices=sorted(FIGURES), action="append", help="repeatable")
    args = parser.parse_args()
    settings = Settings.quick() if args.quick else Settings()
    SCRATCH.mkdir(exist_ok=True)
    pinned = pin_client_core()
    info = machine()
    info["pinning"] = f"server core {SERVER_CORE}, client core {CLIENT_CORE}" if pinned else "none"
    figures: list[Figure] = []
    durations: dict[str, float] = {}
    started = time.perf_counter()
    for key in args.only or list(FIGURES):
        log(f"{key} ...")
        begin = time.perf_counter()
        try:
            figures += FIGURES[key](settings)
        except ImportError as missing:
            figures.append(Figure.skipped(key, f"cannot import: {missing}"))
        durations[key] = round(time.perf_counter() - begin, 1)
        log(f"{key} done in {durations[key]} s")
    durations["total"] = round(time.perf_counter() - started, 1)
    info.update(RUN_INFO)
    print(table(figures, info))
    print(f"\nRun time: {durations}")
    results = {
        "machine": info,
        "settings": asdict(settings),
        "durations_s": durations,
        "figures": [asdict(fig) for fig in figures],
    }
    (SCRATCH / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
