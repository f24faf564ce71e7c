"""ModelArts service errors raised by the fake, each with its HTTP status and error code.

Like moto's ``exceptions.py``: the backend raises these, the ASGI layer turns them into the
documented JSON error body (``is_success: false``, ``error_code``, ``error_message``).
"""

from __future__ import annotations

__all__ = [
    "BadRequest",
    "Forbidden",
    "JobNotFound",
    "JobStateConflict",
    "MethodNotAllowed",
    "PathNotFound",
    "PayloadTooLarge",
    "QuotaExceeded",
    "RequestHeadTooLarge",
    "ServiceError",
    "Unauthorized",
]


class ServiceError(Exception):
    """A ModelArts error answer: HTTP *status*, ``error_code`` and ``error_message``."""

    status: int = 500
    error_code: str = "ModelArts.0010"

    def __init__(self, message: str, *, error_code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if error_code is not None:
            self.error_code = error_code

    def body(self) -> dict[str, object]:
        """The JSON error body the service answers with."""
        return {"is_success": False, "error_code": self.error_code, "error_message": self.message}


class BadRequest(ServiceError):
    """400: an invalid request (``ModelArts.0101`` by default, ``0104``/``0107`` when given)."""

    status = 400
    error_code = "ModelArts.0101"


class JobStateConflict(BadRequest):
    """400 ``ModelArts.0105``: the verb is not allowed in the job's current status."""

    error_code = "ModelArts.0105"

    def __init__(self, verb: str, status: int) -> None:
        super().__init__(f"This job can't be {verb}. job status: {status}")
        self.job_status = status


class QuotaExceeded(BadRequest):
    """400 ``ModelArts.0118``: the project already holds as many jobs as its quota allows."""

    error_code = "ModelArts.0118"


class Unauthorized(ServiceError):
    """401: no credential (``ModelArts.0201``), an unknown token or a bad signature (02xx)."""

    status = 401
    error_code = "ModelArts.0201"


class Forbidden(ServiceError):
    """403 ``ModelArts.0210``: a valid credential for another project."""

    status = 403
    error_code = "ModelArts.0210"


class JobNotFound(ServiceError):
    """404 ``ModelArts.0102``: no such job in this project, or it has been deleted."""

    status = 404
    error_code = "ModelArts.0102"

    def __init__(self, job_id: str) -> None:
        super().__init__(f"The visualization job does not exist. job id: {job_id}")


class PathNotFound(ServiceError):
    """404 ``ModelArts.2836``: a path the API does not have."""

    status = 404
    error_code = "ModelArts.2836"


class MethodNotAllowed(ServiceError):
    """405 ``ModelArts.2803``; *allow* lists the methods of the path for the ``Allow`` header."""

    status = 405
    error_code = "ModelArts.2803"

    def __init__(self, method: str, allow: tuple[str, ...]) -> None:
        super().__init__(f"MethodNotAllowed: {method} is not supported, use {', '.join(allow)}.")
        self.allow = allow


class PayloadTooLarge(ServiceError):
    """413 ``ModelArts.4104``: a request body over the size limit."""

    status = 413
    error_code = "ModelArts.4104"


class RequestHeadTooLarge(ServiceError):
    """431: the request line and headers exceed the server's limit (answered by the server
    before the app sees the request; same code as the body limit's 413)."""

    status = 431
    error_code = "ModelArts.4104"
