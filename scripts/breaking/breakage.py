"""The one record every comparison yields, so the spec and the Python API report alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Breakage:
    """One breaking change: where it is and what broke."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"
