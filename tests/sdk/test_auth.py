"""``_auth``: AK/SK signing proven against Huawei's official signer, token auth, hidden secrets."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import httpx
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import AkSkAuth, TokenAuth
from modelarts_vizjobs._auth import _read_headers, _with_headers
from modelarts_vizjobs._signing import SigningKey
from tests.strategies import header_updates, hmac_keys, raw_header_lists, signing_requests

FIXED = datetime(2025, 1, 1, tzinfo=UTC)
HOST = "modelarts.cn-north-4.myhuaweicloud.com"


def _signed(auth: httpx.Auth, request: httpx.Request) -> httpx.Request:
    flow = auth.sync_auth_flow(request)
    return next(flow)


def test_golden_vector_of_the_official_signer() -> None:
    # anchors.md §1.2, measured with huaweicloudsdkcore's Signer
    auth = AkSkAuth("AKEXAMPLE", "SKEXAMPLE", project_id="0123456789abcdef", clock=lambda: FIXED)
    request = httpx.Request(
        "DELETE",
        f"https://{HOST}/v1/0123456789abcdef/visualization-jobs/10",
        headers={"Content-Type": "application/json"},
    )
    signed = _signed(auth, request)
    assert signed.headers["X-Sdk-Date"] == "20250101T000000Z"
    assert signed.headers["Authorization"] == (
        "SDK-HMAC-SHA256 Access=AKEXAMPLE, "
        "SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
        "Signature=aa55ddb94fb09552470a7590eb163bdacf8b32a5fce12f326afcd13719be93cc"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=signing_requests())
def test_authorization_equals_the_official_signers(case: dict[str, object]) -> None:
    headers = dict(case["headers"])  # type: ignore[call-overload]
    if case["content_type"] is not None:
        headers["Content-Type"] = case["content_type"]  # the official signer's spelling
    request = httpx.Request(
        str(case["method"]),
        httpx.URL(f"https://{HOST}{case['path']}", params=case["query"]),  # type: ignore[arg-type]
        headers=headers,
        content=case["body"],  # type: ignore[arg-type]
    )
    auth = AkSkAuth("AK-prop", "SK-prop", project_id="p-1", clock=lambda: FIXED)
    ours = _signed(auth, request).headers["Authorization"]

    official = SdkRequest(
        method=str(case["method"]),
        schema="https",
        host=HOST,
        resource_path=request.url.raw_path.split(b"?")[0].decode(),
        query_params=list(case["query"]),  # type: ignore[call-overload]
        header_params={
            **headers,
            "X-Project-Id": "p-1",
            "X-Sdk-Date": "20250101T000000Z",
            "Host": HOST,
        },
        body=case["body"],
    )
    Signer(BasicCredentials("AK-prop", "SK-prop")).sign(official)
    assert ours == official.header_params["Authorization"]


def test_every_signing_uses_the_clock_afresh() -> None:
    moments = iter([FIXED, datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC)])
    auth = AkSkAuth("AK", "SK", clock=lambda: next(moments))
    url = f"https://{HOST}/v1/p/visualization-jobs"
    first = _signed(auth, httpx.Request("GET", url))
    second = _signed(auth, httpx.Request("GET", url))
    assert first.headers["X-Sdk-Date"] != second.headers["X-Sdk-Date"]
    assert first.headers["Authorization"] != second.headers["Authorization"]


def test_signing_the_same_request_again_replaces_what_the_first_signing_set() -> None:
    # a retry may send the very same request object: one date, one signature, the new ones
    later = datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC)
    moments = iter([FIXED, later])
    auth = AkSkAuth("AK", "SK", project_id="p-1", clock=lambda: next(moments))
    url = f"https://{HOST}/v1/p-1/visualization-jobs/10"
    request = _signed(auth, _signed(auth, httpx.Request("DELETE", url)))
    fresh = _signed(
        AkSkAuth("AK", "SK", project_id="p-1", clock=lambda: later), httpx.Request("DELETE", url)
    )
    for name in ("X-Sdk-Date", "X-Project-Id", "Authorization", "Host"):
        assert request.headers.get_list(name) == fresh.headers.get_list(name)
    assert len(request.headers.raw) == len(fresh.headers.raw)


@settings(max_examples=100, deadline=None)
@given(key=hmac_keys(), message=st.binary(max_size=200))
def test_signing_key_is_hmac_sha256(key: str, message: bytes) -> None:
    expected = hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
    assert SigningKey(key).hexdigest(message) == expected


@settings(max_examples=150, deadline=None)
@given(raw=raw_header_lists(), values=header_updates())
def test_header_helpers_agree_with_httpx(
    raw: list[tuple[bytes, bytes]], values: dict[str, str]
) -> None:
    """The signer's one read and one write of the headers give what httpx's own accessors
    give (public API on both sides: ``raw``, ``items()``, item assignment)."""
    theirs = httpx.Headers(raw)
    read = _read_headers(theirs.raw)
    assert read is None or read == dict(theirs.items())
    clash = any(name.lower() in theirs for name in values)
    ours = _with_headers(theirs.raw, values, replace=clash)
    for name, value in values.items():
        theirs[name] = value
    assert sorted(ours.raw) == sorted(theirs.raw)
    # ``theirs`` keeps the text encoding httpx guessed before the assignments: compare fresh
    assert dict(ours.items()) == dict(httpx.Headers(theirs.raw).items())


def test_temporary_credentials_send_and_sign_the_security_token() -> None:
    auth = AkSkAuth("AK", "SK", security_token="sts-token-value", clock=lambda: FIXED)
    signed = _signed(auth, httpx.Request("GET", f"https://{HOST}/v1/p/visualization-jobs"))
    assert signed.headers["X-Security-Token"] == "sts-token-value"
    assert "x-security-token" in signed.headers["Authorization"]


def test_token_auth_sends_x_auth_token_and_no_authorization() -> None:
    signed = _signed(TokenAuth("iam-token-value"), httpx.Request("GET", f"https://{HOST}/v1"))
    assert signed.headers["X-Auth-Token"] == "iam-token-value"
    assert "Authorization" not in signed.headers


def test_reprs_hide_secrets() -> None:
    texts = repr(AkSkAuth("AKLONGACCESSKEY", "very-secret-key", security_token="sts-secret"))
    texts += repr(TokenAuth("iam-token-secret")) + repr(SigningKey("very-secret-key"))
    for secret in ("very-secret-key", "sts-secret", "iam-token-secret", "AKLONGACCESSKEY"):
        assert secret not in texts
