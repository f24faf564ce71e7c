"""The real generated client wired to an in-memory httpx.MockTransport."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
from modelarts_vizjobs_client import AuthenticatedClient
from modelarts_vizjobs_client.types import Response

from tests.client._spec import BODIES

BASE_URL = "https://modelarts.example.com"

Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler, *, raise_on_unexpected_status: bool = True) -> AuthenticatedClient:
    """A generated client whose every request is answered by ``handler``."""
    return AuthenticatedClient(
        base_url=BASE_URL,
        token="token-under-test",
        prefix="",
        auth_header_name="X-Auth-Token",
        raise_on_unexpected_status=raise_on_unexpected_status,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def call(
    operation: ModuleType, mode: str, client: AuthenticatedClient, **path: str
) -> Response[Any]:
    """Call ``operation`` by ``sync_detailed`` or ``asyncio_detailed``, with its required body."""
    kwargs = {**path, **BODIES.get(operation.__name__.rpartition(".")[2], {}), "client": client}
    if mode == "sync":
        response: Response[Any] = operation.sync_detailed(**kwargs)
        return response

    async def run() -> Response[Any]:
        async with client:
            result: Response[Any] = await operation.asyncio_detailed(**kwargs)
            return result

    return asyncio.run(run())
