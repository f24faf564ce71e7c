"""``modelarts-vizjobs proxy``: a local validating, re-signing proxy in front of an endpoint."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ._conformance import conformance_extra, recording_options
from ._exit import ExitCode, fail
from ._options import GlobalOptions

__all__ = ["proxy"]


@click.command()
@click.option(
    "--upstream",
    help="Endpoint to forward to [default: the global --endpoint, MODELARTS_VIZJOBS_ENDPOINT].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8081, show_default=True, help="TCP port."
)
@recording_options
@click.pass_obj
def proxy(
    options: GlobalOptions,
    upstream: str | None,
    host: str,
    port: int,
    record: Path | None,
    project_placeholder: bool,
) -> None:
    """Forward to the upstream, validating every request and answer against the spec (needs
    the 'conformance' extra).

    Install it with: pip install 'modelarts-vizjobs[conformance]'.

    Point a service's endpoint at http://HOST:PORT. Requests signed with AK/SK are signed
    again for the upstream host with HUAWEICLOUD_SDK_AK/SK (and _SECURITY_TOKEN) of this
    environment; a token (X-Auth-Token) goes through as it is. Answers are never changed. Each
    violation or drift is logged as one line on stderr; Ctrl-C prints a summary and exits.
    """
    upstream = upstream or options.endpoint or os.environ.get("MODELARTS_VIZJOBS_ENDPOINT")
    if not upstream or not upstream.startswith(("http://", "https://")):
        fail("give --upstream URL (an http(s) endpoint)", ExitCode.USAGE)
    with conformance_extra():
        import uvicorn

        from modelarts_vizjobs.cassette import Cassette, Redactor
        from modelarts_vizjobs.conformance._credentials import signer_from_env
        from modelarts_vizjobs.conformance._proxy import ValidatingProxy, finding_line
        from modelarts_vizjobs.conformance._recorder import Recorder

        project_id = options.project_id or os.environ.get("HUAWEICLOUD_SDK_PROJECT_ID")
        signer = signer_from_env(project_id)
        secrets = signer[1] if signer else ()
        placeholder = project_id if project_placeholder else None
        cassette = None
        if record is not None:
            cassette = Cassette(upstream, "{project_id}" if placeholder else (project_id or ""))
        recorder = Recorder(
            None,
            cassette=cassette,
            redactor=Redactor(secrets, placeholder),
            on_finding=lambda finding: click.echo(finding_line(finding), err=True),
        )
        app = ValidatingProxy(upstream, recorder, signer=signer[0] if signer else None)
        signing = (
            "AK/SK requests re-signed"
            if signer
            else "no AK/SK in the environment: signed requests pass unchanged"
        )
        click.echo(
            f"proxy on http://{host}:{port} -> {upstream} ({signing}); Ctrl-C to stop", err=True
        )
        config = uvicorn.Config(
            app, host=host, port=port, lifespan="on", access_log=False, log_level="warning"
        )
        try:
            uvicorn.Server(config).run()
        except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled: a normal stop
            pass
        finally:
            click.echo(app.summary(), err=True)
            app.close()
            if cassette is not None and record is not None:
                cassette.dump(record)
                click.echo(f"recording written to {record}", err=True)
