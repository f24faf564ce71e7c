"""What the one ``Redactor`` masks (survivors of `make mutation` in ``_secrets``): secrets no live
client knows (a token seen by the proxy), header names in any case, JSON keys and values, the
cassette entry of an exchange, and what a closed client's redactor still masks in log lines."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from modelarts_vizjobs._secrets import (
    CREDENTIAL_HEADERS,
    LOG_MASK,
    REDACTED,
    SECRET_HEADERS,
    Redactor,
    redact_live,
)

TOKEN = "tok-0123456789abcdef"
SECRET_KEY = "sk-secret-value-42"
PROJECT = "0123456789abcdef0123456789abcdef"


def test_secret_values_are_masked_longest_first_and_short_ones_never() -> None:
    redact = Redactor(["abcd", "abcdefgh", "abc", None, ""])
    assert redact.text("key abcdefgh, prefix abcd, short abc") == (
        f"key {REDACTED}, prefix {REDACTED}, short abc"
    )
    # a secret inside a longer one (not at its start): the longer one goes whole first
    assert Redactor(["zzzz", "abzzzzcd"]).text("abzzzzcd zzzz") == f"{REDACTED} {REDACTED}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Signature=0a1B2c3D4e", f"Signature={REDACTED}"),
        ("X-Auth-Token: abc.def", f"X-Auth-Token: {REDACTED}"),
        ("x-auth-token=abc", f"x-auth-token={REDACTED}"),
        ("{'X-SECURITY-TOKEN': 'sts-1'}", f"{{'X-SECURITY-TOKEN': '{REDACTED}'}}"),
        ('"X-Subject-Token":"t-9", next', f'"X-Subject-Token":"{REDACTED}", next'),
    ],
)
def test_signatures_and_token_headers_are_masked_whoever_knows_them(
    text: str, expected: str
) -> None:
    """No secret is given: the patterns alone catch them, in any case of the header name."""
    assert Redactor().text(text) == expected
    assert Redactor()(text) == expected


def test_the_project_id_becomes_a_placeholder_only_when_asked() -> None:
    assert Redactor(project_id=PROJECT).text(f"/v1/{PROJECT}/jobs") == "/v1/{project_id}/jobs"
    assert Redactor(project_id="").text(f"/v1/{PROJECT}/jobs") == f"/v1/{PROJECT}/jobs"


def test_secret_headers_are_masked_whole_in_any_case_and_names_lowered() -> None:
    redact = Redactor([TOKEN], mask=LOG_MASK)
    headers = {
        "X-AUTH-TOKEN": "anything",
        "Cookie": "a=b",
        "Set-Cookie": "c=d",
        "Proxy-Authorization": "Basic x",
        "Authorization": "SDK-HMAC-SHA256 Access=AK, Signature=ff",
        "X-Trace": f"carries {TOKEN}",
        "Accept": "application/json",
    }
    assert redact.headers(headers) == {
        "x-auth-token": LOG_MASK,
        "cookie": LOG_MASK,
        "set-cookie": LOG_MASK,
        "proxy-authorization": LOG_MASK,
        "authorization": LOG_MASK,
        "x-trace": f"carries {LOG_MASK}",
        "accept": "application/json",
    }
    assert redact.headers([("X-Security-Token", "sts")]) == {"x-security-token": LOG_MASK}


def test_the_credential_headers_are_the_secret_ones_but_the_signature() -> None:
    assert "authorization" in SECRET_HEADERS and "authorization" not in CREDENTIAL_HEADERS
    assert {"x-auth-token", "x-security-token", "cookie"} <= CREDENTIAL_HEADERS


def test_a_json_body_is_scrubbed_in_keys_values_and_nested_lists() -> None:
    redact = Redactor([TOKEN])
    body = b'{"token": "%s", "%s": [1, true, null, "x %s"]}' % ((TOKEN.encode(),) * 3)
    assert redact.body(body) == {"token": REDACTED, REDACTED: [1, True, None, f"x {REDACTED}"]}


def test_a_body_that_is_not_json_is_scrubbed_text_and_an_empty_one_none() -> None:
    redact = Redactor([TOKEN])
    assert redact.body(b"token=" + TOKEN.encode() + b" \xff") == f"token={REDACTED} \ufffd"
    assert redact.body(b"") is None
    assert redact.body(b"null") == "null"  # JSON null: kept as the text it is


def test_a_token_seen_in_passing_is_masked_from_then_on() -> None:
    """The proxy's case: a secret that no live client knows."""
    redact = Redactor([SECRET_KEY])
    assert redact.text(TOKEN) == TOKEN
    redact.add_secret(TOKEN)
    redact.add_secret(TOKEN)
    redact.add_secret("")
    assert redact.text(f"{TOKEN} {SECRET_KEY}") == f"{REDACTED} {REDACTED}"
    assert repr(redact) == "Redactor(2 secrets)"


@dataclass
class _Exchange:
    operation: str = "get"
    method: str = "GET"
    path: str = f"/v1/{PROJECT}/visualization-jobs/10"
    query: list[tuple[str, str]] = field(default_factory=lambda: [("search_content", TOKEN)])
    request_headers: dict[str, str] = field(default_factory=lambda: {"X-Auth-Token": TOKEN})
    request_body: bytes = b'{"job_desc": "%s"}' % TOKEN.encode()
    status: int | None = 200
    response_headers: dict[str, str] = field(default_factory=lambda: {"X-Request-Id": "r-1"})
    response_body: bytes = b'{"job_id": 10, "note": "%s"}' % TOKEN.encode()
    elapsed_ms: float = 12.34567


def test_a_cassette_entry_keeps_the_exchange_and_none_of_its_secrets() -> None:
    entry = Redactor([TOKEN], project_id=PROJECT).interaction(_Exchange())
    assert entry == {
        "operation": "get",
        "elapsed_ms": 12.346,
        "request": {
            "method": "GET",
            "path": "/v1/{project_id}/visualization-jobs/10",
            "query": [["search_content", REDACTED]],
            "headers": {"x-auth-token": REDACTED},
            "body": {"job_desc": REDACTED},
        },
        "response": {
            "status": 200,
            "headers": {"x-request-id": "r-1"},
            "body": {"job_id": 10, "note": REDACTED},
        },
    }


def test_log_lines_mask_the_secrets_of_live_redactors_until_they_close() -> None:
    live = Redactor([TOKEN], live=True, mask=REDACTED)
    other = Redactor([SECRET_KEY])  # a recording's redactor: not the logging filter's business
    line = f"sent {TOKEN} with {SECRET_KEY}, Signature=abc123"
    assert redact_live(line) == f"sent {LOG_MASK} with {SECRET_KEY}, Signature={LOG_MASK}"
    live.close()
    assert redact_live(line) == f"sent {TOKEN} with {SECRET_KEY}, Signature={LOG_MASK}"
    assert live.text(TOKEN) == TOKEN and repr(live) == "Redactor(0 secrets)"
    assert other.text(SECRET_KEY) == REDACTED
