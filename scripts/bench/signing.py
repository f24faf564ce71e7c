"""AK/SK signing: time per signature, ours vs huaweicloudsdkcore on the same requests."""

from __future__ import annotations

import itertools
import json
import statistics
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from .harness import SLICE, Batch, Figure, Settings, check, interleaved, median_ratio


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
    timed loop on both sides. The figure is CPU time of this process.
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

    # Both sides alternate slice by slice (harness.interleaved), each on requests built beforehand.
    sizes = replace(settings, calls=settings.sign_rounds)
    rounds = -(-settings.reps * max(sizes.calls, SLICE) // len(shapes))
    theirs = [official_request(*shape, _JSON) for shape in shapes * rounds]
    variants = {
        "official": _consume(official.sign_request, theirs),
        "ours": _consume(ours_sign, our_batch(rounds)),
    }
    wall, cpu = interleaved(variants, itertools.count(), sizes)
    # Signing is pure CPU in this process: its CPU time is the figure, as wall time also counts
    # the moments a neighbour on the shared core had the CPU (wall is in the note).
    ours_us, theirs_us = cpu["ours"], cpu["official"]
    ratio = median_ratio(ours_us, theirs_us)
    wall_ratio = median_ratio(wall["ours"], wall["official"])
    return [
        Figure(
            "AK/SK signature: ours vs huaweicloudsdkcore BasicCredentials.sign_request",
            f"{statistics.median(ours_us):.1f} µs CPU/sig",
            f"{statistics.median(theirs_us):.1f} µs CPU/sig",
            ratio,
            "<= 0.55x",
            check(ratio, "<=", 0.55),
            note=(
                f"ours {how}; DELETE, GET+query, POST+JSON; identical Authorization checked; "
                f"{settings.reps} reps x {sizes.calls} signatures each, interleaved; wall time "
                f"{statistics.median(wall['ours']):.1f} vs "
                f"{statistics.median(wall['official']):.1f} µs/sig ({wall_ratio:.2f}x)"
            ),
            raw={
                "ours_cpu_us": ours_us,
                "official_cpu_us": theirs_us,
                "ours_wall_us": wall["ours"],
                "official_wall_us": wall["official"],
            },
        )
    ]


_JSON = {"Content-Type": "application/json"}


def _consume(sign: Callable[[Any], object], requests: list[Any]) -> Batch:
    """A batch runner that signs the next request of *requests* once per id it is given."""
    pending = iter(requests)
    return lambda batch: [sign(next(pending)) for _ in batch]


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
