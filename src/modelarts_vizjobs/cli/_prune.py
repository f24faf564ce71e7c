"""``modelarts-vizjobs jobs prune``: delete the jobs a policy selects, on ``client.jobs.prune``.

Safe by default: without ``--yes`` it only shows the plan when stdin is not a terminal (a
script, a cron job), and asks first when it is. The exit code is the worst outcome's: 0 when
every selected job went (or was only skipped), 5 when one was refused, the failure's own code
(see ``--help``) when one failed.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ._exit import EXIT_CODES_HELP, ExitCode, exit_code_for, print_error
from ._options import GlobalOptions, open_client
from ._output import emit, format_time, record, status_label, table

if TYPE_CHECKING:
    from modelarts_vizjobs._prune import PruneItem, PruneProgress, PruneReport

__all__ = ["build_prune"]

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _action(item: PruneItem, wait: bool) -> str:
    """What a dry run would do with the job, or what became of it."""
    from modelarts_vizjobs._prune import PruneOutcome

    if item.outcome is PruneOutcome.PLANNED:
        if item.settling:  # the service refuses its delete until the status ends
            code = item.job.status
            status = f"{int(code)} {code.name}" if isinstance(code, enum.IntEnum) else str(code)
            if wait:
                return f"would delete once it settles ({status})"
            return f"would be refused ({status}; --wait deletes it once it settles)"
        return "would stop, then delete" if item.stop_first else "would delete"
    stopped = item.stop_first and item.outcome in (
        PruneOutcome.DELETED,
        PruneOutcome.REFUSED_THEN_DELETED,
    )
    return f"stopped, {item.outcome.value}" if stopped else item.outcome.value


def _human(report: PruneReport) -> str:
    if not report.items:
        return "no job matches"
    rows = [
        (
            str(item.job.job_id),
            item.job.name or "-",
            status_label(item.job.status),
            format_time(item.job.create_time),
            _action(item, report.wait),
            item.reason or "",
        )
        for item in report.items
    ]
    lines = table(("ID", "NAME", "STATUS", "CREATED", "OUTCOME", "REASON"), rows)
    summary = ", ".join(f"{count} {outcome}" for outcome, count in report.counts().items())
    hint = " (dry run: nothing was changed; --yes deletes)" if report.dry_run else ""
    return f"{lines}\n{summary}{hint}"


def _json(report: PruneReport) -> dict[str, object]:
    return {
        "dry_run": report.dry_run,
        "summary": report.counts(),
        "jobs": [
            {
                "job": record(item.job),
                "stop_first": item.stop_first,
                "outcome": item.outcome.value,
                "action": _action(item, report.wait),
                "reason": item.reason,
            }
            for item in report.items
        ],
    }


def _progress(as_json: bool, verbose: int) -> Callable[[PruneProgress], None] | None:
    """On a terminal, which jobs still settle and for how long; with -v, a line per job."""
    terminal = not as_json and _stderr_is_terminal()
    if not terminal and not verbose:
        return None

    def tell(progress: PruneProgress) -> None:
        item = progress.item
        if item is None and terminal:
            ids = ", ".join(map(str, progress.settling))
            click.echo(f"waiting for job(s) {ids} to settle ({progress.elapsed:.0f} s)", err=True)
        elif item is not None and verbose:
            reason = f": {item.reason}" if item.reason else ""
            click.echo(f"job {item.job.job_id}: {_action(item, True)}{reason}", err=True)

    return tell


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def _interactive() -> bool:
    """Whether someone at a terminal can be asked (else, without --yes, only a dry run)."""
    return sys.stdin.isatty()


def exit_code(report: PruneReport) -> ExitCode:
    """The worst outcome's code: a failure's own; for refusals 7 when a wait gave up on one
    (still settling at the timeout), else 5; else 0."""
    from modelarts_vizjobs import WaitTimeoutError
    from modelarts_vizjobs._prune import PruneOutcome

    worst = report.worst
    if worst is None or worst.outcome.severity < PruneOutcome.REFUSED.severity:
        return ExitCode.OK
    if worst.outcome is PruneOutcome.REFUSED:
        gave_up = any(isinstance(item.error, WaitTimeoutError) for item in report.refused)
        return ExitCode.WAIT_TIMEOUT if gave_up else ExitCode.STATE_CONFLICT
    if worst.error is None:
        return ExitCode.STATE_CONFLICT
    return exit_code_for(worst.error)


def build_prune(
    status_type: click.ParamType[int], wait_options: Callable[[str], Decorator]
) -> click.Command:
    """The command, with the ``jobs`` group's own status type and ``--wait`` options."""

    @click.command("prune", epilog=EXIT_CODES_HELP)
    @click.option(
        "--status",
        "statuses",
        type=status_type,
        multiple=True,
        help="Only jobs in this status (repeatable): a code or a name.",
    )
    @click.option("--name", metavar="GLOB", help="Only jobs whose name matches, e.g. 'tb-*'.")
    @click.option(
        "--older-than", metavar="AGE", help="Only jobs created longer ago: 30m, 12h, 2d, 1w, 0s."
    )
    @click.option("--stop-running", is_flag=True, help="Stop running jobs, then delete them.")
    @click.option("--dry-run", is_flag=True, help="Show what would go; change nothing.")
    @click.option(
        "--yes", is_flag=True, help="Delete without asking (needed when stdin is no terminal)."
    )
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1),
        default=8,
        show_default=True,
        help="Stops and deletes in flight at once.",
    )
    @wait_options("each stop and delete is done, and retry refused deletes once jobs settle")
    @click.pass_obj
    def prune(
        options: GlobalOptions,
        statuses: tuple[int, ...],
        name: str | None,
        older_than: str | None,
        stop_running: bool,
        dry_run: bool,
        yes: bool,
        concurrency: int,
        wait: bool,
        timeout: float | None,
        poll_interval: float,
    ) -> None:
        """Delete the jobs selected by status, name and age; running ones only with
        --stop-running. Without --yes, a dry run when stdin is not a terminal."""
        arguments: dict[str, Any] = {
            "status": statuses or None,
            "name": name,
            "older_than": older_than,
            "stop_running": stop_running,
            "wait": wait,
            "concurrency": concurrency,
            "timeout": timeout,
            "poll_interval": poll_interval,
        }
        progress = _progress(options.as_json, options.verbose)
        with open_client(options) as client:
            if dry_run or not yes:
                report = client.jobs.prune(**arguments, dry_run=True)
                if not dry_run and report.items and _interactive():
                    click.echo(_human(report), err=options.as_json)
                    if click.confirm(f"Prune the {len(report.items)} job(s) above?", err=True):
                        report = client.jobs.prune(**arguments, on_progress=progress)
            else:
                report = client.jobs.prune(**arguments, on_progress=progress)
        emit(options.as_json, _json(report), _human(report))
        for item in (*report.refused, *report.failed):
            print_error(f"job {item.job.job_id}: {item.outcome.value}: {item.reason}")
        code = exit_code(report)
        if code is not ExitCode.OK:
            raise click.exceptions.Exit(int(code))

    return prune
