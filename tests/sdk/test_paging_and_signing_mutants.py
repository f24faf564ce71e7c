"""What a user reads when a listing contradicts itself, and the signing key's repr (survivors of
`make mutation` in ``_pagination`` and ``_signing``)."""

from __future__ import annotations

import httpx
import pytest

from modelarts_vizjobs import APIResponseValidationError
from modelarts_vizjobs._signing import SigningKey, canonical_request
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
