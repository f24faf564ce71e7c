"""From what happened on the wire to a checked success model or one exception of ``_errors``.

``Operation.result`` (``_operations``) runs these on a read answer; ``translate_exception``
covers attempts that got no (readable) answer. The status decides the class (openai-python's
``_make_status_error``); the body only adds detail. Rules, in order:

1. httpx transport errors become ``APIConnectionError`` / ``APITimeoutError``.
2. ``ModelArts.0105`` in a readable error body always raises ``JobStateConflictError``.
3. Any 3xx, 4xx or 5xx answer raises its status's class, whatever its body (HTML, empty,
   truncated, too deep, no ``error_code``, ``is_success: true``, bytes that do not decode):
   3xx ``RedirectError``, 400/401/403/404/409/429 their classes, any other 4xx (405, 413,
   nginx's 499...) ``APIStatusError``, any 5xx (including non-standard 520, 599)
   ``InternalServerError``. A body that is not a ModelArts/APIGW error leaves ``error_code``
   None and says why in ``body_problem``; ``body`` keeps the raw bytes.
4. A 2xx whose ``is_success`` is false raises the class its ``error_code`` names; any other
   2xx the SDK cannot use (not the documented model, a field of the wrong type, ``is_success``
   missing or not a boolean, a body that does not decode) is an ``APIResponseValidationError``,
   as is an answer with a status outside 200-599.
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
from ._secrets import Redactor

__all__ = [
    "HTTP_STATUSES",
    "checked_success",
    "error_from_answer",
    "is_gone",
    "status_class",
    "status_error",
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


def status_class(status: int) -> type[APIStatusError]:
    """The class of an error status (300-599), whatever the body says."""
    if status < 400:
        return RedirectError
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)


def is_error_status(status: int) -> bool:
    """True for the statuses whose class the status alone decides: 300-599."""
    return 300 <= status < 600


def _error_class(status: int, code: str | None) -> type[APIStatusError]:
    if code == STATE_CONFLICT:
        return JobStateConflictError
    if is_error_status(status) or code is None:
        return status_class(status)
    if code in _BY_CODE:  # a 2xx with is_success false: only the code says what failed
        return _BY_CODE[code]
    return next((cls for prefix, cls in _BY_CODE_PREFIX if code.startswith(prefix)), APIStatusError)


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


def status_error(
    response: httpx.Response, operation: str, *, undecodable: str | None = None
) -> APIStatusError:
    """The exception for a 3xx/4xx/5xx answer (or a 2xx error body): its status's class, with
    what a readable error body says, or why the body is not one (``body_problem``).
    *undecodable* is the reason when the body could not even be read (then kept as b"")."""
    status, headers = response.status_code, response.headers
    content = b"" if undecodable is not None else response.content
    fields = _error_fields(content) if undecodable is None else undecodable
    code, message, body_request_id = (None, None, None) if isinstance(fields, str) else fields
    if 300 <= status < 400 and message is None:
        message = f"redirect to {headers.get('Location')!r} not followed"
    return _error_class(status, code)(
        status_code=status,
        error_code=code,
        error_message=message,
        request_id=headers.get("X-Request-Id") or body_request_id,
        body=content,
        headers=headers,
        operation=operation,
        response=response,
        body_problem=fields if isinstance(fields, str) else None,
    )


def error_from_answer(
    response: httpx.Response, operation: str, *, reason: str = ""
) -> APIResponseError:
    """The exception for an answer that is not a valid success (see the module rules)."""
    status = response.status_code
    if is_error_status(status):
        return status_error(response, operation)
    fields = _error_fields(response.content)
    if 200 <= status < 300 and not isinstance(fields, str):
        return status_error(response, operation)
    if not isinstance(fields, str):
        fields = f"error body {fields[0]} with status {status}"
    return _validation_error(response, operation, f"{reason}, {fields}" if reason else fields)


def _validation_error(
    response: httpx.Response, operation: str, reason: str
) -> APIResponseValidationError:
    return APIResponseValidationError(
        reason,
        status_code=response.status_code,
        body=response.content,
        request_id=response.headers.get("X-Request-Id"),
        headers=response.headers,
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
    raise _validation_error(response, operation, "is_success is missing or not a boolean")


def is_gone(error: ModelArtsError) -> bool:
    """True for "this job does not exist (any more)": 404 ``ModelArts.0102``."""
    return isinstance(error, NotFoundError) and error.error_code == JOB_NOT_FOUND


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
        if response is not None and is_error_status(response.status_code):
            problem = f"body does not decode ({exc})"
            return status_error(response, operation, undecodable=problem)
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
