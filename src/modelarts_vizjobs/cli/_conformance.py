"""``modelarts-vizjobs conformance``: is the endpoint what the spec says? (``conformance`` extra)

Exit codes of this command: 0 no violation, 1 a violation (with ``--strict`` a drift warning
too; also an unfinished tour or a failed cleanup), 2 usage, 3 credentials (missing, or refused
with 401/403).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._exit import ExitCode, fail
from ._options import GlobalOptions

if TYPE_CHECKING:
    from modelarts_vizjobs.conformance import Report

__all__ = ["conformance", "conformance_extra", "recording_options"]

F = TypeVar("F", bound=Callable[..., Any])

_EXTRA = frozenset({"openapi_core", "yaml", "werkzeug", "jsonschema", "uvicorn"})


@contextmanager
def conformance_extra() -> Iterator[None]:
    """A one-line failure instead of a traceback when the ``conformance`` extra is missing."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in _EXTRA:
            raise
        extra = "pip install 'modelarts-vizjobs[conformance]'"
        message = f"this command needs the 'conformance' extra: {extra}"
        fail(message, ExitCode.USAGE)


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a cancelled CI job) ends the run the way Ctrl-C does: cleanup first."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def recording_options(command: F) -> F:
    """``--record FILE`` and ``--project-placeholder``: the same on ``conformance``, ``proxy``."""
    command = click.option(
        "--project-placeholder",
        is_flag=True,
        help="In the recording, write {project_id} instead of the project id.",
    )(command)
    return click.option(
        "--record",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write every exchange to this cassette (JSON, credentials removed).",
    )(command)


def _exit_code(report: Report, strict: bool) -> ExitCode:
    refused = any(c.status in (401, 403) for c in report.calls)
    if report.aborted and refused:
        return ExitCode.AUTH
    return ExitCode.API_ERROR if report.failed(strict=strict) else ExitCode.OK


@click.command()
@click.option("--strict", is_flag=True, help="Drift warnings fail the run too (exit 1).")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as JSON (as the global --json)."
)
@click.option(
    "--junit",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a JUnit XML report.",
)
@recording_options
@click.option("--dry-run", is_flag=True, help="Print the plan and send nothing.")
@click.option(
    "--train-url",
    default="/modelarts-vizjobs-conformance/",
    show_default=True,
    help="OBS path the tour's job visualizes (an existing one on a real account).",
)
@click.option(
    "--max-time",
    type=click.FloatRange(min=0, min_open=True),
    default=900.0,
    show_default=True,
    help="Seconds the tour may take; the cleanup has up to 300 s more.",
)
@click.option(
    "--poll-interval",
    type=click.FloatRange(min=0, min_open=True),
    default=2.0,
    show_default=True,
    help="Seconds between reads of the job while waiting.",
)
@click.pass_obj
def conformance(
    options: GlobalOptions,
    strict: bool,
    as_json: bool,
    junit: Path | None,
    record: Path | None,
    project_placeholder: bool,
    dry_run: bool,
    train_url: str,
    max_time: float,
    poll_interval: float,
) -> None:
    """Check the endpoint against the spec with a tour of all seven operations (needs the
    'conformance' extra).

    Install it with: pip install 'modelarts-vizjobs[conformance]'.

    The tour creates ONE job named conformance-<random>, drives it through every operation
    and the refusals it can provoke safely, and deletes it whatever happens (failure, Ctrl-C,
    timeout). It never touches another job. Requests and answers are validated against the
    OpenAPI spec: violations (errors) and drift (warnings) are reported per operation,
    identical findings once with how often they were seen.
    """
    from modelarts_vizjobs import ConfigurationError

    with conformance_extra():
        from modelarts_vizjobs.conformance import run_conformance
        from modelarts_vizjobs.conformance._credentials import is_credentials_error
        from modelarts_vizjobs.conformance._plan import tour_plan
        from modelarts_vizjobs.conformance._tour import new_job_name

        if dry_run:
            plan = tour_plan(new_job_name())
            click.echo("Plan (nothing is sent with --dry-run):")
            click.echo("\n".join(f"  {i:2}. {line}" for i, line in enumerate(plan, 1)))
            return
        echo = (lambda line: None) if (as_json or options.as_json) else _progress
        try:
            with sigterm_as_interrupt():
                report = run_conformance(
                    record=record,
                    project_placeholder=project_placeholder,
                    train_url=train_url,
                    poll_interval=poll_interval,
                    timeout=max_time,
                    request_timeout=options.timeout or 30.0,
                    echo=echo,
                    **_client_options(options),
                )
        except ConfigurationError as exc:
            code = ExitCode.AUTH if is_credentials_error(exc) else ExitCode.USAGE
            fail(str(exc), code)
    click.echo(
        report.to_json(strict=strict)
        if (as_json or options.as_json)
        else report.to_table(strict=strict)
    )
    if junit is not None:
        junit.write_text(report.to_junit(strict=strict), encoding="utf-8")
    raise click.exceptions.Exit(int(_exit_code(report, strict)))


def _client_options(options: GlobalOptions) -> dict[str, Any]:
    """Endpoint, region, project and credentials: the tour sets its own timeouts and retries."""
    given = options.client_options()
    return {k: v for k, v in given.items() if k not in ("timeout", "max_retries")}


def _progress(line: str) -> None:
    click.echo(line, err=True)
