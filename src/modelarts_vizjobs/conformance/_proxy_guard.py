"""What the re-signing proxy refuses before anything goes upstream.

The proxy signs with the user's key pair: whatever it re-signs acts with the user's cloud
authority. So a request is judged, in this order, and refused with a ModelArts-style JSON error
when it fails a rule (nothing is sent upstream then):

1. **target**: origin-form only (``/v1/...``); an absolute URL (``GET http://other.example/``),
   ``*`` or ``host:port`` would ask for a forward proxy. 400 ``ModelArts.0101``.
2. **Host**: the proxy's own address only (``127.0.0.1:PORT``, ``localhost:PORT``,
   ``[::1]:PORT``, or the address the connection came in on): a web page whose name was
   re-pointed at 127.0.0.1 (DNS rebinding) sends its own name. 400 ``ModelArts.0101``.
3. **route**: an operation of the spec only. 404 ``ModelArts.2836``; with *forward_unknown*
   the request goes on, but as it came: never re-signed.
4. **signature**, when the proxy holds a key pair and the request carries no ``X-Auth-Token``:
   it must verify with that key pair over the Host the client signed for (the proxy's), within
   15 minutes of the proxy's clock. 401 ``ModelArts.0205`` (none), ``0206`` (malformed) or
   ``0208`` (another access key, a stale or missing date, a wrong signature).

A token request is never re-signed: its credential is the client's own, which the upstream
judges; the proxy adds no authority to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from modelarts_vizjobs import _signing

from ._spec import Routes

__all__ = ["Guard", "Refusal", "own_hosts"]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True, slots=True)
class Refusal:
    """The proxy's own answer to a request it does not forward."""

    status: int
    error_code: str
    message: str

    def payload(self) -> bytes:
        """The body in the service's error shape, so SDKs raise their usual errors."""
        document = {
            "is_success": False,
            "error_code": self.error_code,
            "error_message": self.message,
        }
        return json.dumps(document).encode()


_ABSOLUTE_FORM = Refusal(
    400,
    "ModelArts.0101",
    "Invalid Argument. The proxy takes a path as request target (origin-form), not a URL:"
    " it is not a forward proxy.",
)
_NO_AUTHORIZATION = Refusal(
    401,
    "ModelArts.0205",
    "No authorization request header. The proxy re-signs only requests signed with its own"
    " key pair.",
)


@lru_cache(maxsize=16)
def own_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` values naming a proxy reached at *host*:*port* (lower-case)."""
    name = f"[{host}]" if ":" in host else host
    names = {*LOOPBACK_NAMES, name.lower()}
    hosts = {f"{each}:{port}" for each in names}
    return frozenset(hosts | names) if port == 80 else frozenset(hosts)


class Guard:
    """The four rules above; *access_key*/*secret_key*: the pair the proxy signs with (None:
    it holds none, signs nothing and so checks no signature)."""

    def __init__(
        self,
        routes: Routes,
        *,
        access_key: str | None = None,
        secret_key: str | None = None,
        forward_unknown: bool = False,
    ) -> None:
        self.routes = routes
        self.access_key = access_key
        self._key = _signing.SigningKey(secret_key) if secret_key is not None else None
        self.forward_unknown = forward_unknown

    def judge(
        self, scope: MutableMapping[str, Any], headers: Mapping[str, str], body: bytes
    ) -> Refusal | bool:
        """A refusal, else whether to re-sign (False: forward as it came). *headers* has
        lower-case names."""
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        if not raw_path.startswith("/"):
            return _ABSOLUTE_FORM
        refusal = _host_refusal(scope.get("server"), headers.get("host", ""))
        if refusal is not None:
            return refusal
        method: str = scope["method"]
        path = raw_path.partition("?")[0]
        if self.routes.operation_of(method, path) is None:
            if self.forward_unknown:
                return False
            message = f"PathNotFound: {method} {path} is not an operation of the spec."
            return Refusal(404, "ModelArts.2836", message)
        if self._key is None or "x-auth-token" in headers:
            return False
        authorization = headers.get("authorization")
        if authorization is None:
            return _NO_AUTHORIZATION
        try:
            _signing.verify(
                authorization,
                method=method,
                raw_path=path,
                query_string=scope.get("query_string", b"").decode("latin-1"),
                headers=headers,
                body=body,
                secret_of=self._secret_of,
            )
        except _signing.SignatureError as exc:
            return Refusal(401, exc.error_code, exc.message)
        return True

    def _secret_of(self, access_key: str) -> _signing.SigningKey | None:
        return self._key if access_key == self.access_key else None


def _host_refusal(server: Any, host: str) -> Refusal | None:
    if server is not None and host.lower() in own_hosts(server[0], server[1]):
        return None
    port = server[1] if server is not None else "PORT"
    message = (
        f"Invalid Argument. The Host header must name this proxy (127.0.0.1:{port},"
        f" localhost:{port} or [::1]:{port}): a request for another host is refused."
    )
    return Refusal(400, "ModelArts.0101", message)
