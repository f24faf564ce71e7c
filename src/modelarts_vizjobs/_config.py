"""Where the endpoint, project and credentials come from: arguments, or the environment.

The constructor uses its arguments only; ``from_env()`` reads these variables (the first four
are the official Huawei Cloud SDK's names), explicit keyword arguments winning:

====================================  =====================================================
``HUAWEICLOUD_SDK_AK`` / ``_SK``      access key / secret key (AK/SK signing, recommended)
``HUAWEICLOUD_SDK_SECURITY_TOKEN``    security token of temporary AK/SK
``HUAWEICLOUD_SDK_PROJECT_ID``        project id
``MODELARTS_VIZJOBS_TOKEN``           IAM token (``X-Auth-Token``), instead of AK/SK
``MODELARTS_VIZJOBS_ENDPOINT``        full endpoint URL, e.g. ``https://modelarts.eu-de.otc.t-systems.com``
``HUAWEICLOUD_SDK_REGION``            region id, used when no endpoint is given
====================================  =====================================================

Credential precedence (one rule, documented in docs/authentication.md): explicit arguments win
over the environment, and explicit credentials of one kind replace the environment's of both
kinds; within the environment a token wins over AK/SK, with one INFO log line saying so.

Endpoints by region: ``https://modelarts.{region}.myhuaweicloud.com``, except
``ap-southeast-1`` (``.myhuaweicloud.cn``) and T Cloud Public ``eu-de``
(``https://modelarts.eu-de.otc.t-systems.com``).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from ._auth import AkSkAuth, TokenAuth
from ._errors import ConfigurationError, InvalidParameterError
from ._logging import configure_from_env, logger

__all__ = [
    "ENV_ACCESS_KEY",
    "ENV_ENDPOINT",
    "ENV_PROJECT_ID",
    "ENV_REGION",
    "ENV_SECRET_KEY",
    "ENV_SECURITY_TOKEN",
    "ENV_TOKEN",
    "Settings",
    "endpoint_for_region",
    "path_segment",
    "positive_seconds",
    "settings_from_env",
]

ENV_ACCESS_KEY = "HUAWEICLOUD_SDK_AK"
ENV_SECRET_KEY = "HUAWEICLOUD_SDK_SK"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_TOKEN = "MODELARTS_VIZJOBS_TOKEN"
ENV_ENDPOINT = "MODELARTS_VIZJOBS_ENDPOINT"
ENV_REGION = "HUAWEICLOUD_SDK_REGION"

_REGION = re.compile(r"[a-z]{2,}(?:-[a-z]+)+-[0-9]+")
_SPECIAL_ENDPOINTS = {
    "ap-southeast-1": "https://modelarts.ap-southeast-1.myhuaweicloud.cn",
    "eu-de": "https://modelarts.eu-de.otc.t-systems.com",
}
_MAX_SEGMENT = 64
#: Printable ASCII with no blank at either end: what a credential sent as a header can hold.
_CREDENTIAL = re.compile(r"[!-~](?:[ -~]*[!-~])?")


def endpoint_for_region(region: str) -> str:
    """The ModelArts endpoint of a Huawei Cloud region id, or of T Cloud Public ``eu-de``."""
    if region in _SPECIAL_ENDPOINTS:
        return _SPECIAL_ENDPOINTS[region]
    if not _REGION.fullmatch(region):
        raise ConfigurationError(f"not a region id: {region!r} (e.g. cn-north-4, eu-de)")
    return f"https://modelarts.{region}.myhuaweicloud.com"


#: The ints of at most ``_MAX_SEGMENT`` characters lie strictly between these (computed once).
_SEGMENT_INT_LOW, _SEGMENT_INT_HIGH = -(10 ** (_MAX_SEGMENT - 1)), 10**_MAX_SEGMENT


def path_segment(value: object, name: str) -> str:
    """*value* as one URL path segment: a ``str``, or an ``int`` (not ``bool``), of 1-64
    characters that is not "." or ".." and encodes as UTF-8; else InvalidParameterError.

    ``10`` and ``"10"`` give the same segment; the generated client percent-encodes the rest.
    An int's size is checked numerically before it is turned into text (``str(10**5000)``
    raises ValueError), and subclasses are read as plain ``int``/``str`` (their own
    ``__str__`` is not called).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if not _SEGMENT_INT_LOW < value < _SEGMENT_INT_HIGH:
            raise InvalidParameterError(f"{name} is longer than {_MAX_SEGMENT} characters")
        text = int.__repr__(value)
    elif isinstance(value, str):
        if len(value) > _MAX_SEGMENT:
            raise InvalidParameterError(f"{name} is longer than {_MAX_SEGMENT} characters")
        text = str.__str__(value)
    else:
        raise InvalidParameterError(f"{name} must be an int or a str, not {type(value).__name__}")
    if text in ("", ".", ".."):
        raise InvalidParameterError(f"{name} must not be {text!r}")
    try:
        text.encode()
    except UnicodeEncodeError:
        raise InvalidParameterError(f"{name} is not valid Unicode (lone surrogate)") from None
    return text


def positive_seconds(value: object, name: str) -> float:
    """*value* as a duration: a finite number above 0 (NaN and infinity would reach
    ``time.sleep`` and socket timeouts, which refuse them with ValueError/OverflowError)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise InvalidParameterError(f"{name} must be a positive number of seconds, not {value!r}")
    return float(value)


def _check_texts(*, credential: bool = False, **values: str | None) -> None:
    """Refuse a non-str value, and a credential that cannot be a header value: httpx would
    fail every call with an error that quotes the credential."""
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConfigurationError(f"{name} must be a str, not {type(value).__name__}")
        if credential and value and not _CREDENTIAL.fullmatch(value):
            raise ConfigurationError(
                f"{name} must be printable ASCII without surrounding whitespace (value not shown)"
            )


def _endpoint(endpoint: str | None, region: str | None) -> str:
    if endpoint is None:
        if region is None:
            raise ConfigurationError(
                "give endpoint= or region= (or set MODELARTS_VIZJOBS_ENDPOINT)"
            )
        endpoint = endpoint_for_region(region)
    try:
        url = httpx.URL(endpoint)
    except httpx.InvalidURL:
        url = httpx.URL()
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"endpoint must be an http(s) URL, not {endpoint!r}")
    return str(url).rstrip("/")


@dataclass(frozen=True, repr=False)
class Settings:
    """What a client needs to talk to one project; its repr hides the credentials."""

    base_url: str
    project_id: str
    auth: httpx.Auth

    @classmethod
    def resolve(
        cls,
        *,
        project_id: str | None,
        region: str | None,
        endpoint: str | None,
        token: str | None,
        access_key: str | None,
        secret_key: str | None,
        security_token: str | None,
    ) -> Settings:
        if project_id is None:
            raise ConfigurationError("project_id is required (or set HUAWEICLOUD_SDK_PROJECT_ID)")
        _check_texts(region=region, endpoint=endpoint)
        _check_texts(
            credential=True,
            token=token,
            access_key=access_key,
            secret_key=secret_key,
            security_token=security_token,
        )
        try:
            project = path_segment(project_id, "project_id")
        except InvalidParameterError as exc:
            raise ConfigurationError(str(exc)) from None
        auth: httpx.Auth
        if token and (access_key or secret_key):
            raise ConfigurationError(
                "give either token= or access_key=/secret_key=, not both (from_env() and the "
                f"CLI resolve {ENV_TOKEN} beside {ENV_ACCESS_KEY}/{ENV_SECRET_KEY} themselves: "
                "the token wins)"
            )
        if token:
            auth = TokenAuth(token)
        elif access_key and secret_key:
            auth = AkSkAuth(
                access_key, secret_key, project_id=project, security_token=security_token
            )
        elif access_key or secret_key:
            raise ConfigurationError(
                "access_key= and secret_key= go together (in the environment: set both "
                f"{ENV_ACCESS_KEY} and {ENV_SECRET_KEY}, or neither)"
            )
        else:
            raise ConfigurationError(
                f"no credentials: set {ENV_TOKEN} (IAM token), or {ENV_ACCESS_KEY} and "
                f"{ENV_SECRET_KEY} (AK/SK); or give token= or access_key=/secret_key="
            )
        return cls(base_url=_endpoint(endpoint, region), project_id=project, auth=auth)

    def __repr__(self) -> str:
        return (
            f"Settings(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self.auth!r})"
        )


def settings_from_env(
    environ: Mapping[str, str] | None = None, **overrides: str | None
) -> dict[str, str | None]:
    """Constructor keyword arguments from the environment; non-None *overrides* win.

    Explicit credentials (*overrides* ``token`` or ``access_key``) replace the environment's
    credentials of both kinds. Within the environment, a token wins over AK/SK: the AK/SK
    variables are ignored, with one INFO log line naming them.
    """
    env = os.environ if environ is None else environ
    found: dict[str, str | None] = {
        "project_id": env.get(ENV_PROJECT_ID),
        "region": env.get(ENV_REGION),
        "endpoint": env.get(ENV_ENDPOINT),
        "token": env.get(ENV_TOKEN),
        "access_key": env.get(ENV_ACCESS_KEY),
        "secret_key": env.get(ENV_SECRET_KEY),
        "security_token": env.get(ENV_SECURITY_TOKEN),
    }
    found = {name: value or None for name, value in found.items()}
    if overrides.get("token") or overrides.get("access_key"):
        # explicit credentials of one kind replace the environment's of either kind
        for name in ("token", "access_key", "secret_key", "security_token"):
            found[name] = None
    elif found["token"] and (found["access_key"] or found["secret_key"]):
        configure_from_env()
        logger.info(
            "%s and %s/%s are both set: using the token (unset %s to sign with AK/SK)",
            ENV_TOKEN,
            ENV_ACCESS_KEY,
            ENV_SECRET_KEY,
            ENV_TOKEN,
        )
        for name in ("access_key", "secret_key", "security_token"):
            found[name] = None
    found.update({name: value for name, value in overrides.items() if value is not None})
    return found
