"""The stub app for granian (a candidate in ``server.py``): granian imports its target in its
worker, so the seeding and the ready file of ``serve_stub.py`` happen at import, from
``BENCH_SEED`` and ``BENCH_READY_FILE``. granian is installed into ``.bench/granian`` only."""

from __future__ import annotations

import json
import os
from pathlib import Path

from modelarts_vizjobs.stub import create_app

from .serve_stub import seeded_backend

_backend, _ids = seeded_backend(int(os.environ["BENCH_SEED"]), 0.0)
app = create_app(_backend)
Path(os.environ["BENCH_READY_FILE"]).write_text(
    json.dumps({"ids": _ids, "server": "granian (Rust, hyper), asginl, 1 worker"})
)
