"""Is the live service what the spec says? A conformance tour, a validating re-signing proxy,
and recordings the stub can replay (needs the ``conformance`` extra: openapi-core, PyYAML).

    from modelarts_vizjobs.conformance import run_conformance

    report = run_conformance(endpoint="http://127.0.0.1:8080", project_id="...", token="...")
    print(report.to_table())
    assert not report.failed(strict=True)

Names load on first use (PEP 562): ``modelarts_vizjobs.cassette`` and the stub never pull in
the validator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._proxy import ProxyServer, ValidatingProxy
    from ._replay import Difference, replay_against_stub
    from ._report import Report
    from ._run import run_conformance
    from ._spec import Finding, SpecChecker, spec_path
    from ._tour import Tour, TourSettings

__all__ = [
    "Difference",
    "Finding",
    "ProxyServer",
    "Report",
    "SpecChecker",
    "Tour",
    "TourSettings",
    "ValidatingProxy",
    "replay_against_stub",
    "run_conformance",
    "spec_path",
]

_HOMES = {
    "ProxyServer": "._proxy",
    "ValidatingProxy": "._proxy",
    "Difference": "._replay",
    "replay_against_stub": "._replay",
    "Report": "._report",
    "run_conformance": "._run",
    "Finding": "._spec",
    "SpecChecker": "._spec",
    "spec_path": "._spec",
    "Tour": "._tour",
    "TourSettings": "._tour",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
