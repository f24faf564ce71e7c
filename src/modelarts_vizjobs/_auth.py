"""The two ModelArts authentication modes as ``httpx.Auth`` flows.

httpx runs the flow for every request it sends, so each retry attempt gets a fresh
``X-Sdk-Date`` and signature (a signature older than 15 minutes is refused with
``ModelArts.0208``). Reprs never show a token, secret key or signature.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator
from datetime import datetime

import httpx

from . import _signing

__all__ = ["TOKEN_HEADER", "AkSkAuth", "TokenAuth"]

#: The IAM token's header (api-facts.md, authentication).
TOKEN_HEADER = "X-Auth-Token"

#: Headers the transport may add, drop or rewrite on the way (proxies, HTTP/2): never signed.
_UNSIGNED = frozenset(
    {"authorization", "connection", "content-length", "transfer-encoding", "accept-encoding"}
)
_SIGNED_BODY_TYPES = ("application/json", "application/bson")
_DATE = _signing.DATE_HEADER.lower()
_CONTENT_SHA256 = _signing.CONTENT_SHA256_HEADER.lower()
#: What :meth:`AkSkAuth.sign` sets besides ``Host`` (which it only adds when missing).
_HOST = _signing.HOST_HEADER.lower()
_PROJECT_ID = _signing.PROJECT_ID_HEADER.lower()
_SECURITY_TOKEN = _signing.SECURITY_TOKEN_HEADER.lower()
_SET_BY_SIGNING = frozenset(
    {_DATE, _PROJECT_ID, _SECURITY_TOKEN, _CONTENT_SHA256, _signing.AUTHORIZATION_HEADER.lower()}
)


def _mask(value: str) -> str:
    return value[:4] + "***" if len(value) > 8 else "***"


# Public httpx API only. httpx's accessors decode or scan every header on each call, so the
# signer reads all headers once through ``Headers.raw`` and writes its additions once, as a new
# ``Headers`` built from bytes (no per-item encoding in httpx). CPU per signature against
# huaweicloudsdkcore's signer (``make bench`` signing row, loaded 2-core machine, issue 16):
# this path 0.53-0.54x; the same with str values 0.54-0.56x; ``headers[name] = value`` for each
# addition 0.53-0.59x (and slowest in a direct comparison); ``Headers.update`` slower still;
# httpx's private header list (1.1.0) 0.43x. Bytes are decoded as UTF-8, the default codec:
# httpx keeps URLs percent-encoded ASCII, and a header that is not UTF-8 makes the fast path
# hand over to httpx's own decoding, which is what it would have chosen for the lot.


def _read_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str] | None:
    """``dict(headers.items())`` from ``Headers.raw``: lower-case names; None when a name
    repeats or a value is not UTF-8 (then the caller asks httpx)."""
    try:
        lowered = {name.lower().decode(): value.decode() for name, value in raw}
    except UnicodeDecodeError:
        return None
    return lowered if len(lowered) == len(raw) else None


def _with_headers(
    raw: list[tuple[bytes, bytes]], values: dict[str, str], *, replace: bool
) -> httpx.Headers:
    """New headers: *raw* (less the names of *values* when *replace*) then *values*, built in
    one pass of the ``httpx.Headers`` constructor."""
    if replace:
        names = {name.lower().encode() for name in values}
        raw = [(name, value) for name, value in raw if name.lower() not in names]
    added = [(name.encode(), value.encode()) for name, value in values.items()]  # as setitem
    return httpx.Headers([*raw, *added])


class TokenAuth(httpx.Auth):
    """IAM token authentication: ``X-Auth-Token: <token>`` on every request."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the token header; a token needs neither the body nor a signature."""
        request.headers[TOKEN_HEADER] = self._token
        yield request

    # httpx's default flows wrap ``auth_flow`` in a second generator on every attempt.
    sync_auth_flow = auth_flow

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The same header for ``httpx.AsyncClient``, without httpx's per-attempt wrapper."""
        request.headers[TOKEN_HEADER] = self._token
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
        self._key = _signing.SigningKey(secret_key)
        self._project_id = project_id
        self._security_token = security_token
        self._clock = clock

    # Both flows read the body (it is hashed) and sign; overridden rather than ``auth_flow`` with
    # ``requires_request_body``, which wraps one generator in another on every attempt.
    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Read the body, which the signature hashes, then sign (``httpx.Client``)."""
        request.read()
        self.sign(request)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Read the body without blocking the loop, then sign (``httpx.AsyncClient``)."""
        await request.aread()
        self.sign(request)
        yield request

    def sign(self, request: httpx.Request) -> None:
        """Add the date, scope and ``Authorization`` headers to *request* in place.

        The hot path of every attempt: headers are read once into a plain dict and the added
        ones written back in one pass (httpx scans every header on each lookup or assignment).
        """
        raw = request.headers.raw
        present = _read_headers(raw)
        if present is None:
            present = dict(request.headers.items())
        replace = not _SET_BY_SIGNING.isdisjoint(present)  # a retry re-signs the same request
        sdk_date = _signing.format_sdk_date(self._clock and self._clock())
        added = {_signing.DATE_HEADER: sdk_date}
        present[_DATE] = sdk_date
        if not present.get(_HOST):
            replace = replace or _HOST in present
            added[_signing.HOST_HEADER] = present[_HOST] = request.url.netloc.decode()
        if self._project_id:
            added[_signing.PROJECT_ID_HEADER] = present[_PROJECT_ID] = self._project_id
        if self._security_token:
            token = self._security_token
            added[_signing.SECURITY_TOKEN_HEADER] = present[_SECURITY_TOKEN] = token
        content_type = present.get("content-type")
        if content_type and not content_type.startswith(_SIGNED_BODY_TYPES):
            added[_signing.CONTENT_SHA256_HEADER] = present[_CONTENT_SHA256] = "UNSIGNED-PAYLOAD"
        signed = _signing.signable_lowered_names(present.keys() - _UNSIGNED)
        path, _, query = request.url.raw_path.partition(b"?")
        canonical = _signing.canonical_request_lowered(
            request.method,
            path.decode(),
            query.decode(),
            present,
            signed,
            request.content,
        )
        signature = _signing.sign(self._key, sdk_date, canonical)
        authorization = _signing.authorization_value(self.access_key, signed, signature)
        added[_signing.AUTHORIZATION_HEADER] = authorization
        request.headers = _with_headers(raw, added, replace=replace)

    def __repr__(self) -> str:
        return f"AkSkAuth(access_key={_mask(self.access_key)!r}, secret_key=***)"
