"""Fault injection (WireMock-style): latency, throttling/unavailability, dropped connections.

Rules apply to API requests only, never to the ``/_stub/`` control plane. A rule fires for the
next *count* requests, or for a *ratio* of them (deterministically: with ``ratio=0.25`` every
fourth request), or both (the ratio until *count* firings); with neither it fires on every
request until :meth:`FaultInjector.clear`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

__all__ = ["FAULT_KINDS", "FAULT_STATUSES", "FaultDecision", "FaultInjector", "FaultRule"]

FAULT_KINDS = ("latency", "status", "drop")
#: Injectable statuses and the ModelArts error each answers with.
FAULT_STATUSES: dict[int, tuple[str, str]] = {
    429: ("ModelArts.4206", "Excessive number of requests to visualization-jobs."),
    500: ("ModelArts.0010", "Internal error."),
    503: ("ModelArts.4700", "Unavailable gateway."),
}


@dataclass(slots=True)
class FaultRule:
    """One injected fault: *kind*, for *count* requests or a *ratio* of them."""

    kind: str
    count: int | None
    ratio: float | None
    status: int | None
    retry_after: int | None
    delay: float
    credit: float = 0.0

    def fires(self) -> bool:
        """Consume one request; True when the rule applies to it."""
        if self.count is not None and self.count <= 0:
            return False
        if self.ratio is not None:
            self.credit += self.ratio
            if self.credit < 1.0:
                return False
            self.credit -= 1.0
        if self.count is not None:
            self.count -= 1
        return True

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.count <= 0

    def to_dict(self) -> dict[str, object]:
        """The rule as JSON (``GET /_stub/faults``)."""
        return {
            "kind": self.kind,
            "count": self.count,
            "ratio": self.ratio,
            "status": self.status,
            "retry_after": self.retry_after,
            "delay": self.delay,
        }


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What to do with one request: wait *delay* seconds, then answer *status*, drop, or serve."""

    delay: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    drop: bool = False


_NO_FAULT = FaultDecision()


class FaultInjector:
    """The active fault rules of one backend, evaluated in insertion order."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def inject(
        self,
        kind: str,
        *,
        count: int | None = None,
        ratio: float | None = None,
        status: int | None = None,
        retry_after: int | None = None,
        delay: float | None = None,
    ) -> None:
        """Add a rule; ValueError when the arguments do not describe one."""
        rule = _build_rule(kind, count, ratio, status, retry_after, delay)
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def active(self) -> list[dict[str, object]]:
        """The rules still in force, as JSON."""
        with self._lock:
            return [rule.to_dict() for rule in self._rules]

    def decide(self) -> FaultDecision:
        """Consume one API request against every rule: added delays sum, the first end wins."""
        if not self._rules:
            return _NO_FAULT
        delay = 0.0
        with self._lock:
            for rule in self._rules:
                if not rule.fires():
                    continue
                if rule.kind == "latency":
                    delay += rule.delay
                    continue
                self._rules = [item for item in self._rules if not item.exhausted]
                if rule.kind == "drop":
                    return FaultDecision(delay=delay, drop=True)
                return FaultDecision(delay=delay, status=rule.status, retry_after=rule.retry_after)
            self._rules = [item for item in self._rules if not item.exhausted]
        return FaultDecision(delay=delay) if delay else _NO_FAULT


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _build_rule(
    kind: str,
    count: int | None,
    ratio: float | None,
    status: int | None,
    retry_after: int | None,
    delay: float | None,
) -> FaultRule:
    if kind not in FAULT_KINDS:
        raise ValueError(f"fault kind must be one of {', '.join(FAULT_KINDS)}, got {kind!r}")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise ValueError(f"count must be an integer >= 1, got {count!r}")
    if ratio is not None and (not _is_number(ratio) or not 0 < ratio <= 1):
        raise ValueError(f"ratio must be a number in (0, 1], got {ratio!r}")
    if kind == "latency":
        if delay is None or not _is_number(delay) or not 0 < delay <= 60:
            raise ValueError(f"a latency fault needs delay in (0, 60] seconds, got {delay!r}")
    elif delay is not None:
        raise ValueError("delay only applies to latency faults")
    if kind == "status":
        if status not in FAULT_STATUSES:
            raise ValueError(f"status must be one of {sorted(FAULT_STATUSES)}, got {status!r}")
        if retry_after is None and status != 500:
            retry_after = 1
        if retry_after is not None and (
            not isinstance(retry_after, int) or isinstance(retry_after, bool) or retry_after < 0
        ):
            raise ValueError(f"retry_after must be an integer >= 0, got {retry_after!r}")
    elif status is not None or retry_after is not None:
        raise ValueError("status and retry_after only apply to status faults")
    return FaultRule(
        kind=kind,
        count=count,
        ratio=None if ratio is None else float(ratio),
        status=status,
        retry_after=retry_after,
        delay=float(delay or 0.0),
    )
