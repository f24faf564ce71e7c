"""The seven API operations, each described once for both clients.

An ``Operation`` holds the request the generated module's ``build_request`` describes (method,
path through the generated path guard, query, JSON body), the generated ``parse_response``
for the answer, and how to check and convert the parsed model. The clients send it
(``_async/_base_client``) and turn the answer into a result or an exception in one step
(``Operation.result``). Generated modules are imported here, on first use, to keep
``import modelarts_vizjobs`` cheap.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._error_translation import (
    HTTP_STATUSES,
    checked_success,
    error_from_answer,
    is_error_status,
    is_gone,
    status_error,
)
from ._errors import APIStatusError, JobStateConflictError, ResponseShapeError
from ._json_limits import violation as json_limits_violation
from ._lifecycle import is_being_deleted

if TYPE_CHECKING:
    from ._results import CreatedJob, VisualizationJob

__all__ = [
    "Operation",
    "Page",
    "Settled",
    "create",
    "delete",
    "get",
    "list_page",
    "restart",
    "stop",
    "update",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One page of the list: its jobs and the server's count of all matching jobs."""

    jobs: tuple[VisualizationJob, ...]
    total: int


@dataclass(frozen=True)
class Settled(Generic[T]):
    """The result of an operation found carried out by an earlier attempt."""

    result: T


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One request, ready to send (possibly several times: it is rebuilt and re-signed each time).

    ``request`` is the generated ``build_request(...)`` result, ``parse`` the generated
    ``parse_response``, ``convert`` checks the parsed model against the raw answer and makes
    the result. ``idempotent`` selects the retry rules (see ``_retry``). ``operation_id`` and
    ``route`` are the spec's, from the generated module (telemetry names spans with them).

    ``settled_after_lost_answer`` is what this operation alone knows about a retry: after an
    attempt the server may have carried out although its answer was lost (read timeout,
    dropped connection, 5xx), it reads a later attempt's error and returns ``Settled(result)``
    when that error shows the earlier attempt went through, else None. The client asks it and
    knows nothing else of operations (the delete's "already gone" is defined with ``delete``).
    """

    name: str
    idempotent: bool
    request: dict[str, Any]
    parse: Callable[[httpx.Response], Any]
    convert: Callable[[Any, httpx.Response], T]
    operation_id: str
    route: str
    settled_after_lost_answer: Callable[[APIStatusError], Settled[T] | None] | None = None

    def result(self, response: httpx.Response) -> T:
        """The call's result from its answer (body read), or the exception the answer stands
        for: the one place an answer is parsed (generated ``parse_response``, then
        ``convert``; see ``_error_translation`` for the rules)."""
        status = response.status_code
        if is_error_status(status):  # the status decides the class, whatever the body
            raise status_error(response, self.name)
        if json_limits_violation(response.content) is not None:
            # bounded before anything parses it (deep nesting, huge numbers): _error_fields
            # gives the reason, and never an error class for such a body
            raise error_from_answer(response, self.name)
        from modelarts_vizjobs_client.errors import MalformedResponse, UnexpectedStatus

        try:
            parsed = self.parse(response)
        except (UnexpectedStatus, MalformedResponse) as exc:
            undocumented = isinstance(exc, UnexpectedStatus) or status not in HTTP_STATUSES
            reason = f"undocumented status {status}" if undocumented else "malformed answer"
            raise error_from_answer(response, self.name, reason=reason) from None
        try:
            return self.convert(parsed, response)
        except ResponseShapeError as exc:
            raise error_from_answer(response, self.name, reason=str(exc)) from None


def _success(
    parsed: object, response: httpx.Response, model: type[T], name: str, *, strict: bool = True
) -> T:
    from ._results import check_containers

    answer = checked_success(parsed, model, response, name, is_success_required=strict)
    check_containers(response.content)  # "jobs": {} is not an empty page
    return answer


def create(project_id: str, body: Any) -> Operation[CreatedJob]:
    from modelarts_vizjobs_client.api.visualization_jobs import create_visualization_job as api
    from modelarts_vizjobs_client.models import CreateVisualizationJobResponse

    from ._results import created_job_from

    def convert(parsed: object, response: httpx.Response) -> CreatedJob:
        answer = _success(parsed, response, CreateVisualizationJobResponse, "create")
        return created_job_from(answer, response.headers.get("X-Request-Id"))

    return Operation(
        "create",
        idempotent=False,
        request=api.build_request(project_id, body=body),
        parse=api.parse_response,
        operation_id=api.OPERATION_ID,
        route=api.ROUTE,
        convert=convert,
    )


def list_page(project_id: str, **query: Any) -> Operation[Page]:
    from modelarts_vizjobs_client.api.visualization_jobs import list_visualization_jobs as api
    from modelarts_vizjobs_client.models import ListVisualizationJobsResponse

    from ._results import visualization_job_from

    def convert(parsed: object, response: httpx.Response) -> Page:
        answer = _success(parsed, response, ListVisualizationJobsResponse, "list")
        total = answer.job_total_count
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise ResponseShapeError("job_total_count is not a non-negative integer")
        return Page(tuple(visualization_job_from(job) for job in answer.jobs), total)

    return Operation(
        "list",
        idempotent=True,
        request=api.build_request(project_id, **query),
        parse=api.parse_response,
        operation_id=api.OPERATION_ID,
        route=api.ROUTE,
        convert=convert,
    )


def get(project_id: str, job_id: str) -> Operation[VisualizationJob]:
    from modelarts_vizjobs_client.api.visualization_jobs import get_visualization_job as api
    from modelarts_vizjobs_client.models import VisualizationJobDetails

    from ._results import visualization_job_from

    def convert(parsed: object, response: httpx.Response) -> VisualizationJob:
        # spec reading 3: details may omit is_success
        details = _success(parsed, response, VisualizationJobDetails, "get", strict=False)
        return visualization_job_from(details)

    return Operation(
        "get",
        idempotent=True,
        request=api.build_request(project_id, job_id),
        parse=api.parse_response,
        operation_id=api.OPERATION_ID,
        route=api.ROUTE,
        convert=convert,
    )


@functools.cache  # one converter per operation, not one per call
def _acknowledged(name: str) -> Callable[[object, httpx.Response], None]:
    from modelarts_vizjobs_client.models import OperationResult

    def convert(parsed: object, response: httpx.Response) -> None:
        _success(parsed, response, OperationResult, name)

    return convert


def update(project_id: str, job_id: str, description: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import update_visualization_job as api
    from modelarts_vizjobs_client.models import UpdateVisualizationJobRequest

    body = UpdateVisualizationJobRequest(job_desc=description)
    return Operation(
        "update",
        idempotent=True,
        request=api.build_request(project_id, job_id, body=body),
        parse=api.parse_response,
        operation_id=api.OPERATION_ID,
        route=api.ROUTE,
        convert=_acknowledged("update"),
    )


def _acted_on(
    name: str,
    api: Any,
    project_id: str,
    job_id: str,
    settled: Callable[[APIStatusError], Settled[None] | None] | None = None,
) -> Operation[None]:
    """Delete, stop or restart: a bodiless request on one job answered ``{"is_success": true}``."""
    return Operation(
        name,
        idempotent=True,
        request=api.build_request(project_id, job_id),
        parse=api.parse_response,
        operation_id=api.OPERATION_ID,
        route=api.ROUTE,
        convert=_acknowledged(name),
        settled_after_lost_answer=settled,
    )


def _deleted_after_lost_answer(error: APIStatusError) -> Settled[None] | None:
    """A delete retried after a lost answer is done when the job is gone (404
    ``ModelArts.0102``; a bare gateway 404 says nothing of the job) or is being deleted
    (``ModelArts.0105`` in 9 KILLING, what an accepted delete shows until the job is gone;
    a job being stopped shows it too: the API cannot tell)."""
    if is_gone(error) or (
        isinstance(error, JobStateConflictError) and is_being_deleted(error.job_status)
    ):
        return Settled(None)
    return None


def delete(project_id: str, job_id: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import delete_visualization_job

    return _acted_on(
        "delete", delete_visualization_job, project_id, job_id, _deleted_after_lost_answer
    )


def stop(project_id: str, job_id: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import stop_visualization_job

    return _acted_on("stop", stop_visualization_job, project_id, job_id)


def restart(project_id: str, job_id: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import restart_visualization_job

    return _acted_on("restart", restart_visualization_job, project_id, job_id)
