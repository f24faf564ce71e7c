"""Who may call the fake: IAM tokens and AK/SK key pairs, each bound to one project.

Tokens (``X-Auth-Token``) are opaque strings. AK/SK requests are verified the way the API
Gateway does it, by :func:`modelarts_vizjobs._signing.verify` (shared with the conformance
proxy): the canonical request is rebuilt from the received raw path, query, the headers named in
``Authorization`` and the body, signed with the secret key, and compared in constant time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from modelarts_vizjobs import _signing

from .exceptions import Forbidden, Unauthorized

__all__ = [
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_PROJECT_ID",
    "DEFAULT_SECRET_KEY",
    "DEFAULT_TOKEN",
    "MAX_CLOCK_SKEW",
    "OTHER_ACCESS_KEY",
    "OTHER_PROJECT_ID",
    "OTHER_SECRET_KEY",
    "OTHER_TOKEN",
    "Credentials",
]

DEFAULT_PROJECT_ID = "0123456789abcdef0123456789abcdef"
DEFAULT_TOKEN = "stub-token-0123456789abcdef"
DEFAULT_ACCESS_KEY = "STUBACCESSKEY0000001"
DEFAULT_SECRET_KEY = "stub-secret-key-0000000000000000000000001"
OTHER_PROJECT_ID = "fedcba9876543210fedcba9876543210"
OTHER_TOKEN = "stub-token-fedcba9876543210"
OTHER_ACCESS_KEY = "STUBACCESSKEY0000002"
OTHER_SECRET_KEY = "stub-secret-key-0000000000000000000000002"

#: An ``X-Sdk-Date`` further than this from the stub's clock is refused (replay protection).
MAX_CLOCK_SKEW = _signing.MAX_CLOCK_SKEW

_NO_TOKEN = "Token doesn't exist."
_BAD_TOKEN = "Invalid token."
_NO_AUTHORIZATION = "No authorization request header."
_WRONG_PROJECT = "The project id in the request URL does not match the token."


@dataclass(slots=True)
class Credentials:
    """Tokens and key pairs the fake accepts, each scoped to one project.

    Secrets are kept out of ``repr`` so a failing assertion never prints them.
    """

    tokens: dict[str, str] = field(default_factory=dict, repr=False)
    keys: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    @classmethod
    def defaults(cls) -> Credentials:
        """The stub's built-in tokens and access keys (README), nothing else."""
        creds = cls()
        creds.tokens[DEFAULT_TOKEN] = DEFAULT_PROJECT_ID
        creds.tokens[OTHER_TOKEN] = OTHER_PROJECT_ID
        creds.keys[DEFAULT_ACCESS_KEY] = (DEFAULT_SECRET_KEY, DEFAULT_PROJECT_ID)
        creds.keys[OTHER_ACCESS_KEY] = (OTHER_SECRET_KEY, OTHER_PROJECT_ID)
        return creds

    def authenticate(
        self,
        *,
        method: str,
        raw_path: str,
        query_string: str,
        headers: Mapping[str, str],
        body: bytes,
        project_id: str,
    ) -> None:
        """Raise :class:`Unauthorized` or :class:`Forbidden` unless the caller may use *project_id*.

        *headers* has lower-case names. Every credential sent must be valid (fail closed): a
        valid token does not excuse a bad ``Authorization`` header sent with it.
        """
        token = headers.get("x-auth-token")
        authorization = headers.get("authorization")
        if token is None and authorization is None:
            if _signing.DATE_HEADER.lower() in headers:
                raise Unauthorized(_NO_AUTHORIZATION, error_code="ModelArts.0205")
            raise Unauthorized(_NO_TOKEN, error_code="ModelArts.0201")
        owners = []
        if token is not None:
            owners.append(self._token_project(token))
        if authorization is not None:
            owners.append(
                self._verify_signature(authorization, method, raw_path, query_string, headers, body)
            )
        for owner in owners:
            self._check_project(owner, project_id, headers)

    def _token_project(self, token: str) -> str:
        if not token.strip():
            raise Unauthorized(_NO_TOKEN, error_code="ModelArts.0201")
        owner = self.tokens.get(token)
        if owner is None:
            raise Unauthorized(_BAD_TOKEN, error_code="ModelArts.0203")
        return owner

    def _verify_signature(
        self,
        authorization: str,
        method: str,
        raw_path: str,
        query_string: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> str:
        try:
            access_key = _signing.verify(
                authorization,
                method=method,
                raw_path=raw_path,
                query_string=query_string,
                headers=headers,
                body=body,
                secret_of=self._secret_of,
            )
        except _signing.SignatureError as exc:
            raise Unauthorized(exc.message, error_code=exc.error_code) from None
        return self.keys[access_key][1]

    def _secret_of(self, access_key: str) -> str | None:
        key = self.keys.get(access_key)
        return None if key is None else key[0]

    @staticmethod
    def _check_project(owner: str, project_id: str, headers: Mapping[str, str]) -> None:
        scoped = headers.get("x-project-id")
        if owner != project_id or (scoped is not None and scoped != owner):
            raise Forbidden(_WRONG_PROJECT)
