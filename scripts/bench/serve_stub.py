"""Run the stub in its own process for the benchmark: seed jobs, print their ids, serve.

A separate process so the client's and the server's CPU time are not mixed in one interpreter;
the parent pins it to a core with ``taskset``. By default it serves with the stub's own
``serve()`` (what ``modelarts-vizjobs stub serve`` runs: one uvicorn worker on httptools with
the stub's bounded protocol, no access log); ``--server`` picks a candidate stack for the
comparison in ``server.py`` instead, serving the same app and state (see ``CANDIDATES``).
Seeding happens in-process before serving, so thousands of jobs cost no HTTP round trips.
Before serving it writes JSON ``{"ids": [...], "server": ...}`` to ``--ready-file``: the ids the
deleting figures may use, once each, and the stack that serves.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, StubBackend, TransitionPolicy, serve

#: ``--server`` choices: what each serves the stub app with.
CANDIDATES = {
    "stub": "stub serve: uvicorn + httptools + the stub's bounded protocol",
    "uvicorn-h11": "uvicorn + h11 (1.1.0's parser; its head limit, not its head timeout)",
    "uvicorn-httptools": "uvicorn + httptools, no bounds (the bounded protocol's cost)",
}


def seeded_backend(seed: int, latency: float) -> tuple[StubBackend, list[int]]:
    backend = StubBackend()
    backend.set_policy(TransitionPolicy.immediate())
    ids = [backend.seed(DEFAULT_PROJECT_ID, job_name=f"bench-{number}") for number in range(seed)]
    if latency:
        backend.faults.inject("latency", ratio=1.0, delay=latency)
    return backend, ids


def _serve_candidate(name: str, backend: StubBackend, port: int) -> None:
    import uvicorn

    from modelarts_vizjobs.stub import create_app

    http = "h11" if name == "uvicorn-h11" else "httptools"
    config = uvicorn.Config(
        create_app(backend),
        host="127.0.0.1",
        port=port,
        http=http,
        loop="uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        lifespan="off",
        ws="none",
        access_log=False,
        server_header=False,
        log_level="warning",
        h11_max_incomplete_event_size=64 * 1024,
    )
    uvicorn.Server(config).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0, help="jobs to create before serving")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--server", choices=sorted(CANDIDATES), default="stub")
    args = parser.parse_args()

    backend, ids = seeded_backend(args.seed, args.latency)
    uvloop = importlib.util.find_spec("uvloop") is not None
    server = f"{CANDIDATES[args.server]}, {'uvloop' if uvloop else 'asyncio'}"
    args.ready_file.write_text(json.dumps({"ids": ids, "server": server}))
    if args.server == "stub":
        serve("127.0.0.1", args.port, backend=backend, log_level="warning")
    else:
        _serve_candidate(args.server, backend, args.port)


if __name__ == "__main__":
    main()
