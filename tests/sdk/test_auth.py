"""``_auth``: AK/SK signing proven against Huawei's official signer, token auth, hidden secrets."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import HealthCheck, given, settings

from modelarts_vizjobs import AkSkAuth, TokenAuth
from tests.strategies import signing_requests

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
    texts += repr(TokenAuth("iam-token-secret"))
    for secret in ("very-secret-key", "sts-secret", "iam-token-secret", "AKLONGACCESSKEY"):
        assert secret not in texts
