"""Hypothesis strategies shared by the whole suite (one module, as in attrs' tests).

Add new strategies by appending; keep each one documented by why it exists.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Path values that change a URL's structure or trip naive encoders. Plain ``st.text()`` almost
#: never draws ``.`` or ``..`` (measured: 0 in 1,600 examples), so they must be listed.
HOSTILE_PATH_VALUES = (
    "",
    ".",
    "..",
    "/",
    "a/b",
    "../../x",
    "%2F",
    "%2e%2e",
    "?",
    "#",
    "\n",
    "\\",
    ";",
    " ",
    "é/ü",
    "\u202e",
    "x?y=1#z",
    "a" * 4096,
)


def path_values() -> st.SearchStrategy[str]:
    """Any string, with the hostile set drawn often."""
    return st.one_of(st.sampled_from(HOSTILE_PATH_VALUES), st.text(), st.text(min_size=4000))


#: Field names of the API's answers: malformed bodies reuse them so a parser gets past "unknown
#: document" checks and meets wrong types where it expects real ones.
ANSWER_FIELDS = (
    "is_success",
    "job_id",
    "job_name",
    "job_desc",
    "status",
    "create_time",
    "duration",
    "service_url",
    "train_url",
    "resource_id",
    "remaining_duration",
    "schedule",
    "jobs",
    "job_total_count",
    "job_count_limit",
    "quotas",
    "error_code",
    "error_message",
    "error_msg",
)


def json_values() -> st.SearchStrategy[object]:
    """Any JSON value, small: the wrong-type material for answer fields."""
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(ANSWER_FIELDS) | st.text(max_size=5), inner, max_size=4
            )
        ),
        max_leaves=8,
    )


def malformed_bodies() -> st.SearchStrategy[bytes]:
    """Bodies a broken server, proxy or gateway sends: bytes, HTML, truncated or mistyped JSON."""
    import json

    documents = st.dictionaries(st.sampled_from(ANSWER_FIELDS), json_values(), max_size=8)
    encoded = documents.map(lambda document: json.dumps(document).encode())
    truncated = st.tuples(encoded, st.integers(min_value=0)).map(
        lambda pair: pair[0][: pair[1] % max(len(pair[0]), 1)]
    )
    return st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            (
                b"",
                b"<html><body><h1>502 Bad Gateway</h1></body></html>",
                b"<!DOCTYPE html><title>Service Unavailable</title>",
                b"null",
                b"[]",
                b'"is_success"',
                b"{}",
                b'{"is_success": true}',
                b'{"is_success": false}',
                b"\xff\xfe{\x00",
            )
        ),
        encoded,
        truncated,
        json_values().map(lambda value: json.dumps(value).encode()),
    )


def malformed_answers() -> st.SearchStrategy[tuple[int, dict[str, str], bytes]]:
    """(status 100-599, headers, body): any answer the SDK must survive with a documented error."""
    content_types = st.sampled_from(
        ({"content-type": "application/json"}, {"content-type": "text/html"}, {})
    )
    retry_after = st.sampled_from(({}, {"retry-after": "0"}, {"retry-after": "soon"}))
    headers = st.tuples(content_types, retry_after).map(lambda pair: {**pair[0], **pair[1]})
    return st.tuples(st.integers(min_value=100, max_value=599), headers, malformed_bodies())


#: Headers the SDK's AK/SK auth sets itself or leaves to the transport: never drawn as extras.
_SIGNING_RESERVED_HEADERS = frozenset(
    {
        "authorization",
        "host",
        "x-sdk-date",
        "x-project-id",
        "x-security-token",
        "x-sdk-content-sha256",
        "content-length",
        "connection",
        "transfer-encoding",
        "accept-encoding",
        "content-type",
    }
)


def signing_requests() -> st.SearchStrategy[dict[str, object]]:
    """Requests to sign twice (SDK ``AkSkAuth`` and Huawei's official ``Signer``): any method,
    percent-encoded path segments (``/``, ``%``, unicode, dots), repeated and empty query keys,
    extra headers (distinct lower-case names, some with ``_`` which is never signed, printable
    ASCII values with stray spaces), JSON or other content types, and any body."""
    from urllib.parse import quote

    segment = st.text(max_size=12).map(lambda text: quote(text, safe=""))
    header_name = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True).filter(
        lambda name: name not in _SIGNING_RESERVED_HEADERS
    )
    header_value = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=24)
    return st.fixed_dictionaries(
        {
            "method": st.sampled_from(("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")),
            "path": st.lists(segment, min_size=1, max_size=5).map(
                lambda parts: "/" + "/".join(parts)
            ),
            "query": st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=5),
            "headers": st.dictionaries(header_name, header_value, max_size=5),
            "content_type": st.sampled_from(
                (None, "application/json", "application/json;charset=UTF-8", "text/plain")
            ),
            "body": st.binary(max_size=64),
        }
    )


#: The create page's job_name rule: 1-20 digits, letters, underscores and hyphens.
_JOB_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def job_names() -> st.SearchStrategy[str]:
    """Names the create page allows (modelarts_03_0064)."""
    return st.text(alphabet=_JOB_NAME_CHARS, min_size=1, max_size=20)


def invalid_job_names() -> st.SearchStrategy[str]:
    """Names the create page forbids: empty, too long, or with one character outside the rule."""
    outside = st.characters(codec="utf-8").filter(lambda char: char not in _JOB_NAME_CHARS)
    with_bad_char = st.tuples(
        st.text(alphabet=_JOB_NAME_CHARS, max_size=9), outside, st.text(_JOB_NAME_CHARS, max_size=9)
    ).map("".join)
    too_long = st.text(alphabet=_JOB_NAME_CHARS, min_size=21, max_size=40)
    return st.one_of(st.just(""), too_long, with_bad_char)


def job_descriptions() -> st.SearchStrategy[str]:
    """Descriptions within the 0-256 characters the create and update pages allow."""
    return st.text(st.characters(codec="utf-8"), max_size=256)


def raw_header_lists() -> st.SearchStrategy[list[tuple[bytes, bytes]]]:
    """Header lists as httpx stores them, for the signer's helpers that use httpx's list
    directly: names from a small pool in any case (so repeated names and clashes with the headers
    the signer sets are frequent), values mostly printable ASCII, sometimes any bytes (which
    forces httpx's decoding fallback)."""
    pool = ("Host", "Content-Type", "X-Sdk-Date", "Authorization", "X-Project-Id", "X-Extra")
    name = st.sampled_from(pool).flatmap(
        lambda base: st.sampled_from((base, base.lower(), base.upper()))
    )
    ascii_value = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
    value = st.one_of(ascii_value.map(str.encode), st.binary(max_size=6))
    return st.lists(st.tuples(name.map(str.encode), value), max_size=6)


def header_updates() -> st.SearchStrategy[dict[str, str]]:
    """Headers to set (name -> ASCII value), names in any case from :func:`raw_header_lists`'s
    pool, distinct regardless of case, as the signer sets them."""
    pool = ("Host", "Content-Type", "X-Sdk-Date", "Authorization", "X-Project-Id", "X-Extra")
    value = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
    return st.dictionaries(st.sampled_from(pool), value, max_size=4)


def hmac_keys() -> st.SearchStrategy[str]:
    """Secret keys for HMAC: short ones, and ones over SHA-256's 64-byte block (hashed first)."""
    return st.one_of(st.text(max_size=20), st.text(min_size=65, max_size=120))
