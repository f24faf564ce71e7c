"""Run the stub in its own process for the benchmark: seed jobs, print their ids, serve.

A separate process so the client's and the server's CPU time are not mixed in one interpreter;
the parent pins it to a core with ``taskset``. It serves with the stub's own ``serve()`` (what
``modelarts-vizjobs stub serve`` runs: one uvicorn worker, no access log). Seeding happens
in-process before serving, so thousands of jobs cost no HTTP round trips. Before serving it writes
JSON ``{"ids": [...], "server": ...}`` to ``--ready-file``: the ids the deleting figures may use,
once each, and the event loop and HTTP parser uvicorn picks.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, StubBackend, TransitionPolicy, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0, help="jobs to create before serving")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    args = parser.parse_args()

    backend = StubBackend()
    backend.set_policy(TransitionPolicy.immediate())
    ids = [
        backend.seed(DEFAULT_PROJECT_ID, job_name=f"bench-{number}") for number in range(args.seed)
    ]
    if args.latency:
        backend.faults.inject("latency", ratio=1.0, delay=args.latency)
    uvloop = importlib.util.find_spec("uvloop") is not None
    server = f"uvicorn {'uvloop' if uvloop else 'asyncio'}+h11"  # h11 always: its head limit
    args.ready_file.write_text(json.dumps({"ids": ids, "server": server}))
    serve("127.0.0.1", args.port, backend=backend, log_level="warning")


if __name__ == "__main__":
    main()
