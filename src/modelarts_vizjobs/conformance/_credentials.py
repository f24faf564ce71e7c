"""Endpoint, project and credentials of a conformance run or a proxy, the way ``jobs`` finds
them (global options, then the environment), with the SDK's own checks and error messages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import httpx

from modelarts_vizjobs import AkSkAuth, ConfigurationError, ModelArtsVizJobs, TokenAuth
from modelarts_vizjobs._config import settings_from_env

__all__ = ["Target", "is_credentials_error", "resolve_target", "signer_from_env"]

ENV_TOKEN = "MODELARTS_VIZJOBS_TOKEN"
ENV_ACCESS_KEY = "HUAWEICLOUD_SDK_AK"
ENV_SECRET_KEY = "HUAWEICLOUD_SDK_SK"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
_CREDENTIALS = ("token", "access_key", "secret_key", "security_token")


@dataclass(frozen=True)
class Target:
    """What a run talks to; *secrets* are the credential values a recording must never hold."""

    base_url: str
    project_id: str
    auth: httpx.Auth = field(repr=False)
    secrets: tuple[str, ...] = field(default=(), repr=False)


def is_credentials_error(exc: ConfigurationError) -> bool:
    """Missing or malformed credentials, as opposed to a bad endpoint or project."""
    text = str(exc)
    return any(word in text for word in ("credential", "token", "access_key", "secret_key"))


def resolve_target(options: dict[str, Any]) -> Target:
    """The endpoint, project and auth flow the SDK client would use with *options* (keyword
    arguments of ``ModelArtsVizJobs.from_env``, ``profile`` included); ConfigurationError as
    the SDK raises it."""
    with ModelArtsVizJobs.from_env(**options) as client:  # the SDK's checks and precedence
        base_url, project_id = client.base_url, client.project_id
    given = {k: v for k, v in options.items() if k in _CREDENTIALS}
    found = settings_from_env(profile=options.get("profile"), **given)  # the same precedence
    token = found["token"]
    if token:
        return Target(base_url, project_id, TokenAuth(token), (token,))
    signer = signer_from_env(project_id, found)
    if signer is None:
        raise ConfigurationError(
            "no credentials: set MODELARTS_VIZJOBS_TOKEN or HUAWEICLOUD_SDK_AK/SK"
        )
    auth, secrets = signer
    return Target(base_url, project_id, auth, secrets)


def signer_from_env(
    project_id: str | None, options: dict[str, Any] | None = None
) -> tuple[AkSkAuth, tuple[str, ...]] | None:
    """An AK/SK signer from *options* or the environment, None when there is no key pair."""
    options = options or {}
    access_key = options.get("access_key") or os.environ.get(ENV_ACCESS_KEY)
    secret_key = options.get("secret_key") or os.environ.get(ENV_SECRET_KEY)
    security_token = options.get("security_token") or os.environ.get(ENV_SECURITY_TOKEN) or None
    if not (access_key and secret_key):
        return None
    auth = AkSkAuth(access_key, secret_key, project_id=project_id, security_token=security_token)
    secrets = tuple(s for s in (access_key, secret_key, security_token) if s)
    return auth, secrets
