"""The HTTP control plane under the reserved ``/_stub/`` prefix (moto's ``/moto-api/``).

Lets non-Python clients (the CLI, another language's SDK, a shell) drive the same backend the
Python API drives: reset, seed, transition policy, faults and the request journal. It needs no
credentials and is never subject to injected faults.
"""

from __future__ import annotations

from .auth import DEFAULT_PROJECT_ID
from .exceptions import BadRequest, MethodNotAllowed, PathNotFound
from .models import StubBackend
from .policy import TransitionPolicy
from .validation import json_object

__all__ = ["CONTROL_PREFIX", "handle_control"]

CONTROL_PREFIX = "_stub"
_METHODS: dict[str, tuple[str, ...]] = {
    "reset": ("POST",),
    "seed": ("POST",),
    "policy": ("GET", "PUT"),
    "faults": ("DELETE", "GET", "POST"),
    "journal": ("DELETE", "GET"),
}
_OK: dict[str, object] = {"is_success": True}


def _json_object(body: bytes) -> dict[str, object]:
    """A control body is optional: none means ``{}``."""
    return json_object(body) if body.strip() else {}


def handle_control(
    backend: StubBackend, method: str, resource: str, body: bytes
) -> dict[str, object]:
    """Run one control request on *backend*; the JSON answer (always HTTP 200)."""
    allow = _METHODS.get(resource)
    if allow is None:
        raise PathNotFound(f"PathNotFound: /_stub/{resource} is not a control resource.")
    if method not in allow:
        raise MethodNotAllowed(method, allow)
    try:
        return _run(backend, method, resource, body)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"Invalid Argument. {exc}") from None


def _run(backend: StubBackend, method: str, resource: str, body: bytes) -> dict[str, object]:
    if resource == "reset":
        backend.reset()
        return _OK
    if resource == "seed":
        fields = _json_object(body)
        project_id = fields.pop("project_id", DEFAULT_PROJECT_ID)
        job_id = backend.seed(project_id, **fields)  # type: ignore[arg-type]
        return {"is_success": True, "job_id": job_id}
    if resource == "policy":
        if method == "PUT":
            backend.set_policy(TransitionPolicy.from_dict(_json_object(body)))
        return {"is_success": True, "policy": backend.policy.to_dict()}
    if resource == "faults":
        if method == "POST":
            backend.faults.inject(**_json_object(body))  # type: ignore[arg-type]
        elif method == "DELETE":
            backend.faults.clear()
        return {"is_success": True, "faults": backend.faults.active()}
    if method == "DELETE":
        backend.clear_journal()
    return {"is_success": True, "requests": [entry.to_dict() for entry in backend.journal]}
