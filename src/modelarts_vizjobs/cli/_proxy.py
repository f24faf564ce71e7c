"""``modelarts-vizjobs proxy``: a local validating, re-signing proxy in front of an endpoint."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ._conformance import conformance_extra, recording_options, sigterm_as_interrupt
from ._exit import ExitCode, fail
from ._options import GlobalOptions

if TYPE_CHECKING:
    from modelarts_vizjobs.conformance import ValidatingProxy

__all__ = ["proxy"]


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (``127.0.0.0/8``, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option(
    "--upstream",
    help="Endpoint to forward to [default: the endpoint or region of the global options, "
    "the environment or the profile].",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on: a loopback one unless --allow-remote.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8081, show_default=True, help="TCP port."
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host that is not loopback: other machines reach the proxy (requests are "
    "still re-signed only when signed with its key pair).",
)
@click.option(
    "--forward-unknown",
    is_flag=True,
    help="DANGEROUS with AK/SK: also forward requests that match no operation of the spec "
    "(as they came: they are never re-signed).",
)
@recording_options
@click.pass_obj
def proxy(
    options: GlobalOptions,
    upstream: str | None,
    host: str,
    port: int,
    allow_remote: bool,
    forward_unknown: bool,
    record: Path | None,
    project_placeholder: bool,
) -> None:
    """Forward the spec's operations to the upstream, validating every request and answer
    (needs the 'conformance' extra: pip install 'modelarts-vizjobs[conformance]').

    Point a service's endpoint at http://HOST:PORT. A request signed with AK/SK is verified
    with HUAWEICLOUD_SDK_AK/SK of this environment, or the key pair of --profile / of
    MODELARTS_VIZJOBS_PROFILE's profile (the client signs with the same key pair,
    for the proxy's address) and only then signed again for the upstream host; a token
    (X-Auth-Token) goes through as it is. Refused, and never sent upstream: a bad, stale or
    missing signature (401), a path that is no operation of the spec (404), another Host than
    the proxy's address, a URL as request target (400). Answers are never changed. Each
    violation, drift or refusal is logged as one line on stderr; Ctrl-C or SIGTERM prints a
    summary and exits.
    """
    found = _settings(options, upstream)
    upstream = found["endpoint"]
    if not upstream or not upstream.startswith(("http://", "https://")):
        fail("give --upstream URL (an http(s) endpoint)", ExitCode.USAGE)
    if not (allow_remote or is_loopback(host)):
        fail(f"--host {host} is not a loopback interface: add --allow-remote", ExitCode.USAGE)
    with conformance_extra(), sigterm_as_interrupt():
        import uvicorn

        from modelarts_vizjobs.cassette import Cassette, Redactor
        from modelarts_vizjobs.conformance._credentials import signer_from_env
        from modelarts_vizjobs.conformance._proxy import (
            PROXY_SERVER_OPTIONS,
            ValidatingProxy,
            finding_line,
        )
        from modelarts_vizjobs.conformance._recorder import Recorder

        project_id = found["project_id"]
        signer = signer_from_env(project_id, found)
        secrets = signer[1] if signer else ()  # access key, secret key[, security token]
        placeholder = project_id if project_placeholder else None
        cassette = None
        if record is not None:
            cassette = Cassette(upstream, "{project_id}" if placeholder else (project_id or ""))

        def log(line: str) -> None:
            click.echo(line, err=True)

        recorder = Recorder(
            None,
            cassette=cassette,
            redactor=Redactor(secrets, placeholder),
            on_finding=lambda finding: log(finding_line(finding)),
        )
        app = None
        try:
            app = ValidatingProxy(
                upstream,
                recorder,
                signer=signer[0] if signer else None,
                secret_key=secrets[1] if signer else None,
                forward_unknown=forward_unknown,
                on_refusal=log,
            )
            log(_banner(app, host, port))
            config = uvicorn.Config(
                app,
                host=host,
                port=port,
                lifespan="on",
                access_log=False,
                log_level="warning",
                **PROXY_SERVER_OPTIONS,
            )
            uvicorn.Server(config).run()
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM: uvicorn drained, re-raised it
            pass
        finally:
            if app is not None:
                log(app.summary())
                app.close()
            if cassette is not None and record is not None:
                cassette.dump(record)
                log(f"recording written to {record}")


def _settings(options: GlobalOptions, upstream: str | None) -> dict[str, str | None]:
    """Project and key pair as the SDK finds them: the global options, then the environment,
    then the profile (``--profile``, ``MODELARTS_VIZJOBS_PROFILE``); the endpoint is *upstream*,
    else found the same way."""
    from modelarts_vizjobs import ConfigurationError
    from modelarts_vizjobs._config import base_url_of, settings_from_env

    try:
        found = settings_from_env(
            profile=options.profile,
            endpoint=options.endpoint,
            region=options.region,
            project_id=options.project_id,
        )
        if upstream:
            found["endpoint"] = upstream
        elif found["endpoint"] or found["region"]:
            found["endpoint"] = base_url_of(found["endpoint"], found["region"])
    except ConfigurationError as exc:
        fail(str(exc), ExitCode.USAGE)
    return found


def _banner(app: ValidatingProxy, host: str, port: int) -> str:
    """What the proxy signs with (the access key, never the secret) and what it refuses."""
    address = f"[{host}]" if ":" in host else host
    lines = [f"proxy on http://{address}:{port} -> {app.upstream}; Ctrl-C or SIGTERM to stop"]
    if app.signer is not None:
        lines.append(
            f"  signs with access key {app.signer.access_key}, only requests that key pair signed"
            " for this address in the last 15 minutes; X-Auth-Token requests go as they came"
        )
    else:
        lines.append(
            "  no AK/SK in the environment or profile: nothing is re-signed, all goes as it came"
        )
    hosts = f"127.0.0.1:{port}, localhost:{port}, [::1]:{port}"
    signatures = "missing, stale or wrong signatures (401), " if app.signer else ""
    unknown = "" if app.guard.forward_unknown else "paths not in the spec (404), "
    lines.append(
        f"  refuses: {signatures}{unknown}a Host other than {hosts}, a URL as target (400)"
    )
    if app.guard.forward_unknown:
        lines.append("  --forward-unknown: paths not in the spec go as they came, never re-signed")
    return "\n".join(lines)
