"""``modelarts-vizjobs tour``: every operation end to end, on a stub embedded in this process.

The stub serves on 127.0.0.1 (a free port) and every call goes through the public SDK client
over that socket, exactly as against a real endpoint. Its ``after_reads(2)`` policy makes the
API's asynchrony visible without timing luck: an asynchronous step (INIT -> ... -> RUNNING,
KILLING -> gone) completes after two reads of the job.
"""

from __future__ import annotations

import textwrap
import time
from typing import TYPE_CHECKING

import click

from ._exit import ExitCode, describe_error, fail, reported_errors
from ._output import jobs_table, status_label
from ._stub import stub_extra

if TYPE_CHECKING:
    from modelarts_vizjobs import ModelArtsVizJobs
    from modelarts_vizjobs.stub import StubServer

__all__ = ["tour"]

_JOBS = (
    ("tb-resnet50", "TensorBoard", "loss curves of resnet50"),
    ("mi-bert-base", "MindInsight", "lineage of the bert sweep"),
    ("tb-yolo", "TensorBoard", "detection metrics"),
)

#: What each reading of the job during the delete's wait means.
_POLL_NOTES: dict[tuple[str, int | None], str] = {
    ("GET", 200): "  still there",
    ("GET", 404): "  gone (ModelArts.0102)",
}


def _step(title: str) -> None:
    click.echo(f"\n== {title}")


def _show(text: str) -> None:
    click.echo(textwrap.indent(text, "   "))


@click.command()
def tour() -> None:
    """End-to-end tour on an embedded stub: no credentials or network needed.

    Creates, lists, deletes (waiting for the asynchronous delete), hits the documented
    ModelArts.0105 state conflict, and makes one AK/SK-signed call, printing each step.
    """
    with stub_extra():
        from modelarts_vizjobs import ModelArtsVizJobs
        from modelarts_vizjobs.stub import (
            DEFAULT_PROJECT_ID,
            DEFAULT_TOKEN,
            StubBackend,
            StubServer,
            TransitionPolicy,
        )

        backend = StubBackend(policy=TransitionPolicy.after_reads(2))
        with StubServer(backend) as server, reported_errors():
            click.echo(f"Stub server: {server.base_url}, project {DEFAULT_PROJECT_ID}")
            click.echo("Every asynchronous step completes after 2 reads of the job.")
            with ModelArtsVizJobs(
                endpoint=server.base_url, project_id=DEFAULT_PROJECT_ID, token=DEFAULT_TOKEN
            ) as client:
                job_ids = _create_and_list(client)
                _delete_and_wait(client, server, job_ids[1])
                _state_conflict(client, job_ids[2])
            _signed_call(server)
            click.echo(f"\nDone: {len(backend.journal)} requests served by the stub.")
            click.echo("The same `modelarts-vizjobs jobs ...` commands work against a real")
            click.echo(
                "endpoint with HUAWEICLOUD_SDK_AK/SK, HUAWEICLOUD_SDK_PROJECT_ID and a region."
            )


def _create_and_list(client: ModelArtsVizJobs) -> list[int]:
    _step("1. Create three jobs (asynchronous: each starts in INIT)")
    job_ids = []
    for name, kind, description in _JOBS:
        created = client.jobs.create(
            job_name=name, train_url=f"/obs/demo/{name}/", description=description, job_type=kind
        )
        job_ids.append(created.job_id)
        _show(f"created job {created.job_id} {name} ({kind}): {status_label(created.status)}")
    _step("2. List them (every read moves them towards RUNNING)")
    _show(jobs_table(list(client.jobs.list())))
    return job_ids


def _delete_and_wait(client: ModelArtsVizJobs, server: StubServer, job_id: int) -> None:
    _step(f"3. Delete job {job_id} and wait until it is gone (delete is asynchronous)")
    first = len(server.backend.journal)
    started = time.monotonic()
    client.jobs.delete(job_id, wait=True, poll_interval=0.05)
    elapsed = time.monotonic() - started
    project = client.project_id
    for entry in server.backend.journal[first:]:
        path = entry.path.replace(project, "{project_id}")
        note = _POLL_NOTES.get((entry.method, entry.status), "")
        _show(f"{entry.method:<6} {path} -> {entry.status}{note}")
    _show(f"deleted after {elapsed:.2f} s; the list now:")
    _show(jobs_table(list(client.jobs.list())))


def _state_conflict(client: ModelArtsVizJobs, job_id: int) -> None:
    from modelarts_vizjobs import JobStateConflictError

    _step(f"4. Stop job {job_id}, then delete it while it is still being stopped")
    client.jobs.stop(job_id)
    _show(f"stop accepted; job {job_id} is {status_label(client.jobs.get(job_id).status)}")
    try:
        client.jobs.delete(job_id)
    except JobStateConflictError as exc:
        _show(f"error: {describe_error(exc)}")
        _show(f"(expected: `jobs delete {job_id}` would exit with {int(ExitCode.STATE_CONFLICT)})")
    else:
        message = f"deleting job {job_id} in KILLING(9) was accepted; expected ModelArts.0105"
        fail(message, ExitCode.API_ERROR)


def _signed_call(server: StubServer) -> None:
    import httpx

    from modelarts_vizjobs import ModelArtsVizJobs
    from modelarts_vizjobs._secrets import redact_live as redact
    from modelarts_vizjobs.stub import DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY

    _step("5. The same list, signed with AK/SK (SDK-HMAC-SHA256) instead of a token")
    sent: list[httpx.Request] = []
    with (
        httpx.Client(event_hooks={"request": [sent.append]}) as tap,  # the SDK does not close it
        ModelArtsVizJobs(
            endpoint=server.base_url,
            project_id=DEFAULT_PROJECT_ID,
            access_key=DEFAULT_ACCESS_KEY,
            secret_key=DEFAULT_SECRET_KEY,
            http_client=tap,
        ) as signed,
    ):
        count = len(list(signed.jobs.list()))
    request = sent[-1]
    _show(f"X-Sdk-Date: {request.headers['X-Sdk-Date']}")
    _show(f"Authorization: {redact(request.headers['Authorization'])}")
    _show(f"-> {count} jobs, signature verified by the stub")
