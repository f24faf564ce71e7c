"""A bounded record of the API requests the fake received, with secrets redacted.

Tests assert on what a client actually sent (retries, headers, order) without a proxy.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from .._secrets import REDACTED, SECRET_HEADERS, Redactor

__all__ = ["REDACTED", "SECRET_HEADERS", "Journal", "JournalEntry"]

_REDACTOR = Redactor()


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One received request: *status* is None when the connection was dropped by a fault."""

    method: str
    path: str
    query: str
    status: int | None
    headers: dict[str, str]
    request_id: str

    def to_dict(self) -> dict[str, object]:
        """The entry as JSON (``GET /_stub/journal``)."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "headers": dict(self.headers),
            "request_id": self.request_id,
        }


def redact(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Lower-case header names, the values of ``SECRET_HEADERS`` replaced by :data:`REDACTED`
    (``_secrets``: one list for the client's logs, cassettes and this journal)."""
    return _REDACTOR.headers(headers)


class Journal:
    """Thread-safe ring buffer of :class:`JournalEntry` (oldest dropped past *maxlen*)."""

    def __init__(self, maxlen: int = 10_000) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def record(self, entry: JournalEntry) -> None:
        """Append *entry*; the oldest goes once the journal is full."""
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[JournalEntry]:
        """A copy of the entries, oldest first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
