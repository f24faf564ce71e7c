"""Logging: logger ``modelarts_vizjobs``, silent unless ``MODELARTS_VIZJOBS_LOG=debug|info``.

Secrets are kept out twice: the SDK only ever logs headers through ``redact_headers``, and a
filter on the logger (and on the handler the env switch installs) scrubs ``X-Auth-Token``,
``X-Security-Token``, ``Signature=`` values and every secret a client registered, so a record
formatted by any handler is clean.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Mapping

__all__ = ["LOGGER_NAME", "LOG_ENV", "logger", "redact", "redact_headers", "register_secret"]

LOGGER_NAME = "modelarts_vizjobs"
LOG_ENV = "MODELARTS_VIZJOBS_LOG"
MASK = "***"

logger = logging.getLogger(LOGGER_NAME)

_SECRET_HEADERS = frozenset({"x-auth-token", "x-security-token", "x-subject-token", "cookie"})
_PATTERNS = (
    re.compile(r"(Signature=)[0-9A-Fa-f]+"),
    re.compile(
        r"((?:X-Auth-Token|X-Security-Token|X-Subject-Token)['\"]?\s*[:=]\s*['\"]?)[^'\"\s,}]+",
        re.I,
    ),
)
_secrets: set[str] = set()
_lock = threading.Lock()
_configured = False


def register_secret(value: str | None) -> None:
    """Remember a credential so that any log text containing it is masked."""
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """*text* with signatures, token headers and registered secrets masked."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers safe to log: token headers masked, the Authorization signature masked."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {
        name: MASK if name.lower() in _SECRET_HEADERS else redact(value) for name, value in items
    }


class RedactingFilter(logging.Filter):
    """Formats the record once, masked, so later handlers cannot print the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
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
