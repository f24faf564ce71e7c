"""The two ModelArts authentication modes as ``httpx.Auth`` flows.

httpx runs the flow for every request it sends, so each retry attempt gets a fresh
``X-Sdk-Date`` and signature (a signature older than 15 minutes is refused with
``ModelArts.0208``). Reprs never show a token, secret key or signature.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import UTC, datetime

import httpx

from . import _signing
from ._logging import register_secret

__all__ = ["AkSkAuth", "TokenAuth"]

#: Headers the transport may add, drop or rewrite on the way (proxies, HTTP/2): never signed.
_UNSIGNED = frozenset(
    {"authorization", "connection", "content-length", "transfer-encoding", "accept-encoding"}
)
_SIGNED_BODY_TYPES = ("application/json", "application/bson")


def _mask(value: str) -> str:
    return value[:4] + "***" if len(value) > 8 else "***"


class TokenAuth(httpx.Auth):
    """IAM token authentication: ``X-Auth-Token: <token>`` on every request."""

    def __init__(self, token: str) -> None:
        self._token = token
        register_secret(token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Auth-Token"] = self._token
        yield request

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"


class AkSkAuth(httpx.Auth):
    """AK/SK request signing (``SDK-HMAC-SHA256``), byte-compatible with Huawei's official signer.

    Sets ``X-Sdk-Date``, ``Host``, ``X-Project-Id`` (when given) and ``X-Security-Token`` (for
    temporary credentials), then signs every header except the transport-managed ones above.
    A body that is not JSON is sent with ``X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD``, as the
    official signer does. *clock* exists for reproducible signatures in tests.
    """

    requires_request_body = True

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        project_id: str | None = None,
        security_token: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.access_key = access_key
        self._secret_key = secret_key
        self._project_id = project_id
        self._security_token = security_token
        self._clock = clock or (lambda: datetime.now(UTC))
        register_secret(secret_key)
        register_secret(security_token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        yield request

    def sign(self, request: httpx.Request) -> None:
        """Add the date, scope and ``Authorization`` headers to *request* in place."""
        headers = request.headers
        headers.pop("Authorization", None)
        headers[_signing.DATE_HEADER] = _signing.format_sdk_date(self._clock())
        headers["Host"] = headers.get("Host") or request.url.netloc.decode("ascii")
        if self._project_id:
            headers["X-Project-Id"] = self._project_id
        if self._security_token:
            headers["X-Security-Token"] = self._security_token
        content_type = headers.get("Content-Type")
        if content_type and not content_type.startswith(_SIGNED_BODY_TYPES):
            headers[_signing.CONTENT_SHA256_HEADER] = "UNSIGNED-PAYLOAD"
        signed = _signing.signable_header_names(
            name for name in headers if name.lower() not in _UNSIGNED
        )
        canonical = _signing.canonical_request(
            request.method,
            request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
            request.url.params.multi_items(),
            dict(headers.items()),
            signed,
            request.content,
        )
        signature = _signing.sign(self._secret_key, headers[_signing.DATE_HEADER], canonical)
        headers["Authorization"] = _signing.authorization_value(self.access_key, signed, signature)

    def __repr__(self) -> str:
        return f"AkSkAuth(access_key={_mask(self.access_key)!r}, secret_key=***)"
