"""``DefaultAioHttpClient``: an ``httpx.AsyncClient`` on aiohttp (the ``aiohttp`` extra).

httpx's own asyncio stack costs about three times the CPU of its sync stack per request;
``httpx-aiohttp``'s ``AiohttpTransport`` sends the same ``httpx`` requests through aiohttp, so
``AsyncModelArtsVizJobs(..., http_client=DefaultAioHttpClient())`` runs many concurrent calls
faster. It takes ``httpx.AsyncClient``'s arguments (limits, TLS, proxy...); the SDK uses it
like any caller's client and does not close it. Without the extra
(``pip install "modelarts-vizjobs[aiohttp]"``) making one raises ``RuntimeError``.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["DefaultAioHttpClient"]

try:
    from httpx_aiohttp import HttpxAiohttpClient
except ImportError:  # pragma: no cover - exercised only without the extra

    class DefaultAioHttpClient(httpx.AsyncClient):
        def __init__(self, **_kwargs: Any) -> None:
            raise RuntimeError(
                "DefaultAioHttpClient needs the aiohttp extra: "
                'pip install "modelarts-vizjobs[aiohttp]"'
            )

else:

    class DefaultAioHttpClient(HttpxAiohttpClient):  # type: ignore[no-redef]
        """An ``httpx.AsyncClient`` whose transport is ``httpx_aiohttp.AiohttpTransport``."""
