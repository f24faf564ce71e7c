"""The secrets vocabulary, named once: which header names and setting names are secret, and the
one ``Redactor`` that masks them in log lines, error messages, cassettes and the stub journal.

Stdlib only: the stub and the cassette reader use it without any extra.

A ``Redactor`` holds secret values (a client's token, secret key and security token; the
credentials a recording saw) and masks them wherever they appear, with the token-header and
``Signature=`` patterns on top. A client's redactor is *live* (``live=True``): the logging
filter masks the secrets of every live redactor, held in a weak set, so a redactor that is
closed (``close()`` forgets its secrets) or dropped with its client leaves nothing behind.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class Exchange(Protocol):
    """What ``Redactor.interaction`` reads of an exchange (``cassette.Exchange`` is one)."""

    operation: str
    method: str
    path: str
    query: list[tuple[str, str]]
    request_headers: dict[str, str]
    request_body: bytes
    status: int | None
    response_headers: dict[str, str]
    response_body: bytes
    elapsed_ms: float


__all__ = [
    "CREDENTIAL_HEADERS",
    "LOG_MASK",
    "PROJECT_PLACEHOLDER",
    "REDACTED",
    "SECRET_HEADERS",
    "SECRET_SETTINGS",
    "Redactor",
    "redact_live",
]

#: Header names (lower-case) whose values are never logged, recorded nor journaled.
SECRET_HEADERS = frozenset(
    {
        "x-auth-token",
        "x-security-token",
        "x-subject-token",
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
    }
)
#: The secret request headers that hold a long-lived credential: masked in the request a raw
#: response or an error keeps, once the attempt is over. ``Authorization`` (an AK/SK signature
#: of this one request, valid 15 minutes) stays there for callers who check it.
CREDENTIAL_HEADERS = SECRET_HEADERS - {"authorization", "proxy-authorization"}
#: The client settings whose values are secret (masked in its logs and errors while open).
SECRET_SETTINGS = ("token", "secret_key", "security_token")
LOG_MASK = "***"
REDACTED = "<redacted>"
PROJECT_PLACEHOLDER = "{project_id}"
#: Values this short are never masked as such (they would mask ordinary words).
_MIN_SECRET = 4

_PATTERNS = (
    re.compile(r"(Signature=)[0-9A-Fa-f]+"),
    re.compile(
        r"((?:X-Auth-Token|X-Security-Token|X-Subject-Token)['\"]?\s*[:=]\s*['\"]?)[^'\"\s,}]+",
        re.I,
    ),
)
_lock = threading.Lock()


def _longest_first(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v and len(v) >= _MIN_SECRET}, key=len, reverse=True))


def _mask(text: str, secrets: Iterable[str], mask: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + mask, text)
    for secret in secrets:
        text = text.replace(secret, mask)
    return text


def _json_or_none(data: bytes) -> Any:
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


class Redactor:
    """Masks *secrets* (and token headers, signatures) in text, headers and JSON documents.

    *mask* replaces each secret (``<redacted>`` in recordings and the journal, ``***`` in a
    client's logs and errors); *project_id*, when given, is replaced by ``{project_id}``
    (recordings that should not name the project). A *live* redactor is seen by the logging
    filter until ``close()`` or until it is garbage-collected.
    """

    def __init__(
        self,
        secrets: Iterable[str | None] = (),
        project_id: str | None = None,
        *,
        mask: str = REDACTED,
        live: bool = False,
    ) -> None:
        self._secrets = _longest_first(secrets)
        self._project_id = project_id or None
        self._mask = mask
        if live and self._secrets:
            with _lock:
                _live.add(self)

    def add_secret(self, value: str) -> None:
        """Mask *value* too from now on (a token seen passing through the proxy)."""
        if value and value not in self._secrets:
            self._secrets = _longest_first((*self._secrets, value))

    def text(self, value: str) -> str:
        """*value* with signatures, token headers and the secrets masked."""
        value = _mask(value, self._secrets, self._mask)
        if self._project_id:
            value = value.replace(self._project_id, PROJECT_PLACEHOLDER)
        return value

    __call__ = text

    def headers(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
        """Lower-case names; the values of ``SECRET_HEADERS`` masked whole, others scrubbed."""
        items = headers.items() if isinstance(headers, Mapping) else headers
        return {
            name.lower(): self._mask if name.lower() in SECRET_HEADERS else self.text(value)
            for name, value in items
        }

    def body(self, data: bytes) -> Any:
        """A body as JSON (strings scrubbed) when it parses, else as scrubbed text."""
        document = _json_or_none(data)
        if document is None:
            return self.text(data.decode("utf-8", "replace")) if data else None
        return self._document(document)

    def _document(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self._document(item) for item in value]
        if isinstance(value, dict):
            return {self.text(str(k)): self._document(v) for k, v in value.items()}
        return value

    def interaction(self, exchange: Exchange) -> dict[str, Any]:
        """The cassette entry of *exchange*, secrets removed."""
        return {
            "operation": exchange.operation,
            "elapsed_ms": round(exchange.elapsed_ms, 3),
            "request": {
                "method": exchange.method,
                "path": self.text(exchange.path),
                "query": [[self.text(k), self.text(v)] for k, v in exchange.query],
                "headers": self.headers(exchange.request_headers),
                "body": self.body(exchange.request_body),
            },
            "response": {
                "status": exchange.status,
                "headers": self.headers(exchange.response_headers),
                "body": self.body(exchange.response_body),
            },
        }

    def close(self) -> None:
        """Forget the secrets (the client is closed)."""
        self._secrets = ()
        with _lock:
            _live.discard(self)

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"


_live: weakref.WeakSet[Redactor] = weakref.WeakSet()


def redact_live(text: str) -> str:
    """*text* with signatures, token headers and the secrets of every live redactor masked."""
    with _lock:
        secrets = _longest_first(secret for redactor in _live for secret in redactor._secrets)
    return _mask(text, secrets, LOG_MASK)
