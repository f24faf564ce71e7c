"""The global options, and the SDK client they configure (from them and the environment, with
the SDK's own ``from_env`` rules, so the CLI and library read the same variables)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._exit import reported_errors

if TYPE_CHECKING:
    from modelarts_vizjobs import ModelArtsVizJobs

__all__ = ["GlobalOptions", "open_client"]


@dataclass(frozen=True)
class GlobalOptions:
    """What the global options said; ``None`` means "let the SDK decide" (environment, defaults)."""

    endpoint: str | None = None
    region: str | None = None
    project_id: str | None = None
    token: str | None = field(default=None, repr=False)
    timeout: float | None = None
    max_retries: int | None = None
    as_json: bool = False
    profile: str | None = None
    verbose: int = 0

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for the SDK client: only the options that were given."""
        given = {
            "endpoint": self.endpoint,
            "region": self.region,
            "project_id": self.project_id,
            "token": self.token,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "profile": self.profile,
        }
        return {name: value for name, value in given.items() if value is not None}


@contextmanager
def open_client(options: GlobalOptions) -> Iterator[ModelArtsVizJobs]:
    """A client from the options and the environment; SDK errors become one-line failures."""
    from modelarts_vizjobs import ModelArtsVizJobs

    with reported_errors(), ModelArtsVizJobs.from_env(**options.client_options()) as client:
        yield client
