"""The ``otel`` extra: spans and metrics of SDK calls (imported only by ``_telemetry``).

Spans (instrumentation scope ``modelarts_vizjobs``; see docs/tracing.md):

- ``modelarts.vizjobs <operation>`` (INTERNAL): one per SDK call, ``create`` ... ``restart``,
  ``delete_many``, ``prune``; a ``list`` makes one per page. Attributes ``modelarts.vizjobs.*``:
  ``operation_id`` (the spec's), ``project_id``, ``job_id``, ``attempts``, ``request_id``,
  ``error_code``; ``http.response.status_code`` (final) and ``error.type`` on failure. Each
  retry is an event ``modelarts.vizjobs.retry`` with its reason and backoff sleep.
- ``modelarts.vizjobs wait`` (INTERNAL), child of the call, for ``wait=True``: ``polls``,
  the job's final ``job.status``, each poll a ``get`` span below it.
- ``<METHOD> <url template>`` (CLIENT), one per HTTP attempt, per the HTTP client semantic
  conventions (``http.request.resend_count`` on retries), with
  ``MODELARTS_VIZJOBS_OTEL_HTTP_SPANS=true``. Off by default: a service that traces usually
  runs opentelemetry-instrumentation-httpx, whose spans nest under the call's span (current
  while sending), and a second span per attempt would double the cost.

Metrics: ``modelarts.vizjobs.client.operation.duration`` (s, per operation and ``error.type``),
``modelarts.vizjobs.client.retries`` ({retry}) and ``modelarts.vizjobs.client.bulk.jobs``
({job}, per ``delete_many``/``prune`` outcome). ``http.client.request.duration`` is left to
opentelemetry-instrumentation-httpx: a histogram per attempt cost more than the spans' budget.

Trace context goes on the wire (the global propagator, W3C ``traceparent`` by default) only
with ``MODELARTS_VIZJOBS_OTEL_PROPAGATE=true``. Messages pass through the SDK's redaction.
"""

from __future__ import annotations

import os
from typing import Any

from ._otel_instruments import Instruments
from ._otel_traces import (
    CallTrace,
    MeteredCall,
    MeteredRequest,
    RequestTrace,
    WaitTrace,
)

__all__ = ["HTTP_SPANS_ENV", "PROPAGATE_ENV", "Instruments", "Telemetry"]

PROPAGATE_ENV = "MODELARTS_VIZJOBS_OTEL_PROPAGATE"
HTTP_SPANS_ENV = "MODELARTS_VIZJOBS_OTEL_HTTP_SPANS"

_GLOBAL = Instruments()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


class Telemetry:
    """The options of one client (read from the environment when it is made)."""

    __slots__ = ("http_spans", "propagate", "tools")

    def __init__(
        self,
        *,
        propagate: bool = False,
        http_spans: bool = False,
        instruments: Instruments | None = None,
    ) -> None:
        self.propagate = propagate
        self.http_spans = http_spans
        self.tools = instruments or _GLOBAL

    @classmethod
    def from_env(cls) -> Telemetry:
        return cls(propagate=_flag(PROPAGATE_ENV, False), http_spans=_flag(HTTP_SPANS_ENV, False))

    def request(self, op: Any) -> RequestTrace | MeteredRequest | None:
        """What records one request: spans and metrics, metrics alone, or nothing (None:
        the request runs as if the extra were absent)."""
        if self.tools.tracing():
            return RequestTrace(self, op)
        return MeteredRequest(self.tools, op.name) if self.tools.metering() else None

    def call(self, name: str, project_id: str) -> CallTrace | MeteredCall | None:
        if self.tools.tracing():
            return CallTrace(self.tools, name, project_id)
        return MeteredCall(self.tools, name) if self.tools.metering() else None

    def wait(self, waiter: Any) -> WaitTrace | None:
        if self.tools.tracing():
            return WaitTrace(self.tools, waiter, spans=True)
        # Also without spans: its polls are not calls of their own in the metrics.
        return WaitTrace(self.tools, waiter, spans=False) if self.tools.metering() else None
