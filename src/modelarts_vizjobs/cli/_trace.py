"""``modelarts-vizjobs --trace``: the command's spans, exported the OpenTelemetry way.

The exporter follows the OTel environment variables: ``OTEL_TRACES_EXPORTER`` (``console``,
``otlp`` or ``none``) when set, else OTLP when ``OTEL_EXPORTER_OTLP_ENDPOINT`` (or
``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``) is set, else the console (stderr, so ``--json`` output
stays clean). The OTLP exporter (``opentelemetry-exporter-otlp-proto-http``) reads its own
``OTEL_EXPORTER_OTLP_*`` settings; when it is not installed the spans go to the console and a
one-line error says what to install. ``OTEL_SERVICE_NAME`` names the service (default
``modelarts-vizjobs``). The SDK's own HTTP spans are on (no httpx instrumentation runs here).
Needs ``opentelemetry-sdk`` besides the ``otel`` extra.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import SpanProcessor

__all__ = ["TRACE_ENV", "start_tracing"]

TRACE_ENV = "MODELARTS_VIZJOBS_TRACE"
_OTLP_PACKAGE = "opentelemetry-exporter-otlp-proto-http"


def start_tracing(ctx: click.Context) -> None:
    """Install a tracer provider for this command; its spans are flushed when it ends."""
    try:
        from opentelemetry import trace
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
    except ImportError:
        raise click.UsageError(
            "--trace needs OpenTelemetry: pip install 'modelarts-vizjobs[otel]' opentelemetry-sdk"
        ) from None
    processor = _processor(_exporter_kind())
    named = "OTEL_SERVICE_NAME" in os.environ or "service.name=" in os.environ.get(
        "OTEL_RESOURCE_ATTRIBUTES", ""
    )
    provider = TracerProvider(resource=Resource.create({} if named else _SERVICE))
    if processor is not None:
        provider.add_span_processor(processor)
    trace.set_tracer_provider(provider)
    # no httpx instrumentation runs here: the SDK makes the HTTP spans (unless told otherwise)
    os.environ.setdefault("MODELARTS_VIZJOBS_OTEL_HTTP_SPANS", "true")
    ctx.call_on_close(provider.shutdown)


_SERVICE = {"service.name": "modelarts-vizjobs"}


def _exporter_kind() -> str:
    chosen = os.environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if chosen:
        return chosen.split(",")[0].strip()
    endpoints = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    return "otlp" if any(os.environ.get(name) for name in endpoints) else "console"


def _processor(kind: str) -> SpanProcessor | None:
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SimpleSpanProcessor,
    )

    if kind == "none":
        return None
    if kind == "otlp":
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # type: ignore[import-not-found,unused-ignore]
                OTLPSpanExporter,
            )
        except ImportError:
            click.echo(
                f"error: OTLP export needs {_OTLP_PACKAGE} (pip install {_OTLP_PACKAGE}); "
                "spans go to the console instead",
                err=True,
            )
        else:
            return BatchSpanProcessor(OTLPSpanExporter())
    elif kind != "console":
        raise click.UsageError(f"OTEL_TRACES_EXPORTER={kind!r}: use console, otlp or none")
    return SimpleSpanProcessor(ConsoleSpanExporter(out=sys.stderr))
