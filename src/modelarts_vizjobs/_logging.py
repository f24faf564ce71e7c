"""Logging: logger ``modelarts_vizjobs``, silent unless ``MODELARTS_VIZJOBS_LOG=debug|info``.

Secrets are kept out twice: the SDK only ever logs headers through its client's ``Redactor``
(``_secrets``: the secret headers masked whole), and a filter on the logger (and on the handler
the env switch installs) scrubs ``X-Auth-Token``, ``X-Security-Token``, ``Signature=`` values
and the secrets of every open client, so a record formatted by any handler is clean.

Each client owns a live ``Redactor`` holding its own secrets; ``close()`` empties it, and the
filter sees only live redactors (a weak set), so nothing is kept for clients made and closed.

Per HTTP attempt the clients log one INFO line,
``<METHOD> <path> -> <status> request_id=<id> <ms>ms`` (``-> <ExceptionName>`` when no answer
came), and at DEBUG the request and response headers, redacted.
"""

from __future__ import annotations

import logging
import os
import threading

from ._secrets import redact_live

__all__ = ["LOGGER_NAME", "LOG_ENV", "RedactingFilter", "configure_from_env", "logger"]

LOGGER_NAME = "modelarts_vizjobs"
LOG_ENV = "MODELARTS_VIZJOBS_LOG"

logger = logging.getLogger(LOGGER_NAME)
_lock = threading.Lock()
_configured = False


class RedactingFilter(logging.Filter):
    """Formats the record once, masked, so later handlers cannot print the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_live(record.getMessage())  # every open client's secrets
        record.args = None
        return True


def configure_from_env() -> None:
    """Install the stderr handler ``MODELARTS_VIZJOBS_LOG`` asks for; idempotent."""
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(
        os.environ.get(LOG_ENV, "").strip().lower()
    )
    if level is None:
        return
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)


logger.addHandler(logging.NullHandler())
logger.addFilter(RedactingFilter())
