"""How an AK/SK auth shows its access key (survivors of `make mutation` in ``_auth``): a short key
never appears at all, a longer one only by its first four characters."""

from __future__ import annotations

import httpx
import pytest

from modelarts_vizjobs import _signing
from modelarts_vizjobs._auth import AkSkAuth


@pytest.mark.parametrize(
    ("access_key", "shown"),
    [
        ("AK", "'***'"),
        ("AKEXAMP8", "'***'"),  # 8 characters: half of it would show
        ("AKEXAMPL9", "'AKEX***'"),
        ("AKLONGACCESSKEY", "'AKLO***'"),
    ],
)
def test_the_repr_shows_at_most_the_first_four_characters_of_a_long_access_key(
    access_key: str, shown: str
) -> None:
    expected = f"AkSkAuth(access_key={shown}, secret_key=***)"
    assert repr(AkSkAuth(access_key, "SK-secret")) == expected


def _verified_key(request: httpx.Request) -> str:
    """The access key the stub's verifier finds in a signed *request* (as the server reads it:
    lower-case names, repeated ones joined)."""
    path, _, query = request.url.raw_path.decode("ascii").partition("?")
    return _signing.verify(
        request.headers["authorization"],
        method=request.method,
        raw_path=path,
        query_string=query,
        headers=dict(request.headers.items()),
        body=request.content,
        secret_of={"AK-test-1": "SK-secret"}.get,
    )


def test_a_host_header_given_by_the_caller_is_kept_and_signed() -> None:
    request = httpx.Request("GET", "https://modelarts.test/v1/p", headers={"Host": "api.example"})
    AkSkAuth("AK-test-1", "SK-secret").sign(request)
    assert request.headers["host"] == "api.example"
    assert _verified_key(request) == "AK-test-1"


@pytest.mark.parametrize(
    "headers",
    [[(b"X-Tag", b"a"), (b"X-Tag", b"b")], [(b"X-Note", "caf\u00e9".encode())]],
    ids=["repeated-name", "non-ascii-value"],
)
def test_repeated_or_non_ascii_headers_are_signed_as_the_server_reads_them(
    headers: list[tuple[bytes, bytes]],
) -> None:
    request = httpx.Request("GET", "https://modelarts.test/v1/p", headers=headers)
    AkSkAuth("AK-test-1", "SK-secret").sign(request)
    assert _verified_key(request) == "AK-test-1"


def test_an_empty_host_header_is_replaced_by_the_urls_host_and_signed() -> None:
    request = httpx.Request("GET", "https://modelarts.test:8443/v1/p", headers={"Host": ""})
    AkSkAuth("AK-test-1", "SK-secret").sign(request)
    assert request.headers.get_list("host") == ["modelarts.test:8443"]
    assert _verified_key(request) == "AK-test-1"


def test_the_security_token_of_temporary_credentials_is_signed() -> None:
    request = httpx.Request("GET", "https://modelarts.test/v1/p")
    AkSkAuth("AK-test-1", "SK-secret", project_id="p-1", security_token="sts-1").sign(request)
    assert (request.headers["x-security-token"], request.headers["x-project-id"]) == (
        "sts-1",
        "p-1",
    )
    signed = request.headers["authorization"].split("SignedHeaders=")[1].split(",")[0]
    assert {"x-security-token", "x-project-id", "host", "x-sdk-date"} <= set(signed.split(";"))
    assert _verified_key(request) == "AK-test-1"
