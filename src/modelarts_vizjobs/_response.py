"""From what happened on the wire to a checked success model or one exception of ``_errors``.

``Operation.result`` (``_operations``) runs these on a read answer; ``translate_exception``
covers attempts that got no (readable) answer. Rules, in order:

1. httpx transport errors become ``APIConnectionError`` / ``APITimeoutError``; a body that does
   not decode (bad gzip...) is an ``APIResponseValidationError``.
2. A 3xx is a ``RedirectError`` (never followed, never a success).
3. An answer the generated client cannot parse, or parses into the wrong model (undocumented
   status, HTML, empty or truncated JSON, missing fields, a status that is not an
   ``HTTPStatus``) is looked at raw: a JSON object with a string ``error_code`` (ModelArts or
   API gateway, ``error_message`` or ``error_msg``) is an error body and raises the status's
   class; anything else, and any answer with a non-standard status (499, 520, 599: no class to
   map to), raises ``APIResponseValidationError``.
4. A 200 whose ``is_success`` is false raises the class its ``error_code`` names; an
   ``is_success`` that is not a boolean, or a field of the wrong type, is a validation error.
5. ``ModelArts.0105`` always raises ``JobStateConflictError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, TypeVar

import httpx

from ._errors import (
    APIConnectionError,
    APIResponseError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    JobStateConflictError,
    ModelArtsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
)
from ._json_limits import violation as json_limits_violation
from ._logging import Redactor

__all__ = [
    "HTTP_STATUSES",
    "checked_success",
    "error_from_answer",
    "is_being_deleted",
    "is_gone",
    "redirect_error",
    "translate_exception",
]

M = TypeVar("M")

STATE_CONFLICT = "ModelArts.0105"
JOB_NOT_FOUND = "ModelArts.0102"

_BY_STATUS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}
#: For ``is_success: false`` on a 2xx, where the status says nothing.
_BY_CODE: Mapping[str, type[APIStatusError]] = {
    JOB_NOT_FOUND: NotFoundError,
    "ModelArts.0108": PermissionDeniedError,
    "ModelArts.0210": PermissionDeniedError,
    "ModelArts.4206": RateLimitError,
    "ModelArts.0010": InternalServerError,
    "ModelArts.4700": InternalServerError,
}
_BY_CODE_PREFIX = (("ModelArts.02", AuthenticationError), ("ModelArts.01", BadRequestError))
HTTP_STATUSES = frozenset(status.value for status in HTTPStatus)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)


def _error_class(status: int, code: str) -> type[APIStatusError]:
    if 300 <= status < 400:
        return RedirectError
    if code == STATE_CONFLICT:
        return JobStateConflictError
    if 200 <= status < 300:
        if code in _BY_CODE:
            return _BY_CODE[code]
        return next(
            (cls for prefix, cls in _BY_CODE_PREFIX if code.startswith(prefix)), APIStatusError
        )
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _error_fields(content: bytes) -> tuple[str, str | None, str | None] | str:
    """(error_code, message, body request id) of a ModelArts/APIGW error body, or why not one."""
    from modelarts_vizjobs_client.models.error_response import ErrorResponse

    if not content.strip():
        return "empty body"
    if (excess := json_limits_violation(content)) is not None:  # bounded before parsing
        return excess
    try:
        data = json.loads(content)
    except ValueError:
        return "body is not JSON"
    if not isinstance(data, dict):
        return f"body is a JSON {type(data).__name__}, not an object"
    try:
        body = ErrorResponse.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return "body has no error_code"
    raw = body.to_dict()
    if not isinstance(body.error_code, str) or not body.error_code:
        return "error_code is not a string"
    if raw.get("is_success", False) is not False:
        return "error body with is_success not false"
    for key in ("error_message", "error_msg", "request_id"):
        if key in raw and not isinstance(raw[key], str):
            return f"{key} is not a string"
    message = _text(raw, "error_message") or _text(raw, "error_msg")
    return body.error_code, message, _text(raw, "request_id")


def redirect_error(response: httpx.Response, operation: str) -> RedirectError:
    """The error for a 3xx: redirects are never followed."""
    fields = _error_fields(response.content)
    code, message = (None, None) if isinstance(fields, str) else fields[:2]
    location = response.headers.get("Location")
    return RedirectError(
        status_code=response.status_code,
        error_code=code,
        error_message=message or f"redirect to {location!r} not followed",
        request_id=response.headers.get("X-Request-Id"),
        body=response.content,
        headers=response.headers,
        operation=operation,
        response=response,
    )


def error_from_answer(
    response: httpx.Response, operation: str, *, reason: str = ""
) -> APIResponseError:
    """The exception for an answer that is not a valid success (see the module rules)."""
    status, content, headers = response.status_code, response.content, response.headers
    fields = _error_fields(content)
    request_id = headers.get("X-Request-Id")
    if status not in HTTP_STATUSES and not isinstance(fields, str):
        # 499, 520, 599...: no HTTP status class to map to, whatever the body says.
        fields = f"error body {fields[0]} with a non-standard status"
    if isinstance(fields, str):
        return APIResponseValidationError(
            f"{reason}, {fields}" if reason else fields,
            status_code=status,
            body=content,
            request_id=request_id,
            headers=headers,
            operation=operation,
            response=response,
        )
    code, message, body_request_id = fields
    return _error_class(status, code)(
        status_code=status,
        error_code=code,
        error_message=message,
        request_id=request_id or body_request_id,
        body=content,
        headers=headers,
        operation=operation,
        response=response,
    )


def checked_success(
    parsed: object,
    model: type[M],
    response: httpx.Response,
    operation: str,
    *,
    is_success_required: bool = True,
) -> M:
    """*parsed* when it is a 200 *model* with ``is_success`` true, else the matching exception."""
    if response.status_code != 200 or not isinstance(parsed, model):
        raise error_from_answer(response, operation)
    from modelarts_vizjobs_client.types import Unset

    flag = getattr(parsed, "is_success", None)
    if flag is True or (not is_success_required and isinstance(flag, Unset)):
        return parsed
    if flag is False:
        raise error_from_answer(response, operation)
    raise APIResponseValidationError(
        "is_success is missing or not a boolean",
        status_code=response.status_code,
        body=response.content,
        request_id=response.headers.get("X-Request-Id"),
        headers=response.headers,
        operation=operation,
        response=response,
    )


def is_gone(error: ModelArtsError) -> bool:
    """True for "this job does not exist (any more)": 404 ``ModelArts.0102``."""
    return isinstance(error, NotFoundError) and error.error_code == JOB_NOT_FOUND


def is_being_deleted(error: ModelArtsError) -> bool:
    """True for ``ModelArts.0105`` with the job in 9 KILLING: the state a job whose delete was
    accepted shows until it is gone (a job being stopped shows it too: the API cannot tell)."""
    from modelarts_vizjobs_client.models.job_status import JobStatus

    return isinstance(error, JobStateConflictError) and error.job_status is JobStatus.KILLING


def translate_exception(
    exc: Exception,
    request: httpx.Request,
    response: httpx.Response | None,
    operation: str,
    redact: Redactor,
) -> ModelArtsError | None:
    """The SDK exception for *exc*, raised while sending *request* or reading the body of
    *response* (None when no answer arrived); None for an exception that is none of these (a
    bug: the caller re-raises it).

    A RuntimeError before any answer is httpx refusing to send (the client closed by another
    thread meanwhile, or an AsyncClient's pooled connection from an event loop that has ended).
    """
    if isinstance(exc, httpx.DecodingError):
        # over a socket, raised while the SDK reads the body; a mock transport given
        # ``content=`` raises it before any response exists (status 0: none to report)
        headers = response.headers if response is not None else httpx.Headers()
        return APIResponseValidationError(
            f"body does not decode ({exc})",
            status_code=0 if response is None else response.status_code,
            body=b"",
            request_id=headers.get("X-Request-Id"),
            headers=headers,
            operation=operation,
            response=response,
        )
    method, url = request.method, str(request.url)
    if isinstance(exc, httpx.TransportError):
        sent = response is not None or not isinstance(exc, _NOT_SENT)
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        detail = redact(str(exc)) or type(exc).__name__
        return kind(f"{operation}: {detail}", method=method, url=url, request_sent=sent)
    if isinstance(exc, RuntimeError) and response is None:
        detail = redact(str(exc))
        return APIConnectionError(
            f"{operation}: {detail}", method=method, url=url, request_sent=True
        )
    return None
