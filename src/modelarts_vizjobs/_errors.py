"""Every exception the SDK raises, as one tree (Stainless' design, with ModelArts' error fields).

::

    ModelArtsError                      root: ``except ModelArtsError`` catches everything below
    ├── ConfigurationError (ValueError) missing/contradictory credentials, project id or endpoint
    ├── InvalidParameterError (ValueError)  a bad argument, e.g. job id "", ".", ".."; nothing sent
    ├── APIConnectionError              no answer: DNS, refused, reset, dropped connection
    │   └── APITimeoutError             connect/read/write/pool timeout, or the call's deadline
    ├── APIStatusError                  the server answered with a ModelArts/APIGW error body
    │   ├── BadRequestError             400
    │   ├── AuthenticationError         401
    │   ├── PermissionDeniedError       403
    │   ├── NotFoundError               404
    │   ├── ConflictError               409
    │   │   └── JobStateConflictError   ModelArts.0105 at any status (the spec answers 400)
    │   ├── RateLimitError              429
    │   └── InternalServerError         5xx
    ├── APIResponseValidationError      an answer the spec does not allow: HTML, empty, truncated
    │                                   or mistyped JSON, undocumented status without error body
    └── WaitTimeoutError                ``wait=True`` ran out of time before the job settled

Other 4xx statuses with an error body (405, 413, ...) raise ``APIStatusError`` itself, and an
``is_success: false`` body on a 2xx answer raises the class its ``error_code`` names.

No exception keeps request headers, and ``str``/``repr`` show only status, codes, message and
request id: credentials never reach them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models.job_status import JobStatus

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidParameterError",
    "JobStateConflictError",
    "ModelArtsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "WaitTimeoutError",
]


class ModelArtsError(Exception):
    """Root of every exception raised by this SDK."""


class ConfigurationError(ModelArtsError, ValueError):
    """The client cannot be built: credentials, project id or endpoint missing or contradictory."""


class InvalidParameterError(ModelArtsError, ValueError):
    """An argument is rejected before any request is sent (job id "", ".", "..", bad page size)."""


class APIConnectionError(ModelArtsError):
    """No HTTP answer was received: connection refused, reset or dropped, DNS, TLS.

    ``request_sent`` is False when the failure came before anything was sent (connect error,
    connect or pool timeout): the server cannot have acted on the request.
    """

    def __init__(self, message: str, *, method: str, url: str, request_sent: bool) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.request_sent = request_sent

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, request_sent={self.request_sent})"


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout, or the call's own deadline, expired."""


class APIStatusError(ModelArtsError):
    """The server answered with a ModelArts or API-gateway error body.

    ``error_message`` is read from ``error_message`` (visualization pages) or ``error_msg``
    (generic envelope, API gateway); ``request_id`` from ``X-Request-Id`` or the body.
    """

    def __init__(
        self,
        *,
        status_code: int,
        error_code: str | None,
        error_message: str | None,
        request_id: str | None,
        body: bytes,
        headers: httpx.Headers | None = None,
        operation: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.error_code = error_code
        self.error_message = error_message
        self.request_id = request_id
        self.body = body
        self.headers = httpx.Headers(headers)
        self.operation = operation
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"HTTP {self.status_code} {self.error_code or '(no error code)'}"
        if self.error_message:
            text += f": {self.error_message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"error_code={self.error_code!r}, request_id={self.request_id!r})"
        )


class BadRequestError(APIStatusError):
    """400: parameter or request errors (``ModelArts.0101``, ``0103``, ``0104``, ``0107``)."""


class AuthenticationError(APIStatusError):
    """401: missing, expired or invalid credentials (``ModelArts.02xx``, ``APIGW.03xx``)."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials do not grant this project or operation (``ModelArts.0210``)."""


class NotFoundError(APIStatusError):
    """404: no such job in this project, or already deleted (``ModelArts.0102``)."""


class ConflictError(APIStatusError):
    """409, or any state conflict (see JobStateConflictError)."""


_JOB_STATE_MESSAGE = re.compile(r"can'?t be (?P<verb>\w+)\W+job status\W*(?P<status>-?\d+)", re.I)


class JobStateConflictError(ConflictError):
    """``ModelArts.0105``: the job's current status refuses this operation.

    The server answers 400 (spec reading 5) or 409; ``job_status`` and ``verb`` are read from the
    message ("This job can't be delete. job status: 9" -> ``JobStatus.KILLING``, ``"delete"``),
    or are None when the message does not say.
    """

    @property
    def job_status(self) -> JobStatus | int | None:
        from ._models import job_status

        match = _JOB_STATE_MESSAGE.search(self.error_message or "")
        return job_status(int(match["status"])) if match else None

    @property
    def verb(self) -> str | None:
        match = _JOB_STATE_MESSAGE.search(self.error_message or "")
        return match["verb"].lower() if match else self.operation

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, verb={self.verb!r}, "
            f"job_status={self.job_status!r}, request_id={self.request_id!r})"
        )


class RateLimitError(APIStatusError):
    """429: throttled (``ModelArts.4206`` or an ``APIGW`` code); retried per Retry-After."""


class InternalServerError(APIStatusError):
    """5xx with an error body (``ModelArts.0010`` internal, ``4700`` unavailable)."""


class APIResponseValidationError(ModelArtsError):
    """The answer does not match the spec: not JSON, truncated, wrong field types, missing
    fields, or an undocumented status without a ModelArts error body (e.g. an HTML 502 page)."""

    def __init__(
        self,
        reason: str,
        *,
        status_code: int,
        body: bytes,
        request_id: str | None = None,
        headers: httpx.Headers | None = None,
        operation: str | None = None,
    ) -> None:
        self.reason = reason
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        self.headers = httpx.Headers(headers)
        self.operation = operation
        suffix = f" (request id {request_id})" if request_id else ""
        super().__init__(
            f"invalid answer to {operation or 'request'}: HTTP {status_code}, {reason}{suffix}"
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, reason={self.reason!r}, "
            f"request_id={self.request_id!r})"
        )


class ResponseShapeError(Exception):
    """Internal: a field of an answer has the wrong type. The client re-raises it as
    ``APIResponseValidationError`` with the answer's status, body and request id."""


class WaitTimeoutError(ModelArtsError):
    """``wait=True`` gave up: the job did not reach the awaited state before the deadline."""

    def __init__(
        self, *, job_id: str, waiting_for: str, waited: float, last_status: JobStatus | int | None
    ) -> None:
        self.job_id = job_id
        self.waiting_for = waiting_for
        self.waited = waited
        self.last_status = last_status
        super().__init__(
            f"job {job_id} not {waiting_for} after {waited:.1f}s (last status {last_status!r})"
        )
