"""Exit codes, and the single ``error: ...`` line a failed command prints instead of a traceback.

Scripts branch on the exit code, people read the line; both come from the SDK's exception
hierarchy, so every command fails the same way. With ``--json`` a failure also prints
``{"error": {"type", "status_code", "error_code", "error_message", "request_id"}}`` on stdout,
so a script reads an object rather than an empty string.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ._output import status_label

if TYPE_CHECKING:
    from modelarts_vizjobs import ModelArtsError

__all__ = [
    "EXIT_CODES_HELP",
    "ExitCode",
    "describe_error",
    "error_record",
    "exit_code_for",
    "fail",
    "print_error",
    "reported_errors",
]


class ExitCode(IntEnum):
    """Process exit status of ``modelarts-vizjobs``."""

    OK = 0
    API_ERROR = 1
    USAGE = 2
    AUTH = 3
    NOT_FOUND = 4
    STATE_CONFLICT = 5
    CONNECTION = 6
    WAIT_TIMEOUT = 7


#: Shown at the end of ``--help`` (``\b`` keeps click from re-wrapping the table).
EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  API error (any other error answer, or a response that does not parse)
  2  usage error (bad option or argument, missing credentials or endpoint)
  3  authentication or permission error (HTTP 401 / 403)
  4  job not found (ModelArts.0102, HTTP 404)
  5  job state conflict (ModelArts.0105, e.g. deleting a job that is being stopped)
  6  connection error or request timeout
  7  --wait gave up before the job reached its final state
"""


def print_error(message: str) -> None:
    """``error: <message>`` as one line on stderr, whatever newlines the message had."""
    click.echo(f"error: {' '.join(message.split())}", err=True)


def error_record(exc: BaseException | None, message: str) -> dict[str, Any]:
    """The ``--json`` form of a failure: the SDK error's fields, ``None`` where it has none."""
    return {
        "type": type(exc).__name__ if exc is not None else "UsageError",
        "status_code": getattr(exc, "status_code", None),
        "error_code": getattr(exc, "error_code", None),
        "error_message": getattr(exc, "error_message", None) or message,
        "request_id": getattr(exc, "request_id", None),
    }


def _json_requested() -> bool:
    """Whether the running command was given the global ``--json``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and getattr(ctx.find_root().obj, "as_json", False))


def fail(message: str, code: ExitCode, error: BaseException | None = None) -> NoReturn:
    """Print the error line (and with ``--json`` the error object on stdout) and end the
    command with *code*."""
    if _json_requested():
        click.echo(json.dumps({"error": error_record(error, message)}, indent=2))
    print_error(message)
    raise click.exceptions.Exit(int(code))


def describe_error(exc: ModelArtsError) -> str:
    """``ModelArts.0105: This job can't be delete. job status: 9 (request id: ...)``."""
    from modelarts_vizjobs import APIConnectionError, APIStatusError, WaitTimeoutError

    if isinstance(exc, APIConnectionError):
        return f"{exc} ({exc.method} {exc.url})"
    if isinstance(exc, WaitTimeoutError):
        last = status_label(exc.last_status)
        return (
            f"job {exc.job_id} not {exc.waiting_for} after {exc.waited:.1f} s (last status {last})"
        )
    if not isinstance(exc, APIStatusError):
        return str(exc)
    code = exc.error_code or f"HTTP {exc.status_code}"
    message = exc.error_message or "no error message"
    suffix = f" (request id: {exc.request_id})" if exc.request_id else ""
    return f"{code}: {message}{suffix}"


def exit_code_for(exc: ModelArtsError) -> ExitCode:
    """The documented exit code of an SDK error (see :data:`EXIT_CODES_HELP`)."""
    import modelarts_vizjobs as sdk

    table: tuple[tuple[type[ModelArtsError], ExitCode], ...] = (
        (sdk.WaitTimeoutError, ExitCode.WAIT_TIMEOUT),
        (sdk.JobStateConflictError, ExitCode.STATE_CONFLICT),
        (sdk.NotFoundError, ExitCode.NOT_FOUND),
        (sdk.AuthenticationError, ExitCode.AUTH),
        (sdk.PermissionDeniedError, ExitCode.AUTH),
        (sdk.APIConnectionError, ExitCode.CONNECTION),
        (sdk.ConfigurationError, ExitCode.USAGE),
        (sdk.InvalidParameterError, ExitCode.USAGE),
    )
    return next((code for kind, code in table if isinstance(exc, kind)), ExitCode.API_ERROR)


@contextmanager
def reported_errors() -> Iterator[None]:
    """End the command with the error line and exit code of any SDK error raised inside."""
    from modelarts_vizjobs import ModelArtsError

    try:
        yield
    except ModelArtsError as exc:
        fail(describe_error(exc), exit_code_for(exc), exc)
