# Generated from src/modelarts_vizjobs/_async/_client.py by scripts/unasync.py: do not edit.
# Change the async source and run `make regen` instead.
"""``ModelArtsVizJobs``: the client users make (settings, HTTP client, ``jobs``)."""

from __future__ import annotations

import httpx

from .._base_client import DEFAULT_TIMEOUT
from .._default_http import new_http_client
from .._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._base_client import APIClient
from ._resources import Jobs

__all__ = ["ModelArtsVizJobs"]


class ModelArtsVizJobs(APIClient):
    """Client of the ModelArts visualization-jobs API: each ``jobs`` method is one call
    (awaitable on the asyncio client), ``jobs.list()`` iterates lazily, and ``close()`` or the
    context manager releases the client.

    Give ``token=`` (IAM token) or ``access_key=``/``secret_key=`` (AK/SK signing, plus
    ``security_token=`` for temporary credentials), ``project_id=``, and ``region=`` or
    ``endpoint=``; ``from_env()`` reads them from the environment (see ``_config``).
    ``timeout`` applies to each HTTP attempt (float seconds or ``httpx.Timeout``; default 10 s
    connect, 60 s read/write); ``max_retries`` (default 2) bounds retries and ``retry_policy``
    sets the backoff (see ``_retry``). Each ``jobs`` method also takes ``timeout=``, the
    seconds the whole call may take (retries and ``wait=True`` included), and ``max_retries=``.

    ``http_client`` is an ``httpx.Client`` for transport settings (transport, proxy, TLS,
    limits). The SDK uses it and never changes it (its base URL, auth, headers, timeout, event
    hooks and redirect setting stay as they are: each request carries the SDK's own URL, auth
    and timeout, and redirects are never followed), so several SDK clients may share one; the
    SDK does not close it. Without one the SDK makes its own, closed by ``close()`` (the
    asyncio client's is on aiohttp when the ``aiohttp`` extra is installed: ``_default_http``).
    """

    def __init__(
        self,
        *,
        project_id: str | None = None,
        region: str | None = None,
        endpoint: str | None = None,
        token: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        security_token: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        super().__init__(
            project_id=project_id,
            region=region,
            endpoint=endpoint,
            token=token,
            access_key=access_key,
            secret_key=secret_key,
            security_token=security_token,
            timeout=timeout,
            max_retries=max_retries,
            retry_policy=retry_policy,
        )
        self._owns_http = http_client is None
        self._http = new_http_client() if http_client is None else http_client
        self.jobs: Jobs = Jobs(self)
