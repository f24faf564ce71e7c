"""Benchmark: every figure is a ratio against a baseline measured in the same run.

Run ``.venv/bin/python -m scripts.bench`` (``make bench``; ``--quick`` for a smoke run, ``--only
FAMILY`` for one figure family). It installs what it needs into ``.bench/`` (gitignored): Prism
into ``.bench/node_modules`` and the official SDKs into ``.bench/venv-anchors`` (never into the
project's .venv), and ``wrk`` with apt-get when it is missing. It prints a markdown table and
writes the same figures to ``.bench/results.json``.

Method: the stub runs as a separate uvicorn process (one worker, no access log) pinned to core 0;
the client side (this process, wrk) runs pinned to core 1. Variants of one figure are interleaved
in each repetition, the ratio is taken per repetition and the median ratio is reported, so a
neighbour stealing CPU for a while moves both sides of a ratio alike.

Layout: ``harness`` (sizes, figures, interleaving, medians, the table and results.json),
``processes`` (pinning, ports, the stub process), ``installs`` (what goes into ``.bench/``), and
one module per figure family: ``per_call``, ``bulk``, ``signing``, ``cold_import``, ``cli``,
``server`` (with ``wrk``), ``regeneration``. ``serve_stub.py`` and ``jobs.lua`` are the stub
process and the wrk script.
"""
