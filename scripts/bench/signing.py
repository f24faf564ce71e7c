"""AK/SK signing: time per signature, ours vs huaweicloudsdkcore on the same requests."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from .harness import Figure, Settings, check, median_ratio


def _signing_requests() -> list[tuple[str, str, list[tuple[str, str]], bytes]]:
    """Representative requests: delete, list with a query, create with a JSON body."""
    base = "/v1/a4a5d4098fb4474fa22cd05f897d6b99/visualization-jobs"
    body = json.dumps(
        {"job_name": "viz-bench", "train_url": "/bucket/logs/", "job_type": "tensorboard"}
    ).encode()
    return [
        ("DELETE", f"{base}/8992", [], b""),
        ("GET", base, [("status", "7"), ("page_size", "10"), ("order", "desc")], b""),
        ("POST", base, [], body),
    ]


def signing(settings: Settings) -> list[Figure]:
    """Time per AK/SK signature, ours vs huaweicloudsdkcore on the same requests.

    The official side is ``BasicCredentials.sign_request``, the call its HTTP client makes per
    request (adds ``X-Project-Id``, builds a ``Signer``, signs). Neither side gets a preset
    ``X-Sdk-Date``: both take the clock, as in real use. Request objects are built outside the
    timed loop on both sides.
    """
    import httpx
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest

    ak, sk, project = (
        "BENCHACCESSKEY0000000",
        "bench-secret-0000000000000000",
        "a4a5d4098fb4474fa22cd05f897d6b99",
    )
    host = "modelarts.eu-de.otc.t-systems.com"
    official = BasicCredentials(ak, sk, project)
    ours_sign, how = _our_signer(ak, sk, project)
    shapes = _signing_requests()

    def official_request(
        method: str, path: str, query: list[tuple[str, str]], body: bytes, headers: dict[str, str]
    ) -> SdkRequest:
        return SdkRequest(
            method=method,
            schema="https",
            host=host,
            resource_path=path,
            query_params=list(query),
            header_params=dict(headers),
            body=body,
        )

    def our_batch(count: int) -> list[httpx.Request]:
        return [
            httpx.Request(
                method,
                f"https://{host}{path}" + (f"?{urlencode(query)}" if query else ""),
                content=body,
                headers=_JSON,
            )
            for method, path, query, body in shapes * count
        ]

    # Same output first: sign ours, then let the official signer sign the headers ours signed.
    for request, (method, path, query, body) in zip(our_batch(1), shapes, strict=True):
        ours_sign(request)
        signed = request.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]
        headers = {
            name: request.headers[name] for name in signed.split(";") if name != "x-project-id"
        }
        theirs = official.sign_request(official_request(method, path, query, body, headers))
        if theirs.header_params["Authorization"] != request.headers["Authorization"]:
            raise RuntimeError(f"signatures differ for {method} {path}")

    rounds = max(settings.sign_rounds // len(shapes), 1)
    ours_us: list[float] = []
    theirs_us: list[float] = []
    for _ in range(settings.reps):
        batch = [official_request(*shape, _JSON) for shape in shapes * rounds]
        start = time.perf_counter()
        for sdk_request in batch:
            official.sign_request(sdk_request)
        theirs_us.append((time.perf_counter() - start) / len(batch) * 1e6)
        ours_batch = our_batch(rounds)
        start = time.perf_counter()
        for request in ours_batch:
            ours_sign(request)
        ours_us.append((time.perf_counter() - start) / len(ours_batch) * 1e6)
    ratio = median_ratio(ours_us, theirs_us)
    return [
        Figure(
            "AK/SK signature: ours vs huaweicloudsdkcore BasicCredentials.sign_request",
            f"{statistics.median(ours_us):.1f} µs/sig",
            f"{statistics.median(theirs_us):.1f} µs/sig",
            ratio,
            "<= 0.50x",
            check(ratio, "<=", 0.5),
            note=f"ours {how}; DELETE, GET+query, POST+JSON; identical Authorization checked",
            raw={"ours_us": ours_us, "official_us": theirs_us},
        )
    ]


_JSON = {"Content-Type": "application/json"}


def _our_signer(
    access_key: str, secret_key: str, project: str
) -> tuple[Callable[[Any], None], str]:
    """Our signing step on an ``httpx.Request``: the client's auth class when it exists."""
    try:
        from modelarts_vizjobs._auth import AkSkAuth
    except ImportError:
        return _signing_composed(access_key, secret_key, project), "via _signing functions"
    auth = AkSkAuth(access_key=access_key, secret_key=secret_key, project_id=project)

    def sign(request: Any) -> None:
        next(auth.sync_auth_flow(request))

    return sign, "via _auth.AkSkAuth"


def _signing_composed(access_key: str, secret_key: str, project: str) -> Callable[[Any], None]:
    from modelarts_vizjobs import _signing

    def sign(request: Any) -> None:
        request.headers["X-Project-Id"] = project
        request.headers[_signing.DATE_HEADER] = date = _signing.format_sdk_date()
        names = _signing.signable_header_names(request.headers.keys())
        canonical = _signing.canonical_request(
            request.method,
            request.url.path,
            request.url.params.multi_items(),
            request.headers,
            names,
            request.content,
        )
        signature = _signing.sign(secret_key, date, canonical)
        request.headers["Authorization"] = _signing.authorization_value(
            access_key, names, signature
        )

    return sign
