"""``ModelArtsVizJobs`` and ``AsyncModelArtsVizJobs``: configuration, transport and the call loop.

Data flows spec -> generated client -> this runtime -> wire: each call runs a generated
``sync_detailed``/``asyncio_detailed`` function on one ``AuthenticatedClient`` whose httpx client
is configured here (auth flow, timeouts, User-Agent, event hooks). The sync and async clients
share everything except the two lines that send and sleep.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from ._config import Settings, positive_seconds, settings_from_env
from ._errors import APIConnectionError, InvalidParameterError, ModelArtsError, ResponseShapeError
from ._logging import configure_from_env, logger
from ._resources import AsyncJobs, Jobs
from ._response import error_from_answer, is_being_deleted, is_gone, translate_exception
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy, RetryState
from ._scope import (
    CallScope,
    async_request_hook,
    async_response_hook,
    call_scope,
    request_hook,
    response_hook,
)
from ._version import __version__

if TYPE_CHECKING:
    from modelarts_vizjobs_client.client import AuthenticatedClient
    from modelarts_vizjobs_client.types import Response

    from ._operations import Operation

__all__ = ["DEFAULT_TIMEOUT", "AsyncModelArtsVizJobs", "ModelArtsVizJobs"]

T = TypeVar("T")

#: Per attempt: 10 s to connect, 60 s for each read/write, 10 s to get a pooled connection.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0, pool=10.0)
USER_AGENT = f"modelarts-vizjobs/{__version__}"


def _timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(positive_seconds(value, "timeout"))


def _retries(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InvalidParameterError(f"max_retries must be an integer from 0 to 10, not {value!r}")
    return value


class _BaseClient:
    """What both clients share: settings, retry policy, deadlines and answer conversion."""

    _http: httpx.Client | httpx.AsyncClient

    def __init__(
        self,
        *,
        project_id: str | None,
        region: str | None,
        endpoint: str | None,
        token: str | None,
        access_key: str | None,
        secret_key: str | None,
        security_token: str | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
    ) -> None:
        configure_from_env()
        self._settings = Settings.resolve(
            project_id=project_id,
            region=region,
            endpoint=endpoint,
            token=token,
            access_key=access_key,
            secret_key=secret_key,
            security_token=security_token,
        )
        self.timeout = _timeout(timeout)
        self.max_retries = _retries(max_retries)
        self._policy = retry_policy or RetryPolicy()

    @property
    def project_id(self) -> str:
        return self._settings.project_id

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    def _configure(
        self, http: httpx.Client | httpx.AsyncClient, hooks: dict[str, list[Any]]
    ) -> None:
        http.base_url = httpx.URL(self._settings.base_url + "/")
        http.auth = self._settings.auth
        http.timeout = self.timeout
        http.headers["User-Agent"] = USER_AGENT
        http.event_hooks = {
            kind: [*http.event_hooks.get(kind, []), *hooks[kind]]
            for kind in ("request", "response")
        }

    def _generated(self, http: httpx.Client | httpx.AsyncClient) -> AuthenticatedClient:
        from modelarts_vizjobs_client.client import AuthenticatedClient

        client = AuthenticatedClient(
            base_url=self._settings.base_url, token="", raise_on_unexpected_status=True
        )
        if isinstance(http, httpx.Client):
            return client.set_httpx_client(http)
        return client.set_async_httpx_client(http)

    @staticmethod
    def _deadline(timeout: float | None) -> float | None:
        """A call's deadline on the monotonic clock, from its ``timeout=`` in seconds."""
        if timeout is None:
            return None
        return time.monotonic() + positive_seconds(timeout, "timeout")

    def _retry_state(
        self, op: Operation[Any], deadline: float | None, max_retries: int | None
    ) -> RetryState:
        """The bookkeeping of a new call; a closed client fails it at once (httpx would raise
        RuntimeError on every attempt)."""
        if self._http.is_closed:
            raise APIConnectionError(
                f"{op.name}: the client is closed",
                method="?",
                url=self.base_url,
                request_sent=False,
            )
        return RetryState(
            self._policy,
            max_retries=self.max_retries if max_retries is None else _retries(max_retries),
            idempotent=op.idempotent,
            deadline=deadline,
        )

    @staticmethod
    def _finish(op: Operation[T], response: Response[Any]) -> T:
        try:
            return op.convert(response)
        except ResponseShapeError as exc:
            raise error_from_answer(
                int(response.status_code),
                response.content,
                httpx.Headers(response.headers),
                op.name,
                reason=str(exc),
            ) from None

    @staticmethod
    def _failed(exc: Exception, scope: CallScope, op: Operation[Any]) -> ModelArtsError:
        error = translate_exception(exc, scope, op.name)
        if error is None:
            raise exc
        return error

    @staticmethod
    def _next_delay(op: Operation[Any], state: RetryState, error: ModelArtsError) -> float | None:
        delay = state.next_delay(error)
        if delay is not None:
            logger.info(
                "%s failed (%s); retry %d/%d in %.2fs",
                op.name,
                error,
                state.retries,
                state.max_retries,
                delay,
            )
        return delay

    @staticmethod
    def _already_done(op: Operation[Any], state: RetryState, error: ModelArtsError) -> bool:
        """A 404 ``ModelArts.0102``, or a refusal in 9 KILLING (what an accepted delete shows
        until the job is gone), after an attempt the server may have carried out."""
        if op.on_gone is None or not state.maybe_processed:
            return False
        if is_gone(error) or is_being_deleted(error):
            logger.info("%s: job gone or going after an attempt that may have succeeded", op.name)
            return True
        return False

    @classmethod
    def from_env(cls, **overrides: Any) -> Self:
        """A client from the ``HUAWEICLOUD_SDK_*`` / ``MODELARTS_VIZJOBS_*`` variables (see
        ``_config``); keyword arguments override them, credentials as a whole."""
        settings = {k: v for k, v in overrides.items() if k in _SETTING_NAMES}
        arguments: dict[str, Any] = {k: v for k, v in overrides.items() if k not in _SETTING_NAMES}
        arguments.update(settings_from_env(**settings))
        return cls(**arguments)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self._settings.auth!r}, max_retries={self.max_retries})"
        )


class ModelArtsVizJobs(_BaseClient):
    """Synchronous client of the ModelArts visualization-jobs API.

    Give ``token=`` (IAM token) or ``access_key=``/``secret_key=`` (AK/SK signing, plus
    ``security_token=`` for temporary credentials), ``project_id=``, and ``region=`` or
    ``endpoint=``; ``from_env()`` reads them from the environment (see ``_config``).
    ``timeout`` applies to each HTTP attempt (float seconds or ``httpx.Timeout``; default 10 s
    connect, 60 s read/write); ``max_retries`` (default 2) bounds retries and ``retry_policy``
    sets the backoff (see ``_retry``). Each ``jobs`` method also takes ``timeout=``, the
    seconds the whole call may take (retries and ``wait=True`` included), and ``max_retries=``.
    ``http_client`` is an ``httpx.Client`` for transport settings (transport, proxy, TLS,
    limits); the SDK sets its base URL, auth, timeout, User-Agent and event hooks, and closes it.
    """

    _http: httpx.Client

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
        self._http = http_client or httpx.Client()
        self._configure(self._http, {"request": [request_hook], "response": [response_hook]})
        self._client = self._generated(self._http)
        self.jobs = Jobs(self)

    def _request(self, op: Operation[T], *, deadline: float | None, max_retries: int | None) -> T:
        state = self._retry_state(op, deadline, max_retries)
        while True:
            with call_scope(op.name, deadline) as scope:
                try:
                    response = op.send(self._client)
                except Exception as exc:
                    error = self._failed(exc, scope, op)
                else:
                    try:
                        return self._finish(op, response)
                    except ModelArtsError as exc:
                        error = exc
            if op.on_gone is not None and self._already_done(op, state, error):
                return op.on_gone()
            delay = self._next_delay(op, state, error)
            if delay is None:
                raise error
            time.sleep(delay)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncModelArtsVizJobs(_BaseClient):
    """Asyncio twin of ``ModelArtsVizJobs``: same arguments, ``await`` on every call,
    ``async for`` over ``jobs.list()``, ``await client.close()`` or ``async with``."""

    _http: httpx.AsyncClient

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
        http_client: httpx.AsyncClient | None = None,
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
        self._http = http_client or httpx.AsyncClient()
        self._configure(
            self._http, {"request": [async_request_hook], "response": [async_response_hook]}
        )
        self._client = self._generated(self._http)
        self.jobs = AsyncJobs(self)

    async def _request(
        self, op: Operation[T], *, deadline: float | None, max_retries: int | None
    ) -> T:
        state = self._retry_state(op, deadline, max_retries)
        while True:
            with call_scope(op.name, deadline) as scope:
                try:
                    response = await op.send_async(self._client)
                except Exception as exc:
                    error = self._failed(exc, scope, op)
                else:
                    try:
                        return self._finish(op, response)
                    except ModelArtsError as exc:
                        error = exc
            if op.on_gone is not None and self._already_done(op, state, error):
                return op.on_gone()
            delay = self._next_delay(op, state, error)
            if delay is None:
                raise error
            await _sleep(delay)

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


async def _sleep(seconds: float) -> None:
    import asyncio  # here: keeps asyncio out of the sync client's import

    await asyncio.sleep(seconds)


_SETTING_NAMES = frozenset(
    {"project_id", "region", "endpoint", "token", "access_key", "secret_key", "security_token"}
)
