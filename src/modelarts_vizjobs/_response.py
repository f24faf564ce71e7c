"""From what happened on the wire to a checked success model or one exception of ``_errors``.

Rules, in order:

1. httpx transport errors become ``APIConnectionError`` / ``APITimeoutError``.
2. An answer the generated client cannot parse, or parses into the wrong model (undocumented
   status, HTML, empty or truncated JSON, missing fields, a status that is not an
   ``HTTPStatus``) is looked at raw: a JSON object with a string ``error_code`` (ModelArts or
   API gateway, ``error_message`` or ``error_msg``) is an error body and raises the status's
   class; anything else, and any answer with a non-standard status (499, 520, 599: no class to
   map to), raises ``APIResponseValidationError``.
3. A 200 whose ``is_success`` is false raises the class its ``error_code`` names; an
   ``is_success`` that is not a boolean, or a field of the wrong type, is a validation error.
4. ``ModelArts.0105`` always raises ``JobStateConflictError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, TypeVar

import httpx

from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidParameterError,
    JobStateConflictError,
    ModelArtsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from ._json_limits import violation as json_limits_violation  # hostile input (issue 10)
from ._logging import redact
from ._scope import CallScope

__all__ = [
    "checked_success",
    "error_from_answer",
    "is_being_deleted",
    "is_gone",
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
_HTTP_STATUSES = frozenset(status.value for status in HTTPStatus)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)


def _error_class(status: int, code: str) -> type[APIStatusError]:
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
    if (excess := json_limits_violation(content)) is not None:  # issue 10: bound before parsing
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


def error_from_answer(
    status: int, content: bytes, headers: httpx.Headers, operation: str, *, reason: str = ""
) -> ModelArtsError:
    """The exception for an answer that is not a valid success (see the module rules)."""
    fields = _error_fields(content)
    request_id = headers.get("X-Request-Id")
    if status not in _HTTP_STATUSES and not isinstance(fields, str):
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
    )


def checked_success(
    status: int,
    parsed: object,
    model: type[M],
    content: bytes,
    headers: httpx.Headers,
    operation: str,
    *,
    is_success_required: bool = True,
) -> M:
    """*parsed* when it is a 200 *model* with ``is_success`` true, else the matching exception."""
    if status != 200 or not isinstance(parsed, model) or json_limits_violation(content):  # issue 10
        raise error_from_answer(status, content, headers, operation)
    from modelarts_vizjobs_client.types import Unset

    flag = getattr(parsed, "is_success", None)
    if flag is True or (not is_success_required and isinstance(flag, Unset)):
        return parsed
    if flag is False:
        raise error_from_answer(status, content, headers, operation)
    raise APIResponseValidationError(
        "is_success is missing or not a boolean",
        status_code=status,
        body=content,
        request_id=headers.get("X-Request-Id"),
        headers=headers,
        operation=operation,
    )


def is_gone(error: ModelArtsError) -> bool:
    """True for "this job does not exist (any more)": 404 ``ModelArts.0102``."""
    return isinstance(error, NotFoundError) and error.error_code == JOB_NOT_FOUND


def is_being_deleted(error: ModelArtsError) -> bool:
    """True for ``ModelArts.0105`` with the job in 9 KILLING: the state a job whose delete was
    accepted shows until it is gone (a job being stopped shows it too: the API cannot tell)."""
    from modelarts_vizjobs_client.models.job_status import JobStatus

    return isinstance(error, JobStateConflictError) and error.job_status is JobStatus.KILLING


def _body_of(response: httpx.Response) -> bytes:
    try:
        return response.content
    except httpx.ResponseNotRead:
        return b""


def translate_exception(exc: Exception, scope: CallScope, operation: str) -> ModelArtsError | None:
    """The SDK exception for *exc*, raised while sending or by the generated client.

    The generated client reports an undocumented status as ``UnexpectedStatus`` and a body that
    does not parse as ``MalformedResponse``; any other exception raised once an answer arrived
    (kept by the response hook) is treated the same way. A RuntimeError before any answer is
    httpx refusing to send: a connection error. None for an exception that is none of these
    nor the generated client's ValueError for a refused path parameter: a bug, re-raised.
    """
    from modelarts_vizjobs_client.errors import MalformedResponse, UnexpectedStatus

    if isinstance(exc, httpx.TransportError):
        try:
            method, url = exc.request.method, str(exc.request.url)
        except RuntimeError:
            method, url = "?", "?"
        sent = not isinstance(exc, _NOT_SENT)
        kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
        detail = redact(str(exc)) or type(exc).__name__
        return kind(f"{operation}: {detail}", method=method, url=url, request_sent=sent)
    if isinstance(exc, RuntimeError) and scope.response is None:
        # httpx's state errors while sending: the client closed by another thread meanwhile,
        # or an AsyncClient's pooled connection from an event loop that has ended
        return APIConnectionError(f"{operation}: {exc}", method="?", url="?", request_sent=True)
    if isinstance(exc, httpx.DecodingError) and scope.response is not None:
        return APIResponseValidationError(
            f"body does not decode ({exc})",
            status_code=scope.response.status_code,
            body=b"",
            request_id=scope.response.headers.get("X-Request-Id"),
            headers=scope.response.headers,
            operation=operation,
        )
    if isinstance(exc, UnexpectedStatus | MalformedResponse):
        status, content, headers = exc.status_code, exc.content, httpx.Headers(exc.headers)
    elif scope.response is not None:
        status, content, headers = (
            scope.response.status_code,
            _body_of(scope.response),
            scope.response.headers,
        )
    elif isinstance(exc, ValueError):
        return InvalidParameterError(str(exc))
    else:
        return None
    undocumented = isinstance(exc, UnexpectedStatus) or status not in _HTTP_STATUSES
    reason = f"undocumented status {status}" if undocumented else "malformed answer"
    return error_from_answer(status, content, headers, operation, reason=reason)
