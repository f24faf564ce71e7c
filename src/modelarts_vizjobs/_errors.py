"""Every exception the SDK raises, as one tree (Stainless' design, with ModelArts' error fields).

::

    ModelArtsError                      root: ``except ModelArtsError`` catches everything below
    ├── ConfigurationError (ValueError) missing/contradictory credentials, project id or endpoint
    ├── InvalidParameterError (ValueError)  a bad argument, e.g. job id "", ".", ".."; nothing sent
    ├── APIConnectionError              no answer: DNS, refused, reset, dropped connection
    │   └── APITimeoutError             connect/read/write/pool timeout, or the call's deadline
    ├── APIResponseError                an answer arrived: ``status_code``, ``headers``, ``body``,
    │   │                               ``request_id``, ``response`` (the ``httpx.Response``)
    │   ├── APIStatusError              any 3xx/4xx/5xx, whatever its body (``error_code``,
    │   │   │                           ``error_message``, ``body_problem``)
    │   │   ├── RedirectError           3xx: redirects are never followed (``location``)
    │   │   ├── BadRequestError         400
    │   │   ├── AuthenticationError     401
    │   │   ├── PermissionDeniedError   403
    │   │   ├── NotFoundError           404
    │   │   ├── ConflictError           409
    │   │   │   └── JobStateConflictError  ModelArts.0105 at any status (the spec answers 400)
    │   │   ├── RateLimitError          429
    │   │   └── InternalServerError     500-599, standard or not (502 HTML page, 520, 599)
    │   └── APIResponseValidationError  a 2xx the SDK cannot use (HTML, empty, truncated or
    │                                   mistyped JSON), a list page that lies, status <200/>599
    └── WaitTimeoutError                ``wait=True`` ran out of time before the job settled

The status alone picks the class: other 4xx statuses (405, 413, nginx's 499) raise
``APIStatusError`` itself; an ``is_success: false`` body on a 2xx answer raises the class its
``error_code`` names. A body that is no ModelArts error leaves ``error_code`` None and names
its problem in ``body_problem``.

``str``/``repr`` show only status, codes, message and request id, and the request kept in
``response.request`` has its credential headers masked by the client once the attempt is over:
credentials never reach an exception.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models.job_status import JobStatus

__all__ = [
    "APIConnectionError",
    "APIResponseError",
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
    "RedirectError",
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


class APIResponseError(ModelArtsError):
    """Base of the errors that came with an answer (openai-python's ``APIError`` ->
    ``APIStatusError`` pattern): ``status_code``, ``headers``, ``body`` and ``request_id`` of
    the answer, and ``response``, the ``httpx.Response`` itself (None when the error was made
    by hand). ``operation`` names the call ("delete", ...)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: bytes,
        request_id: str | None,
        headers: httpx.Headers | None,
        operation: str | None,
        response: httpx.Response | None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        self.headers: httpx.Headers = (
            headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
        )
        self.operation = operation
        self.response = response


class APIStatusError(APIResponseError):
    """The server answered with an error status (3xx, 4xx, 5xx), whatever its body, or with an
    ``is_success: false`` error body on a 2xx.

    ``error_code`` and ``error_message`` are read from a ModelArts or API-gateway error body
    (``error_message`` on visualization pages, ``error_msg`` in the generic envelope and the
    gateway's); ``request_id`` from ``X-Request-Id`` or the body. When the body is not such an
    error body (an HTML page, empty, truncated, too deep, no ``error_code``...) both are None
    and ``body_problem`` says why ("body is not JSON", "empty body", ...); ``body`` keeps the
    raw bytes either way.
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
        response: httpx.Response | None = None,
        body_problem: str | None = None,
    ) -> None:
        self.error_code = error_code
        self.error_message = error_message
        self.body_problem = body_problem
        super().__init__(
            self._describe(status_code, error_code, error_message, request_id, body_problem),
            status_code=status_code,
            body=body,
            request_id=request_id,
            headers=headers,
            operation=operation,
            response=response,
        )
        self._read_body()

    def _read_body(self) -> None:
        """Where a subclass reads what its error body says, once, when the error is made."""

    @staticmethod
    def _describe(
        status_code: int,
        error_code: str | None,
        error_message: str | None,
        request_id: str | None,
        body_problem: str | None,
    ) -> str:
        text = f"HTTP {status_code} {error_code or '(no error code)'}"
        if error_message:
            text += f": {error_message}"
        elif body_problem:
            text += f" ({body_problem})"
        if request_id:
            text += f" (request id {request_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"error_code={self.error_code!r}, request_id={self.request_id!r})"
        )


class RedirectError(APIStatusError):
    """3xx: the endpoint answered with a redirect, which the SDK never follows (credentials
    stay on the endpoint's origin). ``location`` is the ``Location`` header, or None."""

    @property
    def location(self) -> str | None:
        location: str | None = self.headers.get("Location")
        return location

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, location={self.location!r}, "
            f"request_id={self.request_id!r})"
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
    message once, when the error is made ("This job can't be delete. job status: 9" ->
    ``JobStatus.KILLING``, ``"delete"``), or are None when the message does not say.
    """

    def _read_body(self) -> None:
        match = _JOB_STATE_MESSAGE.search(self.error_message or "")
        self._job_status = _job_status(match["status"]) if match else None
        self._verb = match["verb"].lower() if match else None

    @property
    def job_status(self) -> JobStatus | int | None:
        return self._job_status

    @property
    def verb(self) -> str | None:
        return self._verb or self.operation

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, verb={self.verb!r}, "
            f"job_status={self.job_status!r}, request_id={self.request_id!r})"
        )


def _job_status(digits: str) -> JobStatus | int | None:
    """The status a 0105 message names: a ``JobStatus``, the bare number for a code outside
    the table, None for digits too long to be a status."""
    if len(digits) > 12:
        return None
    from modelarts_vizjobs_client.models.job_status import JobStatus

    try:
        return JobStatus(int(digits))
    except ValueError:
        return int(digits)


class RateLimitError(APIStatusError):
    """429: throttled (``ModelArts.4206`` or an ``APIGW`` code); retried per Retry-After."""


class InternalServerError(APIStatusError):
    """Any 5xx, with an error body (``ModelArts.0010`` internal, ``4700`` unavailable) or not
    (a gateway's HTML 502, an empty 503, a CDN's non-standard 520)."""


class APIResponseValidationError(APIResponseError):
    """A 2xx answer the SDK cannot use (not JSON, truncated, wrong field types, missing
    fields, a body that does not decode), a list page that contradicts the others, or a
    status outside 200-599. Error statuses never land here: they raise ``APIStatusError``.
    ``status_code`` is 0 when the body failed to decode before the answer's status was seen
    (a mock transport given ``content=``)."""

    def __init__(
        self,
        reason: str,
        *,
        status_code: int,
        body: bytes,
        request_id: str | None = None,
        headers: httpx.Headers | None = None,
        operation: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.reason = reason
        suffix = f" (request id {request_id})" if request_id else ""
        super().__init__(
            f"invalid answer to {operation or 'request'}: HTTP {status_code}, {reason}{suffix}",
            status_code=status_code,
            body=body,
            request_id=request_id,
            headers=headers,
            operation=operation,
            response=response,
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
