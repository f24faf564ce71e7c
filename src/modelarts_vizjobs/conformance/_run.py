"""``run_conformance``: the tour against an endpoint, from the SDK's usual settings."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import httpx

from modelarts_vizjobs.cassette import Cassette, Redactor

from ._credentials import resolve_target
from ._recorder import ObservingTransport, Recorder
from ._report import Report
from ._spec import SpecChecker, default_checker
from ._tour import Tour, TourSettings

__all__ = ["run_conformance"]


def run_conformance(
    *,
    record: str | os.PathLike[str] | None = None,
    project_placeholder: bool = False,
    train_url: str = TourSettings.train_url,
    poll_interval: float = TourSettings.poll_interval,
    timeout: float = TourSettings.timeout,
    cleanup_timeout: float = TourSettings.cleanup_timeout,
    request_timeout: float = TourSettings.request_timeout,
    echo: Callable[[str], None] = lambda line: None,
    transport: httpx.BaseTransport | None = None,
    checker: SpecChecker | None = None,
    **client_options: Any,
) -> Report:
    """Run the tour and return its report; the job it creates is deleted whatever happens.

    *client_options* are ``ModelArtsVizJobs.from_env`` keyword arguments (endpoint, region,
    project_id, token, access_key, secret_key, security_token); ConfigurationError when they
    do not make a client. *record* writes the redacted cassette (also after a failed run);
    *project_placeholder* puts ``{project_id}`` in it instead of the project id. *transport*
    sends the requests (default: plain HTTP); *timeout* bounds the tour, *cleanup_timeout*
    the cleanup after it.
    """
    target = resolve_target(client_options)
    checker = checker or default_checker()
    cassette = None
    if record is not None:
        project = "{project_id}" if project_placeholder else target.project_id
        cassette = Cassette(target.base_url, project)
    redactor = Redactor(target.secrets, target.project_id if project_placeholder else None)
    recorder = Recorder(checker, cassette=cassette, redactor=redactor)
    settings = TourSettings(
        target.base_url,
        target.project_id,
        target.auth,
        train_url=train_url,
        poll_interval=poll_interval,
        timeout=timeout,
        cleanup_timeout=cleanup_timeout,
        request_timeout=request_timeout,
    )
    tour = Tour(settings, recorder, transport=ObservingTransport(recorder, transport), echo=echo)
    try:
        return tour.run()
    finally:
        if cassette is not None and record is not None:
            cassette.dump(record)
