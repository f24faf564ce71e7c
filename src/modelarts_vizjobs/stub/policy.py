"""How fast asynchronous transitions complete: moto's ``state_manager`` progressions for ModelArts.

Create, stop, restart and delete are asynchronous on the real service: they answer at once and
the job walks through intermediate statuses afterwards. A policy says when each step happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Progression", "TransitionPolicy"]


class Progression(StrEnum):
    """The kinds of :class:`TransitionPolicy`, by their name in the control plane's JSON."""

    IMMEDIATE = "immediate"
    AFTER_READS = "after_reads"
    AFTER_SECONDS = "after_seconds"


@dataclass(frozen=True, slots=True)
class TransitionPolicy:
    """When the next step of a job's pending transition completes.

    - ``immediate()``: every pending step completes as soon as the operation is accepted
      (the operation's own answer still shows the first status, e.g. 1 INIT for create);
    - ``after_reads(n)``: each step completes after *n* reads that see the job (a details read
      of the job, or any list read of its project);
    - ``after_seconds(t)``: each step completes *t* seconds (monotonic clock) after the previous.
    """

    progression: Progression = Progression.IMMEDIATE
    reads: int = 0
    seconds: float = 0.0

    @classmethod
    def immediate(cls) -> TransitionPolicy:
        """For tests that only need each job's final status (the default)."""
        return cls(Progression.IMMEDIATE)

    @classmethod
    def after_reads(cls, n: int) -> TransitionPolicy:
        """For tests that poll: each status stays for *n* reads, whatever the clock says."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"after_reads needs an integer n >= 1, got {n!r}")
        return cls(Progression.AFTER_READS, reads=n)

    @classmethod
    def after_seconds(cls, t: float) -> TransitionPolicy:
        """For manual and demo runs that should look like the real service's pace."""
        if isinstance(t, bool) or not isinstance(t, int | float) or not 0 <= t < float("inf"):
            raise ValueError(f"after_seconds needs a finite number t >= 0, got {t!r}")
        return cls(Progression.AFTER_SECONDS, seconds=float(t))

    def to_dict(self) -> dict[str, object]:
        """The control plane's JSON form (``{"mode": ..., "reads"|"seconds": ...}``)."""
        if self.progression is Progression.AFTER_READS:
            return {"mode": self.progression.value, "reads": self.reads}
        if self.progression is Progression.AFTER_SECONDS:
            return {"mode": self.progression.value, "seconds": self.seconds}
        return {"mode": self.progression.value}

    @classmethod
    def from_dict(cls, data: object) -> TransitionPolicy:
        """Inverse of :meth:`to_dict`; ValueError on anything else."""
        if not isinstance(data, dict):
            raise ValueError("policy must be a JSON object")
        mode = data.get("mode")
        if mode == Progression.IMMEDIATE.value and set(data) == {"mode"}:
            return cls.immediate()
        if mode == Progression.AFTER_READS.value and set(data) == {"mode", "reads"}:
            return cls.after_reads(data["reads"])
        if mode == Progression.AFTER_SECONDS.value and set(data) == {"mode", "seconds"}:
            return cls.after_seconds(data["seconds"])
        raise ValueError(
            'policy must be {"mode": "immediate"}, {"mode": "after_reads", "reads": n} '
            'or {"mode": "after_seconds", "seconds": t}'
        )
