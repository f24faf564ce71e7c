"""The stub server vs Prism 5 mocking the same spec, under wrk, per operation.

Three operations, each against quiet Prism (``-v error``) serving the same request:

- ``GET`` the details of jobs that exist (the stub answers 200 from its state), cycling over
  ``SERVER_GET_JOBS`` seeded ids;
- ``DELETE`` of seeded jobs, each id once (the stub answers 200 and the job is gone): wrk runs
  ``jobs.lua`` in "once" mode, which stops after ``wrk_deletes`` answers, so a run never reaches
  a deleted job; every run gets its own fresh id range, with a gap for the requests still in
  flight when it stops;
- ``DELETE`` of unknown ids (the stub answers 404 after auth, id validation and a state lookup),
  the only operation of earlier versions, kept for comparison.

Prism answers its 200 example to all three. The stub is seeded in its own process before it
serves (``serve_stub.py --seed``: in-process, no HTTP round trips).

Server candidates: the same app with the same seed, served by other stacks (``CANDIDATES``:
uvicorn on h11 as in 1.1.0, uvicorn on httptools without the stub's bounded protocol, granian),
run in the same repetitions on the ``GET`` rows, so each has a ratio against the same Prism runs
(the comparison table of docs/performance.md).
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
from dataclasses import dataclass

from .harness import SPEC, Figure, Settings, check, median_ratio
from .installs import PRISM_PACKAGE, ensure_granian, ensure_prism, ensure_wrk
from .processes import StubProcess, free_port, running, server_prefix, stub_process
from .wrk import run_wrk

CONNECTIONS = (16, 64)
SERVER_GET_JOBS = 1000
#: Ids left between two "once" ranges: at most one request per connection is in flight at the end.
GAP = 2 * max(CONNECTIONS)
UNKNOWN_IDS = (900000000, 100000)
#: Other stacks serving the same app, measured on the GET rows (``granian`` when it installs).
CANDIDATES = ("uvicorn-h11", "uvicorn-httptools", "granian")


@dataclass(frozen=True)
class Operation:
    key: str
    title: str
    method: str
    once: bool
    stub_2xx: bool


OPERATIONS = (
    Operation("get", "GET existing job (200)", "GET", once=False, stub_2xx=True),
    Operation("delete", "DELETE seeded job, each once (200)", "DELETE", once=True, stub_2xx=True),
    Operation("delete-404", "DELETE unknown id (stub 404)", "DELETE", once=False, stub_2xx=False),
)

Runs = dict[tuple[str, str, int], list[dict[str, float]]]


def server(settings: Settings) -> list[Figure]:
    from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

    name = "server: stub vs Prism 5 (-v error)"
    wrk = ensure_wrk()
    if not wrk:
        return [Figure.skipped(name, "wrk not found and apt-get unavailable: apt-get install wrk")]
    prism = ensure_prism()
    if not prism:
        return [Figure.skipped(name, f"npm unavailable: cannot install {PRISM_PACKAGE}")]
    prism_cmd = [*server_prefix(), str(prism), "mock", "-h", "127.0.0.1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    delete_span = settings.wrk_deletes + GAP
    seed = SERVER_GET_JOBS + settings.wrk_reps * len(CONNECTIONS) * delete_span
    runs: Runs = {}
    prism_port = free_port()
    granian = ensure_granian()
    candidates: dict[str, StubProcess] = {}
    with contextlib.ExitStack() as stack:
        stub = stack.enter_context(stub_process(seed=seed))
        for candidate in CANDIDATES:
            if candidate != "granian" or granian is not None:
                candidates[candidate] = stack.enter_context(
                    stub_process(seed=SERVER_GET_JOBS, server=candidate, granian=granian)
                )
        stack.enter_context(
            running(
                [*prism_cmd, "-p", str(prism_port), str(SPEC), "-v", "error"], prism_port, **quiet
            )
        )
        prism_url = f"http://127.0.0.1:{prism_port}"
        first = stub.ids[0]
        if stub.ids != list(range(first, first + seed)):
            raise RuntimeError("the stub's seeded ids are not one consecutive range")
        _check_stub(stub.base_url, DEFAULT_PROJECT_ID, first)
        fresh = iter(range(first + SERVER_GET_JOBS, first + seed, delete_span))
        common = [DEFAULT_TOKEN, DEFAULT_PROJECT_ID]

        def job_args(operation: Operation, range_start: int) -> list[str]:
            if operation.key == "get":
                ids = (first, SERVER_GET_JOBS)
            elif operation.key == "delete":
                ids = (range_start, settings.wrk_deletes)
            else:
                ids = UNKNOWN_IDS
            mode = "once" if operation.once else "cycle"
            return [operation.method, *common, str(ids[0]), str(ids[1]), mode]

        for url in (stub.base_url, prism_url):  # warm-up (V8's JIT, caches)
            for operation in OPERATIONS:
                if not operation.once:
                    run_wrk(wrk, url, 64, settings.wrk_warmup, job_args(operation, 0))
        get_args = {
            name: ["GET", *common, str(made.ids[0]), str(SERVER_GET_JOBS), "cycle"]
            for name, made in candidates.items()
        }
        for name, made in candidates.items():
            _check_stub(made.base_url, DEFAULT_PROJECT_ID, made.ids[0])
            run_wrk(wrk, made.base_url, 64, settings.wrk_warmup, get_args[name])
        for _ in range(settings.wrk_reps):
            for connections in CONNECTIONS:
                range_start = next(fresh)
                for operation in OPERATIONS:
                    seconds = None if operation.once else settings.wrk_seconds
                    args = job_args(operation, range_start)
                    for label, url in (("stub", stub.base_url), ("prism", prism_url)):
                        run = run_wrk(wrk, url, connections, seconds, args)
                        runs.setdefault((operation.key, label, connections), []).append(run)
                    if operation.key != "get":
                        continue
                    for name, made in candidates.items():
                        run = run_wrk(wrk, made.base_url, connections, seconds, get_args[name])
                        runs.setdefault(("get", name, connections), []).append(run)
    default_port = free_port()
    with running([*prism_cmd, "-p", str(default_port), str(SPEC)], default_port, **quiet):
        url = f"http://127.0.0.1:{default_port}"
        args = job_args(OPERATIONS[2], 0)
        run_wrk(wrk, url, 64, settings.wrk_warmup, args)
        for connections in CONNECTIONS:
            run = run_wrk(wrk, url, connections, settings.wrk_seconds, args)
            runs[("delete-404", "prism-default", connections)] = [run]
    figures = [
        figure
        for operation in OPERATIONS
        for connections in CONNECTIONS
        for figure in _figures(settings, operation, connections, runs)
    ]
    for connections in CONNECTIONS:
        for name, made in candidates.items():
            figures.append(_candidate(name, made.server, connections, runs))
    return figures


def _candidate(name: str, server: str, connections: int, runs: Runs) -> Figure:
    """A candidate stack on the GET row: its req/s against the same Prism runs (reported)."""
    own = runs[("get", name, connections)]
    prism = runs[("get", "prism", connections)]
    chosen = runs[("get", "stub", connections)]
    ratio = median_ratio([r["rps"] for r in own], [r["rps"] for r in prism])
    versus_chosen = median_ratio([r["rps"] for r in own], [r["rps"] for r in chosen])
    return Figure(
        f"server candidate {name}, c={connections}, GET existing job (200): vs Prism -v error",
        f"{_median(own, 'rps'):.0f} req/s",
        f"{_median(prism, 'rps'):.0f} req/s",
        ratio,
        "reported",
        None,
        note=(
            f"{server}; {versus_chosen:.2f}x stub serve's req/s in the same reps; "
            f"p99 {_median(own, 'p99_ms'):.2f} ms; 2xx share {_share_2xx(own):.0%}; "
            f"socket errors {sum(r['socket_errors'] for r in own):.0f}"
        ),
        raw={"runs": own},
    )


def _check_stub(base_url: str, project_id: str, existing: int) -> None:
    """The measured stub really checks (a bad token and an invalid id are refused) and a
    seeded job is there to read."""
    import httpx

    from modelarts_vizjobs.stub import DEFAULT_TOKEN

    path = f"{base_url}/v1/{project_id}/visualization-jobs"
    for method, job_id, token, status in (
        ("DELETE", "1", "wrong", 401),
        ("DELETE", "x" * 65, DEFAULT_TOKEN, 400),
        ("GET", str(existing), DEFAULT_TOKEN, 200),
    ):
        answer = httpx.request(method, f"{path}/{job_id}", headers={"X-Auth-Token": token})
        if answer.status_code != status:
            raise RuntimeError(f"stub answered {answer.status_code}, not {status}, to {method}")


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def _share_2xx(runs: list[dict[str, float]]) -> float:
    return 1 - sum(r["non_2xx"] for r in runs) / sum(r["requests"] for r in runs)


def _figures(
    settings: Settings, operation: Operation, connections: int, runs: Runs
) -> list[Figure]:
    stub_runs = runs[(operation.key, "stub", connections)]
    prism_runs = runs[(operation.key, "prism", connections)]
    ratio = median_ratio([r["rps"] for r in stub_runs], [r["rps"] for r in prism_runs])
    size = (
        f"{settings.wrk_deletes} requests per run"
        if operation.once
        else f"{settings.wrk_seconds} s per run"
    )
    note = (
        f"p50/p99 stub {_median(stub_runs, 'p50_ms'):.2f}/{_median(stub_runs, 'p99_ms'):.2f} ms, "
        f"Prism {_median(prism_runs, 'p50_ms'):.2f}/{_median(prism_runs, 'p99_ms'):.2f} ms; "
        f"2xx share: stub {_share_2xx(stub_runs):.0%} "
        f"({'all' if operation.stub_2xx else 'none'} expected), "
        f"Prism {_share_2xx(prism_runs):.0%}; "
        f"stub socket errors {sum(r['socket_errors'] for r in stub_runs):.0f}; "
        f"{settings.wrk_reps} runs x {size}, wrk -t1"
    )
    loud = runs.get((operation.key, "prism-default", connections))
    if loud:
        note += f"; Prism with default logging {loud[0]['rps']:.0f} req/s"
    label = f"c={connections}, {operation.title}"
    p99 = median_ratio([r["p99_ms"] for r in stub_runs], [r["p99_ms"] for r in prism_runs])
    target = 4.0 if operation.stub_2xx else 2.0  # issue 17: 4x on every 2xx row
    return [
        Figure(
            f"server req/s, {label}: stub vs Prism -v error",
            f"{_median(stub_runs, 'rps'):.0f} req/s",
            f"{_median(prism_runs, 'rps'):.0f} req/s",
            ratio,
            f">= {target:.2f}x",
            check(ratio, ">=", target),
            note=note,
            raw={"stub": stub_runs, "prism": prism_runs, "prism_default": loud or []},
        ),
        Figure(
            f"server p99 latency, {label}: stub vs Prism -v error",
            f"{_median(stub_runs, 'p99_ms'):.2f} ms",
            f"{_median(prism_runs, 'p99_ms'):.2f} ms",
            p99,
            "reported",
            None,
        ),
    ]
