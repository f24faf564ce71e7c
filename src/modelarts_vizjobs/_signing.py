"""SDK-HMAC-SHA256, the API Gateway AK/SK signature, as pure functions.

Shared by the client (``_auth.AkSkAuth`` signs) and the stub (verifies), so both sides agree by
construction; the client side is proven byte-for-byte against Huawei's official
``huaweicloudsdkcore.signer.Signer`` by a Hypothesis property in the tests.

The canonical request, as the official signer builds it::

    METHOD \\n canonical-uri \\n canonical-query \\n canonical-headers \\n
    signed-headers \\n hex(sha256(body))

- canonical-uri: the path, percent-decoded, split on ``/``, each segment re-encoded with only
  ``~`` (and unreserved characters) left as is, always ending in ``/``;
- canonical-query: ``key=value`` pairs, sorted by key then value, both encoded the same way;
- canonical-headers: ``name:value\\n`` for each signed header, lower-cased name, stripped value;
- signed-headers: the lower-cased names, sorted, joined by ``;``; names containing ``_`` are never
  signed;
- an empty body hashes to the SHA-256 of ``b""``; ``X-Sdk-Content-Sha256`` overrides the body hash.

:func:`verify` is the receiving side, shared by the stub and the conformance proxy: the
canonical request rebuilt from what was received, signed again, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, quote, unquote

__all__ = [
    "ALGORITHM",
    "CONTENT_SHA256_HEADER",
    "DATE_FORMAT",
    "DATE_HEADER",
    "MAX_CLOCK_SKEW",
    "ParsedAuthorization",
    "SignatureError",
    "SigningKey",
    "authorization_value",
    "canonical_request",
    "canonical_request_lowered",
    "format_sdk_date",
    "parse_authorization",
    "parse_sdk_date",
    "sign",
    "signable_header_names",
    "signable_lowered_names",
    "verify",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"
#: The other headers an AK/SK request carries (api-facts.md, authentication).
HOST_HEADER = "Host"
PROJECT_ID_HEADER = "X-Project-Id"
SECURITY_TOKEN_HEADER = "X-Security-Token"
AUTHORIZATION_HEADER = "Authorization"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_CONTENT_SHA256_KEY = CONTENT_SHA256_HEADER.lower()
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_HMAC_BLOCK = hashlib.sha256().block_size
_INNER_PAD = bytes(byte ^ 0x36 for byte in range(256))  # RFC 2104 ipad, as a translate table
_OUTER_PAD = bytes(byte ^ 0x5C for byte in range(256))  # RFC 2104 opad
#: An ``X-Sdk-Date`` further than this from the verifier's clock is refused (replay protection,
#: the API Gateway's window).
MAX_CLOCK_SKEW = timedelta(minutes=15)


class ParsedAuthorization(NamedTuple):
    access_key: str
    signed_headers: tuple[str, ...]
    signature: str


#: ``(whole second, its X-Sdk-Date)``: "now" is formatted once per second, not once per request.
_now: tuple[int, str] = (-1, "")


def format_sdk_date(moment: datetime | None = None) -> str:
    """``X-Sdk-Date`` value for *moment* (default: now), in UTC."""
    global _now
    if moment is not None:
        return moment.astimezone(UTC).strftime(DATE_FORMAT)
    second = int(time.time())
    cached_second, text = _now
    if cached_second != second:
        text = time.strftime(DATE_FORMAT, time.gmtime(second))
        _now = (second, text)
    return text


def parse_sdk_date(value: str) -> datetime | None:
    """The instant an ``X-Sdk-Date`` value names, or None when it is malformed."""
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _encode(text: str) -> str:
    return quote(text, safe="~")


# The two caches below hold what a client recomputes for every request to the same resource;
# they are bounded, and keyed by the path and query exactly as sent.
@lru_cache(maxsize=1024)
def _canonical_uri(path: str) -> str:
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


@lru_cache(maxsize=1024)
def _canonical_query_string(query: str) -> str:
    return _canonical_query(parse_qsl(query, keep_blank_values=True))


def _canonical_query(query: Iterable[tuple[str, str]]) -> str:
    return "&".join([f"{_encode(key)}={_encode(value)}" for key, value in sorted(query)])


def signable_header_names(names: Iterable[str]) -> list[str]:
    """Lower-cased, sorted, de-duplicated names the official signer signs (none with ``_``)."""
    return signable_lowered_names({name.lower() for name in names})


def signable_lowered_names(names: Iterable[str]) -> list[str]:
    """:func:`signable_header_names` of names already lower-case and distinct (the client's
    hot path: no copy)."""
    return sorted([name for name in names if "_" not in name])


def canonical_request(
    method: str,
    path: str,
    query: str | Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed_headers: Iterable[str],
    body: bytes,
) -> str:
    """The canonical request string.

    *path* is the raw (percent-encoded) path; *query* the raw query string (parsed as a server
    does) or the decoded ``(key, value)`` pairs; *headers* may use any case, *signed_headers*
    are lower-case.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    return canonical_request_lowered(method, path, query, lowered, list(signed_headers), body)


def canonical_request_lowered(
    method: str,
    path: str,
    query: str | Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    body: bytes,
) -> str:
    """:func:`canonical_request` for *headers* whose names are already lower-case (the client
    builds them so, and saves a copy per signature)."""
    canonical_headers = "".join(
        [f"{name}:{headers.get(name, '').strip()}\n" for name in signed_headers]
    )
    body_hash = (
        (headers.get(_CONTENT_SHA256_KEY) or hashlib.sha256(body).hexdigest())
        if body
        else _EMPTY_SHA256
    )
    return "\n".join(
        (
            method.upper(),
            _canonical_uri(path),
            _canonical_query_string(query) if isinstance(query, str) else _canonical_query(query),
            canonical_headers,
            ";".join(signed_headers),
            body_hash,
        )
    )


class SigningKey:
    """A secret key made ready for HMAC-SHA256 once, not on every signature.

    OpenSSL 3 takes longer to set up an HMAC than to hash a whole request, so this keeps the
    keyed inner and outer SHA-256 states of RFC 2104 and copies them per message (what the
    standard library's pure-Python ``hmac`` does). The repr never shows the key.
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, secret_key: str) -> None:
        key = secret_key.encode("utf-8")
        if len(key) > _HMAC_BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_HMAC_BLOCK, b"\0")
        self._inner = hashlib.sha256(key.translate(_INNER_PAD))
        self._outer = hashlib.sha256(key.translate(_OUTER_PAD))

    def hexdigest(self, message: bytes) -> str:
        """``hmac.new(secret_key, message, hashlib.sha256).hexdigest()``."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def __repr__(self) -> str:
        return "SigningKey(***)"


def sign(secret_key: str | SigningKey, sdk_date: str, canonical: str) -> str:
    """Hex HMAC-SHA256 of the string to sign built from *canonical* and *sdk_date*."""
    key = secret_key if isinstance(secret_key, SigningKey) else SigningKey(secret_key)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return key.hexdigest(f"{ALGORITHM}\n{sdk_date}\n{digest}".encode())


def authorization_value(access_key: str, signed_headers: Iterable[str], signature: str) -> str:
    names = ";".join(signed_headers)
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={names}, Signature={signature}"


def parse_authorization(value: str) -> ParsedAuthorization | None:
    """Split an ``Authorization`` header of this scheme; None when it is not one."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme != ALGORITHM:
        return None
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, item = part.strip().partition("=")
        if not sep or key in fields:
            return None
        fields[key] = item
    if set(fields) != {"Access", "SignedHeaders", "Signature"}:
        return None
    if not fields["Access"] or not fields["Signature"] or not fields["SignedHeaders"]:
        return None
    return ParsedAuthorization(
        fields["Access"], tuple(fields["SignedHeaders"].split(";")), fields["Signature"]
    )


_NO_AUTHORIZATION = "No authorization request header."
_BAD_FORMAT = "Incorrect authorization request header format."
_CHECK_FAILED = "Failed to check the authorization request header."


class SignatureError(Exception):
    """Why a signature is refused: the ModelArts *error_code* (``ModelArts.0205``, ``0206`` or
    ``0208``, all HTTP 401) and *message*; neither ever holds a secret or the signature."""

    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.message = message


def verify(
    authorization: str,
    *,
    method: str,
    raw_path: str,
    query_string: str,
    headers: Mapping[str, str],
    body: bytes,
    secret_of: Callable[[str], str | SigningKey | None],
    now: datetime | None = None,
) -> str:
    """The access key of a request whose signature verifies, else :class:`SignatureError`.

    *headers* has lower-case names, as received; *secret_of* gives the secret key of an access
    key (None: unknown). ``Host`` and ``X-Sdk-Date`` must be signed, and the date must be within
    :data:`MAX_CLOCK_SKEW` of *now* (default: the clock).
    """
    if not authorization.strip():
        raise SignatureError("ModelArts.0205", _NO_AUTHORIZATION)
    parsed = parse_authorization(authorization)
    if parsed is None:
        raise SignatureError("ModelArts.0206", _BAD_FORMAT)
    secret_key = secret_of(parsed.access_key)
    if secret_key is None:
        raise SignatureError("ModelArts.0208", f"{_CHECK_FAILED} Unknown access key.")
    sdk_date = headers.get(DATE_HEADER.lower(), "")
    moment = parse_sdk_date(sdk_date)
    if moment is None:
        message = f"{_CHECK_FAILED} X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ."
        raise SignatureError("ModelArts.0208", message)
    if abs((now or datetime.now(UTC)) - moment) > MAX_CLOCK_SKEW:
        message = f"{_CHECK_FAILED} X-Sdk-Date is more than 15 minutes away from the server time."
        raise SignatureError("ModelArts.0208", message)
    signed = parsed.signed_headers
    if "host" not in signed or "x-sdk-date" not in signed:
        message = f"{_CHECK_FAILED} Host and X-Sdk-Date must be signed."
        raise SignatureError("ModelArts.0208", message)
    canonical = canonical_request_lowered(method, raw_path, query_string, headers, signed, body)
    expected = sign(secret_key, sdk_date, canonical)
    received = parsed.signature.encode("utf-8", "replace")  # compare_digest: ASCII str or bytes
    if not hmac.compare_digest(expected.encode("ascii"), received):
        raise SignatureError("ModelArts.0208", f"{_CHECK_FAILED} The signature does not match.")
    return parsed.access_key
