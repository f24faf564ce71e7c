"""``modelarts-vizjobs jobs ...``: one subcommand per API operation, on the SDK client."""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._exit import EXIT_CODES_HELP, describe_error, error_record, exit_code_for, print_error
from ._options import GlobalOptions, open_client
from ._output import emit, fields_block, job_fields, jobs_table, json_id, record, status_label
from ._prune import build_prune

if TYPE_CHECKING:
    from modelarts_vizjobs import ModelArtsError, VisualizationJob

__all__ = ["jobs"]

F = TypeVar("F", bound=Callable[..., Any])

#: The API's largest page: fewer round trips for long listings.
_PAGE_SIZE = 1000
#: Deletes in flight at once (the SDK's ``delete_many`` default).
_DELETE_CONCURRENCY = 8
_SORT_FIELDS = ("job_id", "job_name", "job_desc", "create_time", "status")


class _Status(click.ParamType[int]):
    """A job status as a code (``8``, range-checked by the SDK) or a name (``running``)."""

    name = "STATUS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from modelarts_vizjobs_client.models.job_status import JobStatus

        text = str(value).strip()
        if text.isdecimal():
            return int(text)
        try:
            return int(JobStatus[text.upper()])
        except KeyError:
            self.fail(f"{text!r} is not a job status code (0-22) or name", param, ctx)


def _wait_options(done: str) -> Callable[[F], F]:
    """``--wait`` with its ``--timeout`` and ``--poll-interval``, the same on every asynchronous
    operation."""

    def decorate(command: F) -> F:
        command = click.option(
            "--poll-interval",
            type=click.FloatRange(min=0, min_open=True),
            default=1.0,
            show_default=True,
            help="With --wait: seconds before the first re-read; grows by half up to 10 s.",
        )(command)
        command = click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            help="Give up after this many seconds, waiting included (exit 7 if still waiting; "
            "default with --wait: 300 s).",
        )(command)
        return click.option("--wait", is_flag=True, help=f"Poll until {done}.")(command)

    return decorate


@click.group(epilog=EXIT_CODES_HELP)
def jobs() -> None:
    """Create, list, inspect, stop, restart and delete visualization jobs."""


@jobs.command("list")
@click.option("--status", type=_Status(), help="Only jobs in this status: a code or a name.")
@click.option("--search", metavar="TEXT", help="Only jobs whose name contains TEXT.")
@click.option("--sort-by", type=click.Choice(_SORT_FIELDS), help="Sort field (default job_id).")
@click.option("--order", type=click.Choice(("asc", "desc")), help="Sort order (default asc).")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many jobs.")
@click.pass_obj
def list_jobs(
    options: GlobalOptions,
    status: int | None,
    search: str | None,
    sort_by: str | None,
    order: str | None,
    limit: int | None,
) -> None:
    """List jobs, every page (or the first --limit jobs)."""
    with open_client(options) as client:
        found = client.jobs.list(
            status=status,
            search=search,
            sort_by=sort_by,
            order=order,
            page_size=min(limit or _PAGE_SIZE, _PAGE_SIZE),
        )
        listed = list(itertools.islice(found, limit))
    emit(options.as_json, [record(job) for job in listed], jobs_table(listed))


@jobs.command("get")
@click.argument("job_id", metavar="ID")
@click.pass_obj
def get_job(options: GlobalOptions, job_id: str) -> None:
    """Show one job."""
    with open_client(options) as client:
        job = client.jobs.get(job_id)
    emit(options.as_json, record(job), fields_block(job_fields(job)))


@jobs.command("create")
@click.option("--name", required=True, help="1-20 letters, digits, '_' or '-'.")
@click.option(
    "--train-url", required=True, help="OBS path of the training output, e.g. /obs/name/."
)
@click.option("--description", default="", help="0-256 characters.")
@click.option(
    "--type",
    "job_type",
    type=click.Choice(("TensorBoard", "MindInsight")),
    default="TensorBoard",
    show_default=True,
    help="Visualization engine.",
)
@click.option("--auto-stop-hours", type=click.IntRange(0, 24), help="Stop the job after H hours.")
@_wait_options("the job is RUNNING (or has failed)")
@click.pass_obj
def create_job(
    options: GlobalOptions,
    name: str,
    train_url: str,
    description: str,
    job_type: str,
    auto_stop_hours: int | None,
    wait: bool,
    timeout: float | None,
    poll_interval: float,
) -> None:
    """Create a job (asynchronous: it starts in INIT(1) and moves on to RUNNING(8))."""
    with open_client(options) as client:
        created = client.jobs.create(
            job_name=name,
            train_url=train_url,
            description=description,
            job_type=job_type,
            auto_stop_hours=auto_stop_hours,
            wait=wait,
            timeout=timeout,
            poll_interval=poll_interval,
        )
    human = f"created job {created.job_id} ({name}): {status_label(created.status)}"
    emit(options.as_json, record(created), human)


@jobs.command("update")
@click.argument("job_id", metavar="ID")
@click.option("--description", required=True, help="New description, 0-256 characters.")
@click.pass_obj
def update_job(options: GlobalOptions, job_id: str, description: str) -> None:
    """Change a job's description."""
    with open_client(options) as client:
        client.jobs.update(job_id, description)
    emit(options.as_json, {"job_id": json_id(job_id), "updated": True}, f"updated job {job_id}")


@jobs.command("stop")
@click.argument("job_id", metavar="ID")
@_wait_options("the job has stopped (e.g. KILLED(12))")
@click.pass_obj
def stop_job(
    options: GlobalOptions, job_id: str, wait: bool, timeout: float | None, poll_interval: float
) -> None:
    """Stop a job (asynchronous: it goes through KILLING(9) to KILLED(12))."""
    with open_client(options) as client:
        job = client.jobs.stop(job_id, wait=wait, timeout=timeout, poll_interval=poll_interval)
    _report(options, "stop", job_id, job)


@jobs.command("restart")
@click.argument("job_id", metavar="ID")
@_wait_options("the job is RUNNING (or has failed)")
@click.pass_obj
def restart_job(
    options: GlobalOptions, job_id: str, wait: bool, timeout: float | None, poll_interval: float
) -> None:
    """Restart a stopped, completed or failed job (asynchronous)."""
    with open_client(options) as client:
        job = client.jobs.restart(job_id, wait=wait, timeout=timeout, poll_interval=poll_interval)
    _report(options, "restart", job_id, job)


def _report(options: GlobalOptions, verb: str, job_id: str, job: VisualizationJob | None) -> None:
    if job is None:
        human = f"{verb} of job {job_id} accepted (asynchronous; --wait waits for it)"
        emit(options.as_json, {"job_id": json_id(job_id), "accepted": True}, human)
    else:
        human = f"{verb} of job {job_id} done: {status_label(job.status)}"
        emit(options.as_json, record(job), human)


@jobs.command("delete")
@click.argument("job_ids", metavar="ID...", nargs=-1, required=True)
@_wait_options("each job is gone")
@click.pass_obj
def delete_jobs(
    options: GlobalOptions,
    job_ids: tuple[str, ...],
    wait: bool,
    timeout: float | None,
    poll_interval: float,
) -> None:
    """Delete jobs (asynchronous: a job shows KILLING(9) until the service has removed it).

    Several IDs are deleted concurrently; on a terminal, a line per finished ID shows the
    progress on stderr. Each failure prints its own error line and the exit code is the first
    failed ID's.
    """
    ids = list(dict.fromkeys(job_ids))
    show_progress = len(ids) > 1 and not options.as_json and _stderr_is_terminal()
    outcome = "deleted" if wait else "delete accepted (asynchronous; --wait waits for it)"
    finished = itertools.count(1)
    # on_done runs on the sync client's worker threads: taking the number and writing the
    # line under one lock keeps the lines counting up ([1/3] before [2/3]) as documented.
    in_order = threading.Lock()

    def progress(job_id: str, error: ModelArtsError | None) -> None:
        if show_progress:
            state = outcome if error is None else f"failed ({describe_error(error)})"
            with in_order:
                click.echo(f"[{next(finished)}/{len(ids)}] job {job_id}: {state}", err=True)

    with open_client(options) as client:
        result = client.jobs.delete_many(
            ids,
            concurrency=_DELETE_CONCURRENCY,
            wait=wait,
            timeout=timeout,
            poll_interval=poll_interval,
            on_done=progress,
        )
    failures = result.failures
    deleted = [job_id for job_id in ids if job_id not in failures]
    failed = [(job_id, failures[job_id]) for job_id in ids if job_id in failures]
    if options.as_json:
        errors = [
            {"job_id": json_id(job_id), **error_record(error, describe_error(error))}
            for job_id, error in failed
        ]
        data = {"deleted": [json_id(job_id) for job_id in deleted], "waited": wait}
        emit(True, {**data, "errors": errors}, "")
    else:
        for job_id in deleted:
            click.echo(f"job {job_id}: {outcome}")
    for job_id, error in failed:
        text = describe_error(error)
        print_error(text if len(ids) == 1 else f"job {job_id}: {text}")
    if failed:
        raise click.exceptions.Exit(exit_code_for(failed[0][1]))


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


jobs.add_command(build_prune(_Status(), _wait_options))
