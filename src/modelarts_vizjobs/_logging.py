"""Logging: logger ``modelarts_vizjobs``, silent unless ``MODELARTS_VIZJOBS_LOG=debug|info``.

Secrets are kept out twice: the SDK only ever logs headers through ``redact_headers``, and a
filter on the logger (and on the handler the env switch installs) scrubs ``X-Auth-Token``,
``X-Security-Token``, ``Signature=`` values and the secrets of every open client, so a record
formatted by any handler is clean.

Each client owns a ``Redactor`` holding its own secrets; ``close()`` empties it, and the filter
sees only live redactors (a weak set), so nothing is kept for clients made and closed.

Per HTTP attempt the clients log one INFO line,
``<METHOD> <path> -> <status> request_id=<id> <ms>ms`` (``-> <ExceptionName>`` when no answer
came), and at DEBUG the request and response headers, redacted.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import weakref
from collections.abc import Iterable, Mapping

__all__ = ["LOGGER_NAME", "LOG_ENV", "Redactor", "logger", "redact", "redact_headers"]

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
_lock = threading.Lock()
_configured = False


class Redactor:
    """The secrets of one client: masked in its log lines and error messages while it is open."""

    def __init__(self, *secrets: str | None) -> None:
        self._secrets = tuple(
            sorted({value for value in secrets if value and len(value) >= 4}, key=len, reverse=True)
        )
        if self._secrets:
            with _lock:
                _live.add(self)

    def __call__(self, text: str) -> str:
        """*text* with signatures, token headers and this client's secrets masked."""
        return _mask(_patterns(text), self._secrets)

    def close(self) -> None:
        """Forget the secrets (the client is closed)."""
        self._secrets = ()
        with _lock:
            _live.discard(self)

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"


_live: weakref.WeakSet[Redactor] = weakref.WeakSet()


def _patterns(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


def _mask(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def redact(text: str) -> str:
    """*text* with signatures, token headers and the secrets of every open client masked."""
    with _lock:
        secrets = sorted(
            {secret for redactor in _live for secret in redactor._secrets}, key=len, reverse=True
        )
    return _mask(_patterns(text), secrets)


def redact_headers(
    headers: Mapping[str, str] | Iterable[tuple[str, str]], redactor: Redactor | None = None
) -> dict[str, str]:
    """Headers safe to log: token headers masked, the Authorization signature masked (and the
    secrets of *redactor*, else of every open client)."""
    scrub = redactor or redact
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {
        name: MASK if name.lower() in _SECRET_HEADERS else scrub(value) for name, value in items
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
