"""The one place that decides whether a failed attempt is tried again, and after how long.

Policy (defaults of ``RetryPolicy``; ``max_retries`` is per client and per call):

- Retried: connection errors and timeouts, 408, 429, and every 5xx (also when the 5xx body is
  not a ModelArts error, e.g. a gateway's HTML page). Nothing else: a 4xx or an
  ``is_success: false`` answer is final.
- A **create** (POST of a new job, not idempotent) is retried only when the request certainly
  did not reach the service: a connect error, connect timeout or pool timeout (nothing was
  sent), or a 429 / 503 answer (throttled / gateway unavailable: answered before the service
  took the request, spec ``TooManyRequests`` / ``ServiceUnavailable``). A read timeout, a
  dropped connection after sending, a 500/502/504 or a 408 end a create with the error, so a
  create is never duplicated by the SDK.
- Get, list, update, delete, stop and restart are retried on all of the above: repeating them
  creates nothing. A repeated stop/restart that finds the first one already under way answers
  ``ModelArts.0105`` (``JobStateConflictError`` with the job's status); an operation may read
  such a later error as its own success (below).
- Delay before retry *n* (0-based): ``min(initial_delay * 2**n, max_delay)`` (0.5 s, 1 s, 2 s,
  ... 8 s), reduced by up to ``jitter`` (25 %) at random. A ``Retry-After`` answer header
  (seconds or an HTTP date) is used instead when it is at most ``max_retry_after`` (60 s); a
  longer one ends the call with the error at once rather than sleeping a minute or more.
- A retry never starts when its delay would end after the call's deadline (``timeout=``).

``RetryState.maybe_processed`` records whether an earlier attempt may have been carried out by
the server although the SDK saw a failure (read timeout, connection lost after sending, 408/5xx
other than 503): the client then asks the operation's ``settled_after_lost_answer`` whether a
later error shows that attempt went through (the delete's "already gone", ``_operations``).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import MAXYEAR
from email.utils import parsedate_to_datetime, parsedate_tz

import httpx

from ._errors import APIConnectionError, APIResponseValidationError, APIStatusError, ModelArtsError

__all__ = ["DEFAULT_MAX_RETRIES", "RetryPolicy", "RetryState", "retry_after_seconds"]

DEFAULT_MAX_RETRIES = 2
_NOT_PROCESSED_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff settings (the retry count is the client's and the call's ``max_retries``:
    retries, not attempts, so 2 means up to 3 attempts)."""

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: float = 0.25

    def backoff(self, retries_done: int) -> float:
        """Seconds before the next retry after *retries_done* ones, when the answer names no
        delay: ``min(initial_delay * 2**n, max_delay)``, shortened by up to ``jitter`` at random."""
        delay: float = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return delay * (1 - self.jitter * random.random())


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The ``Retry-After`` header in seconds (number or HTTP date), None when absent or invalid.

    Never raises: an absurd value (``1e400``, year 99999999999999999999, a date past
    ``datetime.max``) is ``math.inf``, "longer than any cap", and ends the retries.
    """
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:  # "nan" parses but is no delay (and time.sleep refuses it); "inf" is over any cap
        return None if math.isnan(seconds) else max(seconds, 0.0)
    try:
        moment = parsedate_to_datetime(value)
    except (OverflowError, TypeError, ValueError, IndexError):
        return _far_future(value)
    try:
        return max(moment.timestamp() - time.time(), 0.0)
    except (OverflowError, ValueError, OSError):
        return math.inf


def _far_future(value: str) -> float | None:
    """``math.inf`` for an HTTP date whose year no ``datetime`` holds, else None (not a date)."""
    parsed = parsedate_tz(value)
    if parsed is not None and parsed[0] > MAXYEAR:
        return math.inf
    return None


def _status_of(error: ModelArtsError) -> int | None:
    if isinstance(error, APIStatusError | APIResponseValidationError):
        return error.status_code
    return None


@dataclass
class RetryState:
    """Retry bookkeeping of one call (sans I/O: the sync and async loops both drive it)."""

    policy: RetryPolicy
    max_retries: int
    idempotent: bool
    deadline: float | None = None
    retries: int = 0
    maybe_processed: bool = False

    def next_delay(self, error: ModelArtsError) -> float | None:
        """Seconds to sleep before the next attempt, or None when *error* is final."""
        retryable, processed = self._classify(error)
        self.maybe_processed = self.maybe_processed or processed
        if not retryable or self.retries >= self.max_retries:
            return None
        delay = self.policy.backoff(self.retries)
        if isinstance(error, APIStatusError | APIResponseValidationError):
            server_delay = retry_after_seconds(error.headers)
            if server_delay is not None:
                if server_delay > self.policy.max_retry_after:
                    return None
                delay = server_delay
        if self.deadline is not None and time.monotonic() + delay >= self.deadline:
            return None
        self.retries += 1
        return delay

    def _classify(self, error: ModelArtsError) -> tuple[bool, bool]:
        """(may be retried, may have been processed by the server)."""
        if isinstance(error, APIConnectionError):
            return (self.idempotent or not error.request_sent), error.request_sent
        status = _status_of(error)
        if status is None:
            return False, False
        if status in _NOT_PROCESSED_STATUSES:
            return True, False
        if status == 408 or status >= 500:
            return self.idempotent, True
        return False, False
