"""``modelarts-vizjobs stub serve``: the stateful stub as a local server, for manual tries and
for services that test against it from another process.

The stub's server stack (the ``stub`` extra) is imported only when this command runs.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from ._exit import ExitCode, fail

if TYPE_CHECKING:
    from modelarts_vizjobs.stub import StubBackend, TransitionPolicy

__all__ = ["stub", "stub_extra"]

_EXTRA = frozenset({"uvicorn", "httptools", "uvloop"})


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
    "--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="TCP port."
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
def serve_stub(
    host: str, port: int, policy: TransitionPolicy, seed_demo: bool, seed_from: str | None
) -> None:
    """Serve the stub in the foreground until Ctrl-C.

    It prints the base URL and the stub's fixed demo credentials (not secrets) to use with
    `modelarts-vizjobs jobs ...` or the SDK.
    """
    from modelarts_vizjobs import stub as module

    backend = module.StubBackend(policy=policy)
    project_id = module.DEFAULT_PROJECT_ID
    seeded = _seed_demo_jobs(backend, project_id) if seed_demo else []
    if seed_from is not None:
        try:
            seeded += backend.seed_from(seed_from, project_id)
        except ValueError as exc:
            fail(str(exc), ExitCode.USAGE)
    base_url = f"http://{host}:{port}"
    env = {
        "MODELARTS_VIZJOBS_ENDPOINT": base_url,
        "HUAWEICLOUD_SDK_PROJECT_ID": project_id,
        "MODELARTS_VIZJOBS_TOKEN": module.DEFAULT_TOKEN,
    }
    lines = [
        f"ModelArts visualization-jobs stub on {base_url} (Ctrl-C to stop)",
        f"  policy:        {policy.to_dict()}",
        f"  demo jobs:     {', '.join(map(str, seeded)) or 'none (--seed-demo adds some)'}",
        f"  project id:    {project_id}",
        f"  token:         {module.DEFAULT_TOKEN}",
        f"  access key:    {module.DEFAULT_ACCESS_KEY}",
        f"  secret key:    {module.DEFAULT_SECRET_KEY}",
        "  (fixed demo credentials of the stub; a real endpoint never sees them)",
        "Try:",
        "  export " + " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items()),
        "  modelarts-vizjobs jobs list",
    ]
    click.echo("\n".join(lines))
    _ensure_can_listen(host, port)
    with stub_extra():
        module.serve(host, port, backend=backend, log_level="warning")


def _ensure_can_listen(host: str, port: int) -> None:
    """One error line for a busy port or a bad host, before uvicorn logs and exits with 3
    (which would read as the CLI's authentication-error code)."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
            probe.bind(address)
    except OSError as exc:
        fail(f"the stub cannot listen on {host}:{port}: {exc.strerror or exc}", ExitCode.USAGE)
