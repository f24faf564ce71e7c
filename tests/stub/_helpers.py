"""Helpers of the stub's tests: the collection path, AK/SK signing with the shared core."""

from __future__ import annotations

from datetime import datetime

import httpx

from modelarts_vizjobs import _signing
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID

#: The default project's collection path.
JOBS = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs"


def signed_headers(
    method: str,
    url: str,
    access_key: str,
    secret_key: str,
    *,
    body: bytes = b"",
    extra: dict[str, str] | None = None,
    moment: datetime | None = None,
) -> dict[str, str]:
    """Headers (with ``Authorization``) for *method* on *url* carrying *body*."""
    parsed = httpx.URL(url)
    headers = {
        "Host": parsed.netloc.decode("ascii"),
        _signing.DATE_HEADER: _signing.format_sdk_date(moment),
        **(extra or {}),
    }
    names = _signing.signable_header_names(headers)
    canonical = _signing.canonical_request(
        method,
        parsed.raw_path.decode("ascii").partition("?")[0],
        parsed.params.multi_items(),
        headers,
        names,
        body,
    )
    signature = _signing.sign(secret_key, headers[_signing.DATE_HEADER], canonical)
    headers["Authorization"] = _signing.authorization_value(access_key, names, signature)
    return headers
