"""The ``modelarts-vizjobs`` command group: global options, logging, subcommands."""

from __future__ import annotations

import logging
from functools import partial

import click

from ._conformance import conformance
from ._exit import EXIT_CODES_HELP
from ._jobs import jobs
from ._options import GlobalOptions
from ._proxy import proxy
from ._stub import stub
from ._tour import tour

__all__ = ["cli", "main"]


@click.group(
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--profile",
    help="Named profile of ~/.config/modelarts-vizjobs/config.toml ($XDG_CONFIG_HOME) "
    "[env: MODELARTS_VIZJOBS_PROFILE]. Precedence: flags > environment > profile > defaults.",
)
@click.option(
    "--endpoint",
    help="API base URL, e.g. https://modelarts.eu-de.otc.t-systems.com "
    "[env: MODELARTS_VIZJOBS_ENDPOINT; default: from the region].",
)
@click.option("--region", help="Region id, e.g. cn-north-4 [env: HUAWEICLOUD_SDK_REGION].")
@click.option("--project-id", help="Project ID [env: HUAWEICLOUD_SDK_PROJECT_ID].")
@click.option(
    "--token",
    help="IAM token (X-Auth-Token) [env: MODELARTS_VIZJOBS_TOKEN; prefer it: command lines are "
    "visible to other users]. Without a token, requests are signed with AK/SK from "
    "HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN). Precedence: "
    "--token over the environment; in the environment MODELARTS_VIZJOBS_TOKEN wins over "
    "AK/SK (-v says so).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds per HTTP attempt (SDK default: 10 s connect, 60 s read).",
)
@click.option(
    "--max-retries",
    type=click.IntRange(0, 10),
    help="Retries of throttled, unavailable or dropped requests (SDK default 2).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for scripts).")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Log on stderr: -v one line per HTTP call (method, path, status, request id, time); "
    "-vv also the request and response headers (credentials masked).",
)
@click.option(
    "--trace",
    is_flag=True,
    envvar="MODELARTS_VIZJOBS_TRACE",
    help="Export the command's OpenTelemetry spans: to stderr, or over OTLP when "
    "OTEL_EXPORTER_OTLP_ENDPOINT is set (OTEL_* variables apply; needs opentelemetry-sdk) "
    "[env: MODELARTS_VIZJOBS_TRACE].",
)
@click.version_option(package_name="modelarts-vizjobs")
@click.pass_context
def cli(
    ctx: click.Context,
    endpoint: str | None,
    region: str | None,
    project_id: str | None,
    token: str | None,
    timeout: float | None,
    max_retries: int | None,
    as_json: bool,
    verbose: int,
    profile: str | None = None,
    trace: bool = False,
) -> None:
    """ModelArts visualization jobs (TensorBoard / MindInsight) from the command line.

    Start with `modelarts-vizjobs tour`: it runs every operation against an embedded stub.
    """
    ctx.obj = GlobalOptions(
        endpoint, region, project_id, token, timeout, max_retries, as_json, profile, verbose
    )
    if verbose:
        _log_to_stderr(ctx, verbose)
    if trace:
        from ._trace import start_tracing

        start_tracing(ctx)


def _log_to_stderr(ctx: click.Context, verbosity: int) -> None:
    """-v: the SDK's INFO log (one line per HTTP attempt, retries); -vv: DEBUG (headers, masked).
    Undone when the command ends, so in-process callers keep their logging as it was."""
    from modelarts_vizjobs._logging import LOGGER_NAME, RedactingFilter

    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger(LOGGER_NAME)
    ctx.call_on_close(partial(logger.setLevel, logger.level))
    ctx.call_on_close(partial(logger.removeHandler, handler))
    logger.setLevel(logging.INFO if verbosity == 1 else logging.DEBUG)
    logger.addHandler(handler)


cli.add_command(conformance)
cli.add_command(jobs)
cli.add_command(proxy)
cli.add_command(stub)
cli.add_command(tour)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="modelarts-vizjobs")
