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

Precedence (one rule, documented in docs/authentication.md): explicit arguments (CLI flags) >
environment > profile (``_profiles``, chosen by ``profile=``, ``--profile`` or
``MODELARTS_VIZJOBS_PROFILE``) > defaults. Three settings are decided as a whole by the first
source that gives any part of them: the credentials (token, or AK/SK with security token), the
location (endpoint or region) and the project id. Within the environment a token wins over
AK/SK, with one INFO log line saying so.

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
from ._profiles import CREDENTIALS, ENV_PROFILE, profile_settings

__all__ = [
    "ENV_ACCESS_KEY",
    "ENV_ENDPOINT",
    "ENV_PROFILE",
    "ENV_PROJECT_ID",
    "ENV_REGION",
    "ENV_SECRET_KEY",
    "ENV_SECURITY_TOKEN",
    "ENV_TOKEN",
    "Settings",
    "base_url_of",
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


def path_segment(name: str, value: object) -> str:
    """*value* as one URL path segment: a ``str``, or an ``int`` (not ``bool``), of 1-64
    characters, that passes the generated client's one path-segment rule
    (``modelarts_vizjobs_client.types.path_segment(name, value)``: not "", "." or "..", valid
    UTF-8); else InvalidParameterError. Returned unencoded: ``build_request`` encodes it.

    ``10`` and ``"10"`` give the same segment. An int's size is checked numerically before it
    is turned into text (``str(10**5000)`` raises ValueError), and subclasses are read as plain
    ``int``/``str`` (their own ``__str__`` is not called).
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
    from modelarts_vizjobs_client.types import path_segment as the_rule

    try:
        the_rule(name, text)
    except ValueError as exc:
        raise InvalidParameterError(str(exc)) from None
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


#: What each missing setting is called in Python, on the command line, in the environment and
#: in a profile: one message serves every way in.
_MISSING = {
    "project_id": (
        "project id (project_id=, --project-id, HUAWEICLOUD_SDK_PROJECT_ID or profile key "
        "project_id)"
    ),
    "credentials": (
        f"credentials (token= or access_key=/secret_key=, --token, {ENV_TOKEN} or "
        f"{ENV_ACCESS_KEY}/{ENV_SECRET_KEY}, or profile key token_env, "
        "access_key_env/secret_key_env or credentials_file)"
    ),
    "endpoint": (
        f"endpoint (endpoint= or region=, --endpoint or --region, {ENV_ENDPOINT} or {ENV_REGION}"
        ", or profile key endpoint or region)"
    ),
}


def base_url_of(endpoint: str | None, region: str | None) -> str:
    """The API's base URL: *endpoint* (an http(s) URL), else the region's; ConfigurationError
    when neither is given or the endpoint is no http(s) URL."""
    if endpoint is None:
        if region is None:
            raise ConfigurationError(f"missing settings: {_MISSING['endpoint']}")
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
        _check_texts(region=region, endpoint=endpoint)
        _check_texts(
            credential=True,
            token=token,
            access_key=access_key,
            secret_key=secret_key,
            security_token=security_token,
        )
        missing = [
            _MISSING[name]
            for name, absent in (
                ("project_id", project_id is None),
                ("credentials", not (token or access_key or secret_key)),
                ("endpoint", endpoint is None and region is None),
            )
            if absent
        ]
        if missing:
            raise ConfigurationError(f"missing settings: {'; '.join(missing)}")
        assert project_id is not None
        try:
            project = path_segment("project_id", project_id)
        except InvalidParameterError as exc:
            raise ConfigurationError(str(exc)) from None
        auth: httpx.Auth
        if token and (access_key or secret_key):
            raise ConfigurationError(
                "give either token= or access_key=/secret_key=, not both (--token, or "
                f"{ENV_TOKEN} beside {ENV_ACCESS_KEY}/{ENV_SECRET_KEY}, wins in the CLI and "
                "from_env(); a profile gives one kind: token_env, or access_key_env/secret_key_env)"
            )
        if token:
            auth = TokenAuth(token)
        elif access_key and secret_key:
            auth = AkSkAuth(
                access_key, secret_key, project_id=project, security_token=security_token
            )
        elif access_key or secret_key:
            raise ConfigurationError(
                "access_key= and secret_key= go together: set both or neither of "
                f"{ENV_ACCESS_KEY} and {ENV_SECRET_KEY} (or profile keys access_key_env and "
                "secret_key_env)"
            )
        else:
            raise AssertionError("unreachable: missing credentials are refused above")
        return cls(base_url=base_url_of(endpoint, region), project_id=project, auth=auth)

    def __repr__(self) -> str:
        return (
            f"Settings(base_url={self.base_url!r}, project_id={self.project_id!r}, "
            f"auth={self.auth!r})"
        )


def settings_from_env(
    environ: Mapping[str, str] | None = None,
    *,
    profile: str | None = None,
    **overrides: str | None,
) -> dict[str, str | None]:
    """Constructor keyword arguments from *overrides* (arguments, CLI flags), the environment
    and a profile, in that order of precedence; each of credentials, location and project is
    taken whole from the first source that gives any part of it.

    The profile is *profile*, else ``MODELARTS_VIZJOBS_PROFILE``, else none (no file is read).
    Within the environment, a token wins over AK/SK: the AK/SK variables are ignored, with one
    INFO log line naming them.
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
    given = {key: value for key, value in overrides.items() if value is not None}
    explicit = any(given.get(key) for key in _GROUPS[0][1])
    if not explicit and found["token"] and (found["access_key"] or found["secret_key"]):
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
    chosen = profile or env.get(ENV_PROFILE) or None
    layers: list[Mapping[str, str | None]] = [given, found]
    if chosen is not None:
        layers.append(profile_settings(chosen, env))
    settings: dict[str, str | None] = dict.fromkeys(found)
    for group, deciding in _GROUPS:
        source = next((layer for layer in layers if any(layer.get(k) for k in deciding)), {})
        settings.update({key: source.get(key) for key in group})
    # an explicit security token joins AK/SK from wherever they came (as before profiles)
    settings.update({key: value for key, value in given.items() if key not in settings})
    if "security_token" in given:
        settings["security_token"] = given["security_token"]
    return settings


#: Settings taken whole from one source, and the keys whose presence makes a source decide.
_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (CREDENTIALS, ("token", "access_key", "secret_key")),
    (("endpoint", "region"), ("endpoint", "region")),
    (("project_id",), ("project_id",)),
)
