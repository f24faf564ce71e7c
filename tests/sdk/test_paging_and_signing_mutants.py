"""What a user reads when a listing contradicts itself, and the signing key's repr (survivors of
`make mutation` in ``_pagination`` and ``_signing``)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from modelarts_vizjobs import AkSkAuth, APIResponseValidationError
from modelarts_vizjobs._signing import (
    SignatureError,
    SigningKey,
    canonical_request,
    format_sdk_date,
    parse_authorization,
    verify,
)
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.sdk._helpers import mock_client


def test_a_page_repeating_earlier_jobs_ends_the_listing_with_what_went_wrong() -> None:
    def repeating(request: httpx.Request) -> httpx.Response:
        jobs = [{"job_id": 1, "status": 8}, {"job_id": 2, "status": 8}]
        return httpx.Response(200, json={"is_success": True, "job_total_count": 9, "jobs": jobs})

    with mock_client(repeating) as client, pytest.raises(APIResponseValidationError) as caught:
        list(client.jobs.list(page_size=2))
    error = caught.value
    assert str(error).endswith(", page 2 repeats job ids already listed")
    # The page itself was valid JSON: the error is about the listing, not one answer's bytes.
    assert (error.status_code, error.body) == (200, b"")


def test_a_signing_key_shows_no_key() -> None:
    assert repr(SigningKey("secret-key-value")) == "SigningKey(***)"


def test_an_access_key_with_an_equals_sign_is_an_unknown_key_not_a_bad_format(
    modelarts_stub: StubHandle,
) -> None:
    """Each ``name=value`` of the signature header splits at its first ``=``."""
    header = "SDK-HMAC-SHA256 Access=AK=x, SignedHeaders=host;x-sdk-date, Signature=00ff"
    answer = httpx.get(
        f"{modelarts_stub.base_url}/v1/{modelarts_stub.project_id}/visualization-jobs",
        headers={"Authorization": header, "X-Sdk-Date": "20261205T000000Z"},
    )
    assert (answer.status_code, answer.json()["error_code"]) == (401, "ModelArts.0208")


def test_a_signed_header_that_is_not_sent_is_canonicalised_with_an_empty_value() -> None:
    """A request that names in ``SignedHeaders`` a header it does not carry: the canonical
    request has the name with an empty value (written out here, not computed by the signer
    under test)."""
    canonical = canonical_request(
        "get", "/v1/p/visualization-jobs", "", {"Host": "h.example"}, ["host", "x-absent"], b""
    )
    assert canonical.split("\n") == [
        "GET",
        "/v1/p/visualization-jobs/",
        "",
        "host:h.example",
        "x-absent:",
        "",
        "host;x-absent",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ]


def _signed_delete(clock: datetime) -> tuple[str, dict[str, str]]:
    """A DELETE signed by the client's signer at *clock*: its Authorization and its headers."""
    signer = AkSkAuth("AK-VERIFY", "sk-verify", clock=lambda: clock)
    request = httpx.Request("DELETE", "https://h.example/v1/p/visualization-jobs/1")
    signer.sign(request)
    headers = {name.lower(): value for name, value in request.headers.items()}
    return headers.pop("authorization"), headers


def _verify(authorization: str, headers: dict[str, str], now: datetime, **keys: str) -> str:
    return verify(
        authorization,
        method="DELETE",
        raw_path="/v1/p/visualization-jobs/1",
        query_string="",
        headers=headers,
        body=b"",
        secret_of=lambda access_key: (keys or {"AK-VERIFY": "sk-verify"}).get(access_key),
        now=now,
    )


def test_a_signature_exactly_fifteen_minutes_old_is_still_accepted() -> None:
    signed_at = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)
    authorization, headers = _signed_delete(signed_at)
    assert _verify(authorization, headers, signed_at + timedelta(minutes=15)) == "AK-VERIFY"
    with pytest.raises(SignatureError, match="more than 15 minutes"):
        _verify(authorization, headers, signed_at + timedelta(minutes=15, seconds=1))


def test_why_a_signature_is_refused_is_said() -> None:
    now = datetime(2026, 12, 5, 12, 0, 0, tzinfo=UTC)
    authorization, headers = _signed_delete(now)
    with pytest.raises(SignatureError) as unknown:
        _verify(authorization, headers, now, OTHER="sk-other")
    forged = authorization.rpartition("Signature=")[0] + "Signature=" + "0" * 64
    with pytest.raises(SignatureError) as wrong:
        _verify(forged, headers, now)
    assert (unknown.value.error_code, str(unknown.value)) == (
        "ModelArts.0208",
        "Failed to check the authorization request header. Unknown access key.",
    )
    assert str(wrong.value) == (
        "Failed to check the authorization request header. The signature does not match."
    )


def test_an_authorization_naming_a_field_twice_is_not_one() -> None:
    twice = "SDK-HMAC-SHA256 Access=a, Access=b, SignedHeaders=host;x-sdk-date, Signature=00"
    assert parse_authorization(twice) is None


def test_headers_with_an_underscore_are_not_signed() -> None:
    """As the official signer: a name with ``_`` is left out of SignedHeaders."""
    signer = AkSkAuth("AK-VERIFY", "sk-verify")
    request = httpx.Request("GET", "https://h.example/v1/p", headers={"X_Trace": "1", "X-Ok": "2"})
    signer.sign(request)
    signed = request.headers["Authorization"].partition("SignedHeaders=")[2].partition(",")[0]
    assert signed == "host;x-ok;x-sdk-date"


def test_the_date_of_now_is_in_utc_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setattr(time, "time", lambda: 1_000_000_000.25)  # 2001-09-09 01:46:40 UTC
    time.tzset()
    try:
        text = format_sdk_date()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert text == "20010909T014640Z"  # not 09:46:40, Shanghai's


def test_a_slash_in_a_query_value_is_percent_encoded_in_the_canonical_request() -> None:
    canonical = canonical_request("GET", "/v1/p", "search_content=a/b~c", {"host": "h"}, [], b"")
    assert canonical.split("\n")[2] == "search_content=a%2Fb~c"
