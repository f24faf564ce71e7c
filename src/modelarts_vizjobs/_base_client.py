"""What the sync and async clients share, without I/O: settings, logging, retry bookkeeping.

The clients (``_async/_base_client.py`` and its generated twin ``_sync/_base_client.py``) own
building and sending each attempt; this holds the rest: resolved settings, per-attempt
logging, error translation and the redactor. It knows no operation by name: what is special
about one (the delete's "already gone") comes with its ``Operation``.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Self, TypeVar

import httpx

from ._config import Settings, positive_seconds, settings_from_env
from ._error_translation import translate_exception
from ._errors import APIConnectionError, APIStatusError, InvalidParameterError, ModelArtsError
from ._logging import configure_from_env, logger
from ._operations import Operation
from ._response import APIResponse
from ._retry import RetryPolicy, RetryState
from ._secrets import CREDENTIAL_HEADERS, LOG_MASK, SECRET_SETTINGS, Redactor
from ._telemetry import for_client
from ._version import __version__

__all__ = ["DEFAULT_TIMEOUT", "USER_AGENT", "ClientCore", "deadline_after"]

T = TypeVar("T")

#: Per attempt: 10 s to connect, 60 s for each read/write, 10 s to get a pooled connection.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0, pool=10.0)
USER_AGENT = f"modelarts-vizjobs/{__version__}"
_CREDENTIAL_NAMES = frozenset(name.encode("ascii") for name in CREDENTIAL_HEADERS)
_SETTING_NAMES = frozenset(
    {"project_id", "region", "endpoint", "token", "access_key", "secret_key", "security_token"}
)


def _timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(positive_seconds(value, "timeout"))


def _retries(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InvalidParameterError(f"max_retries must be an integer from 0 to 10, not {value!r}")
    return value


def deadline_after(timeout: float | None) -> float | None:
    """A call's deadline on the monotonic clock, from its ``timeout=`` in seconds."""
    if timeout is None:
        return None
    return time.monotonic() + positive_seconds(timeout, "timeout")


class ClientCore:
    """Settings, retry policy, redaction and the per-attempt bookkeeping of one client."""

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
        self.timeout: httpx.Timeout = _timeout(timeout)
        self.max_retries: int = _retries(max_retries)
        self._policy = retry_policy or RetryPolicy()
        given = {"token": token, "secret_key": secret_key, "security_token": security_token}
        secrets = (given[name] for name in SECRET_SETTINGS)
        self._redact = Redactor(secrets, mask=LOG_MASK, live=True)
        self._closed = False
        self._telemetry = for_client()  # telemetry seam: None unless the otel extra is on

    @property
    def project_id(self) -> str:
        return self._settings.project_id

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    def _retry_state(
        self, op: Operation[Any], deadline: float | None, max_retries: int | None
    ) -> RetryState:
        """The bookkeeping of a new call. A closed client fails it at once: this client after
        ``close()`` (its secrets are forgotten) or its ``httpx`` client (httpx would raise
        RuntimeError on every attempt)."""
        if self._closed or self._http.is_closed:
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

    def _answered(self, request: httpx.Request, response: httpx.Response, started: float) -> None:
        """Log an attempt that got an answer, and mask the credentials of the kept request."""
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s -> %d request_id=%s %.1fms",
                request.method,
                request.url.raw_path.decode("ascii", "replace"),
                response.status_code,
                response.headers.get("X-Request-Id"),
                (time.perf_counter() - started) * 1000,
            )
            self._debug(request, response)
        _mask_credentials(request)

    def _failed(
        self,
        exc: Exception,
        op: Operation[Any],
        request: httpx.Request,
        response: httpx.Response | None,
        started: float,
    ) -> ModelArtsError:
        """The SDK error for an attempt that raised *exc* (logged); a bug is re-raised."""
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s -> %s %.1fms",
                request.method,
                request.url.raw_path.decode("ascii", "replace"),
                type(exc).__name__,
                (time.perf_counter() - started) * 1000,
            )
            self._debug(request, response)
        _mask_credentials(request)
        error = translate_exception(exc, request, response, op.name, self._redact)
        if error is None:
            raise exc
        return error

    def _debug(self, request: httpx.Request, response: httpx.Response | None) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "request %s %s headers=%s",
                request.method,
                request.url,
                self._redact.headers(request.headers.multi_items()),
            )
            if response is not None:
                logger.debug(
                    "response %d headers=%s",
                    response.status_code,
                    self._redact.headers(response.headers.multi_items()),
                )

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
    def _settled(
        op: Operation[T], state: RetryState, error: ModelArtsError
    ) -> APIResponse[T] | None:
        """The operation's result when *error*, after an attempt the server may have carried
        out, shows that attempt went through (``Operation.settled_after_lost_answer``)."""
        settled_by = op.settled_after_lost_answer
        if settled_by is None or not state.maybe_processed:
            return None
        if not isinstance(error, APIStatusError) or error.response is None:
            return None
        settled = settled_by(error)
        if settled is None:
            return None
        logger.info("%s: done by an earlier attempt whose answer was lost (%s)", op.name, error)
        return APIResponse(error.response, settled.result)

    @classmethod
    def from_env(cls, *, profile: str | None = None, **overrides: Any) -> Self:
        """A client from the ``HUAWEICLOUD_SDK_*`` / ``MODELARTS_VIZJOBS_*`` variables and the
        *profile* (else ``MODELARTS_VIZJOBS_PROFILE``; see ``_config``, ``_profiles``); keyword
        arguments override both, credentials as a whole."""
        settings = {k: v for k, v in overrides.items() if k in _SETTING_NAMES}
        arguments: dict[str, Any] = {k: v for k, v in overrides.items() if k not in _SETTING_NAMES}
        arguments.update(settings_from_env(profile=profile, **settings))
        return cls(**arguments)

    @classmethod
    def from_profile(cls, name: str, **overrides: Any) -> Self:
        """``from_env(profile=name, ...)``: the named profile of the config file, under the
        environment and the keyword arguments."""
        return cls.from_env(profile=name, **overrides)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self._settings.auth!r}, max_retries={self.max_retries})"
        )


def _mask_credentials(request: httpx.Request) -> None:
    """Mask the credential headers of a sent request, which errors and raw responses keep."""
    headers = request.headers
    present = {name.lower() for name, _ in headers.raw} & _CREDENTIAL_NAMES  # one scan
    for name in present:
        headers[name.decode("ascii")] = LOG_MASK
