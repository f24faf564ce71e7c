"""``modelarts-vizjobs stub serve``: the stateful stub as a local server, for manual tries and
for services that test against it from another process.

The stub's server stack (the ``stub`` extra) is imported only when this command runs.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._exit import ExitCode, fail

if TYPE_CHECKING:
    from modelarts_vizjobs.stub import StubBackend, TransitionPolicy

__all__ = ["stub", "stub_extra"]

_EXTRA = frozenset({"uvicorn", "uvloop"})


@contextmanager
def stub_extra() -> Iterator[None]:
    """A one-line failure instead of a traceback when the ``stub`` extra is not installed."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in _EXTRA:
            raise
        message = "the stub needs the 'stub' extra: pip install 'modelarts-vizjobs[stub]'"
        fail(message, ExitCode.USAGE)


class _Policy(click.ParamType["TransitionPolicy"]):
    """``immediate``, ``reads:N`` or ``seconds:T``: when a job's asynchronous steps complete."""

    name = "immediate|reads:N|seconds:T"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> TransitionPolicy:
        from modelarts_vizjobs.stub import TransitionPolicy

        kind, _, amount = str(value).partition(":")
        try:
            if kind == "immediate" and not amount:
                return TransitionPolicy.immediate()
            if kind == "reads":
                return TransitionPolicy.after_reads(int(amount))
            if kind == "seconds":
                return TransitionPolicy.after_seconds(float(amount))
        except ValueError as exc:
            self.fail(f"{value!r}: {exc}", param, ctx)
        self.fail(f"{value!r} is not immediate, reads:N or seconds:T", param, ctx)


def _seed_demo_jobs(backend: StubBackend, project_id: str) -> list[int]:
    """A few jobs in telling states: running, stopped, completed, and one being stopped."""
    from modelarts_vizjobs_client.models.job_status import JobStatus

    demo = [
        ("tb-running", JobStatus.RUNNING, "TensorBoard", "loss curves of resnet50"),
        ("mi-completed", JobStatus.COMPLETED, "MindInsight", "lineage of the last sweep"),
        ("tb-killed", JobStatus.KILLED, "TensorBoard", "stopped by hand"),
        ("tb-stopping", JobStatus.KILLING, "TensorBoard", "being stopped: delete refuses it"),
    ]
    return [
        backend.seed(project_id, status=status, job_name=name, job_type=kind, job_desc=text)
        for name, status, kind, text in demo
    ]


@click.group()
def stub() -> None:
    """The stateful stub of the API (needs the 'stub' extra: uvicorn)."""


@stub.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="TCP port; 0 picks a free one (the banner shows it).",
)
@click.option(
    "--policy",
    type=_Policy(),
    default="immediate",
    show_default=True,
    help="When asynchronous steps complete: at once, after N reads of the job, or T seconds.",
)
@click.option("--seed-demo", is_flag=True, help="Start with a few demo jobs.")
@click.option(
    "--seed-from",
    type=click.Path(exists=True, dir_okay=False),
    help="Start with the jobs of a recording (conformance --record, proxy --record).",
)
@click.option(
    "--max-head-bytes",
    type=click.IntRange(min=1),
    help="Longest request head (request line and headers); longer answers 431. "
    "Default: 65536 (64 KiB).",
)
@click.option(
    "--head-timeout",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    help="Seconds a client has to send a complete request head; then the connection closes. "
    "Default: 10.",
)
def serve_stub(
    host: str,
    port: int,
    policy: TransitionPolicy,
    seed_demo: bool,
    seed_from: str | None,
    max_head_bytes: int | None,
    head_timeout: float | None,
) -> None:
    """Serve the stub in the foreground until Ctrl-C.

    Once the port is bound it prints the base URL and the stub's fixed demo credentials (not
    secrets) of both built-in projects, to use with `modelarts-vizjobs jobs ...` or the SDK.
    Request bodies over 1 MiB answer 413.

    \b
    Control plane (no credentials, JSON bodies; docs/stub-serve.md has every format):
      POST /_stub/reset                 forget every job, fault and journal entry
      POST /_stub/seed                  {"project_id"?, "status"?, "job_name"?, ...}
      GET|PUT /_stub/policy             {"mode": "immediate"|"after_reads"|"after_seconds",
                                         "reads"?: N, "seconds"?: T}
      GET|POST|DELETE /_stub/faults     {"kind": "latency"|"status"|"drop", "count"?,
                                         "ratio"?, "status"?, "retry_after"?, "delay"?}
      GET|DELETE /_stub/journal         the requests received (headers redacted)
    """
    from modelarts_vizjobs import stub as module
    from modelarts_vizjobs.stub.server import listening_socket

    with stub_extra():
        import uvicorn  # noqa: F401  (the 'stub' extra, checked before anything is printed)
    backend = module.StubBackend(policy=policy)
    seeded = _seed_demo_jobs(backend, module.DEFAULT_PROJECT_ID) if seed_demo else []
    if seed_from is not None:
        try:
            seeded += backend.seed_from(seed_from, module.DEFAULT_PROJECT_ID)
        except ValueError as exc:
            fail(str(exc), ExitCode.USAGE)
    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        fail(f"the stub cannot listen on {host}:{port}: {exc.strerror or exc}", ExitCode.USAGE)
    bound_port = sock.getsockname()[1]
    click.echo(_banner(_url(host, bound_port), policy, seeded))
    limits = {"max_head_bytes": max_head_bytes, "head_timeout": head_timeout}
    with stub_extra():
        module.serve(
            host,
            bound_port,
            backend=backend,
            log_level="warning",
            sock=sock,
            **{name: value for name, value in limits.items() if value is not None},  # type: ignore[arg-type]
        )


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _banner(base_url: str, policy: TransitionPolicy, seeded: list[int]) -> str:
    from modelarts_vizjobs import stub as module

    env = {
        "MODELARTS_VIZJOBS_ENDPOINT": base_url,
        "HUAWEICLOUD_SDK_PROJECT_ID": module.DEFAULT_PROJECT_ID,
        "MODELARTS_VIZJOBS_TOKEN": module.DEFAULT_TOKEN,
    }
    return "\n".join(
        [
            f"ModelArts visualization-jobs stub on {base_url} (Ctrl-C to stop)",
            f"  policy:        {policy.to_dict()}",
            f"  demo jobs:     {', '.join(map(str, seeded)) or 'none (--seed-demo adds some)'}",
            "  project        id                                token"
            "                        access key / secret key",
            f"  main project   {module.DEFAULT_PROJECT_ID}  {module.DEFAULT_TOKEN}"
            f"  {module.DEFAULT_ACCESS_KEY} / {module.DEFAULT_SECRET_KEY}",
            f"  other project  {module.OTHER_PROJECT_ID}  {module.OTHER_TOKEN}"
            f"  {module.OTHER_ACCESS_KEY} / {module.OTHER_SECRET_KEY}",
            "  (fixed demo credentials of the stub; a real endpoint never sees them;"
            " the demo jobs are in the main project)",
            "Try:",
            *_activation(),
            "  export " + " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items()),
            f"  {_command()} jobs list",
        ]
    )


def _activation() -> list[str]:
    """The line that puts this venv's scripts on PATH in a new shell (none outside a venv)."""
    activate = Path(sys.prefix) / "bin" / "activate"
    if sys.prefix == sys.base_prefix or not activate.is_file():
        return []
    return [f"  . {shlex.quote(str(activate))}"]


def _command() -> str:
    """The CLI as a new shell finds it: the bare name when this venv or PATH provides it."""
    script = Path(sys.executable).parent / "modelarts-vizjobs"
    if _activation() or shutil.which("modelarts-vizjobs") or not script.is_file():
        return "modelarts-vizjobs"
    return shlex.quote(str(script))
