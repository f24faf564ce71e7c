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
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import quote, unquote

__all__ = [
    "ALGORITHM",
    "CONTENT_SHA256_HEADER",
    "DATE_FORMAT",
    "DATE_HEADER",
    "ParsedAuthorization",
    "authorization_value",
    "canonical_request",
    "format_sdk_date",
    "parse_authorization",
    "parse_sdk_date",
    "sign",
    "signable_header_names",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class ParsedAuthorization(NamedTuple):
    access_key: str
    signed_headers: tuple[str, ...]
    signature: str


def format_sdk_date(moment: datetime | None = None) -> str:
    """``X-Sdk-Date`` value for *moment* (default: now), in UTC."""
    moment = datetime.now(UTC) if moment is None else moment.astimezone(UTC)
    return moment.strftime(DATE_FORMAT)


def parse_sdk_date(value: str) -> datetime | None:
    """The instant an ``X-Sdk-Date`` value names, or None when it is malformed."""
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _encode(text: str) -> str:
    return quote(text, safe="~")


def _canonical_uri(path: str) -> str:
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def _canonical_query(query: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in sorted(query))


def signable_header_names(names: Iterable[str]) -> list[str]:
    """Lower-cased, sorted, de-duplicated names the official signer signs (none with ``_``)."""
    return sorted({name.lower() for name in names if "_" not in name})


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed_headers: Iterable[str],
    body: bytes,
) -> str:
    """The canonical request string; *headers* may use any case, *signed_headers* are lower-case."""
    lowered = {name.lower(): str(value).strip() for name, value in headers.items()}
    signed = list(signed_headers)
    canonical_headers = "".join(f"{name}:{lowered.get(name, '')}\n" for name in signed)
    body_hash = (
        (lowered.get(CONTENT_SHA256_HEADER.lower()) or hashlib.sha256(body).hexdigest())
        if body
        else _EMPTY_SHA256
    )
    return "\n".join(
        (
            method.upper(),
            _canonical_uri(path),
            _canonical_query(query),
            canonical_headers,
            ";".join(signed),
            body_hash,
        )
    )


def sign(secret_key: str, sdk_date: str, canonical: str) -> str:
    """Hex HMAC-SHA256 of the string to sign built from *canonical* and *sdk_date*."""
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    string_to_sign = f"{ALGORITHM}\n{sdk_date}\n{digest}"
    return hmac.new(
        secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()


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
