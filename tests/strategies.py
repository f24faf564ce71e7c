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


# --- Hostile answers and arguments (issue 10) ----------------------------------------------


class RawJSON(str):
    """JSON text put into a document as it is: literals ``json.dumps`` cannot write (a
    6,000-digit number, ``1e99999``, ``NaN``) and nesting too deep to build as Python objects."""


def dump_json(value: object) -> str:
    """``json.dumps`` that writes :class:`RawJSON` verbatim (shallow documents only)."""
    import json

    if isinstance(value, RawJSON):
        return str(value)
    if isinstance(value, dict):
        items = (f"{json.dumps(key)}: {dump_json(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dump_json(item) for item in value) + "]"
    return json.dumps(value)


def deep_nesting() -> st.SearchStrategy[RawJSON]:
    """Arrays or objects nested up to 5,000 deep (Python's parser recursed into RecursionError
    at about 1,000), around a scalar; sometimes left unclosed."""

    def build(depth: int, kind: str, closed: bool, inner: str) -> RawJSON:
        opener, closer = ("[", "]") if kind == "array" else ('{"jobs": ', "}")
        return RawJSON(opener * depth + inner + (closer * depth if closed else ""))

    return st.builds(
        build,
        st.integers(min_value=0, max_value=5000),
        st.sampled_from(("array", "object")),
        st.booleans(),
        st.sampled_from(("1", '"x"', "null", "[]", "{}")),
    )


def huge_numbers() -> st.SearchStrategy[RawJSON]:
    """Number literals past every sane bound: thousands of digits (Python refuses to convert
    4,301+), huge exponents, NaN and the infinities (Python accepts them, JSON does not)."""
    digits = st.integers(min_value=19, max_value=6000).map(lambda n: RawJSON("9" * n))
    exponents = st.integers(min_value=300, max_value=10**30).map(lambda n: RawJSON(f"1e{n}"))
    negative = st.integers(min_value=300, max_value=10**30).map(lambda n: RawJSON(f"-1.5E-{n}"))
    non_finite = st.sampled_from((RawJSON("NaN"), RawJSON("Infinity"), RawJSON("-Infinity")))
    return st.one_of(digits, exponents, negative, non_finite)


def numeric_strings() -> st.SearchStrategy[str]:
    """Numeric strings, most longer than any id or time (4,301+ digits broke ``int()``)."""
    return st.integers(min_value=1, max_value=6000).map(lambda n: "1" * n)


def hostile_values() -> st.SearchStrategy[object]:
    """Anything a field can hold: every JSON type, deep nesting, huge numbers, long numeric
    strings."""
    return st.one_of(json_values(), deep_nesting(), huge_numbers(), numeric_strings())


def _valid_job() -> dict[str, object]:
    return {
        "job_id": 10,
        "job_name": "tb",
        "status": 8,
        "create_time": 1_700_000_000_000,
        "duration": 60_000,
        "job_desc": "",
        "service_url": "https://example.invalid/tb",
        "train_url": "/bucket/logs/",
        "resource_id": "r-1",
        "schedule": [{"type": "stop", "timeUnit": "HOURS", "duration": 2}],
        "remaining_duration": 7,
    }


def _success_documents() -> dict[str, object]:
    """One valid 200 body with every field any operation's answer has (list, details, create,
    acknowledgement), so that one mutation can reach every parser."""
    return {
        "is_success": True,
        "job_total_count": 1,
        "jobs": [_valid_job()],
        **_valid_job(),
    }


def hostile_documents() -> st.SearchStrategy[bytes]:
    """JSON answers of a broken or hostile server: a valid success body whose fields (top level
    and in a listed job) are replaced by any value or dropped, plus unknown fields; or an error
    body likewise mutated; or a bare hostile value."""
    fields = sorted(_success_documents())
    job_fields = sorted(_valid_job())

    def mutate(
        base: dict[str, object],
        top: dict[str, object],
        dropped: list[str],
        in_job: dict[str, object],
        unknown: dict[str, object],
    ) -> bytes:
        document = {key: value for key, value in base.items() if key not in dropped}
        if isinstance(document.get("jobs"), list) and in_job:
            document["jobs"] = [{**_valid_job(), **in_job}]
        document.update(top)
        document.update(unknown)
        return dump_json(document).encode()

    error_body = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "gone"}
    mutated = st.builds(
        mutate,
        st.sampled_from((_success_documents(), error_body)),
        st.dictionaries(st.sampled_from(fields), hostile_values(), max_size=3),
        st.lists(st.sampled_from(fields), max_size=3),
        st.dictionaries(st.sampled_from(job_fields), hostile_values(), max_size=2),
        st.dictionaries(st.text(max_size=8), hostile_values(), max_size=2),
    )
    bare = hostile_values().map(lambda value: dump_json(value).encode())
    return st.one_of(mutated, bare)


def answer_bodies() -> st.SearchStrategy[bytes]:
    """Any body: hostile JSON, malformed bodies, arbitrary bytes."""
    return st.one_of(hostile_documents(), malformed_bodies(), st.binary(max_size=200))


#: One status of every class, the documented ones, and non-standard ones (499, 520, 599).
ANSWER_STATUSES = (100, 200, 201, 204, 206, 301, 304, 400, 401, 403, 404, 408, 409, 413, 429)
ANSWER_STATUSES += (431, 499, 500, 502, 503, 504, 520, 599)


def retry_after_values() -> st.SearchStrategy[str]:
    """``Retry-After`` values: numbers of any size and sign, HTTP dates with absurd years, days,
    times and zones (a year of 20 digits raised OverflowError), and any text."""
    day = st.integers(min_value=0, max_value=99)
    year = st.one_of(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0))
    clock = st.tuples(*(st.integers(min_value=0, max_value=10**20),) * 3)
    zone = st.one_of(st.sampled_from(("GMT", "UTC", "+0000", "-2359", "EST")), st.integers())
    date = st.builds(
        lambda d, y, c, z: f"Sun, {d:02d} Nov {y} {c[0]:02d}:{c[1]:02d}:{c[2]:02d} {z}",
        day,
        year,
        clock,
        zone,
    )
    numbers = st.one_of(st.integers().map(str), st.floats().map(repr), huge_numbers().map(str))
    printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
    return st.one_of(date, numbers, printable)


def answer_headers() -> st.SearchStrategy[dict[str, str]]:
    """Headers of a hostile answer: content types, request ids, ``Retry-After`` of any kind."""
    return st.fixed_dictionaries(
        {},
        optional={
            "content-type": st.sampled_from(("application/json", "text/html", "text/plain")),
            "x-request-id": st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E)),
            "retry-after": retry_after_values(),
        },
    )


def hostile_objects() -> st.SearchStrategy[object]:
    """Arbitrary Python objects as ids and project ids: None, bools, bytes, floats (NaN too),
    containers, huge and negative ints (``str(10**5000)`` raises ValueError), hostile text."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.binary(max_size=8),
        st.floats(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
        st.integers(),
        st.integers(min_value=1, max_value=6000).map(lambda n: 10**n),
        st.integers(min_value=1, max_value=6000).map(lambda n: -(10**n)),
        path_values(),
        st.text(st.characters(codec="utf-8") | st.sampled_from("\ud800\udfff"), max_size=70),
        st.just(object()),
        st.just(1j),
        st.just(float("inf")),
    )


_HTML_PAGES = (
    b"<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
    b"<!DOCTYPE html><title>503 Service Unavailable</title>",
    b"Not Found",
    b"",
)


def error_statuses() -> st.SearchStrategy[int]:
    """Any 3xx, 4xx or 5xx, standard or not (499, 520, 599), the documented ones first."""
    documented = st.sampled_from((301, 400, 401, 403, 404, 409, 429, 499, 500, 502, 503, 520))
    return st.one_of(documented, st.integers(min_value=300, max_value=599))


def error_answer_bodies() -> st.SearchStrategy[bytes]:
    """What an error status may come with: a gateway's HTML or text page, nothing, or any body
    of ``answer_bodies``; never a ``ModelArts.0105`` (which picks its own class)."""
    bodies = st.one_of(st.sampled_from(_HTML_PAGES), answer_bodies())
    return bodies.filter(lambda body: b"0105" not in body)
