"""Stateful in-memory fake of the ModelArts visualization-jobs API, the way moto fakes AWS.

Behaviour, not canned answers: jobs live per project, walk the documented status lifecycle
under a configurable :class:`TransitionPolicy`, refuse illegal transitions with the documented
``ModelArts.0105`` errors, and vanish after an asynchronous delete. One :class:`StubBackend`
serves in-process (:func:`create_app` with ``httpx.ASGITransport`` for async clients,
:class:`StubTransport` for sync ones) and over a socket (:class:`StubServer`), with faults, a
request journal and a ``/_stub/`` control plane.

Names load on first use (PEP 562), so the pytest plugin, which lives in this package, costs
nothing at pytest startup for suites that never use the stub.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import ConnectionDropped, create_app
    from .auth import (
        DEFAULT_ACCESS_KEY,
        DEFAULT_PROJECT_ID,
        DEFAULT_SECRET_KEY,
        DEFAULT_TOKEN,
        OTHER_ACCESS_KEY,
        OTHER_PROJECT_ID,
        OTHER_SECRET_KEY,
        OTHER_TOKEN,
    )
    from .faults import FaultInjector
    from .journal import JournalEntry
    from .models import StubBackend
    from .policy import TransitionPolicy
    from .server import StubServer, serve
    from .transport import StubTransport

__all__ = [
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_PROJECT_ID",
    "DEFAULT_SECRET_KEY",
    "DEFAULT_TOKEN",
    "OTHER_ACCESS_KEY",
    "OTHER_PROJECT_ID",
    "OTHER_SECRET_KEY",
    "OTHER_TOKEN",
    "ConnectionDropped",
    "FaultInjector",
    "JournalEntry",
    "StubBackend",
    "StubServer",
    "StubTransport",
    "TransitionPolicy",
    "create_app",
    "serve",
]

_HOMES = {
    "ConnectionDropped": ".app",
    "create_app": ".app",
    "FaultInjector": ".faults",
    "JournalEntry": ".journal",
    "StubBackend": ".models",
    "TransitionPolicy": ".policy",
    "StubServer": ".server",
    "serve": ".server",
    "StubTransport": ".transport",
}


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES.get(name, ".auth"), __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
