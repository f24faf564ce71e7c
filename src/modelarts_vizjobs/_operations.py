"""The seven API operations, each described once for both the sync and the async client.

An ``Operation`` binds the generated ``sync_detailed``/``asyncio_detailed`` function to its
arguments and knows how to check and convert the answer; the clients add retries, deadlines
and error translation around it. Generated modules are imported here, on first use, to keep
``import modelarts_vizjobs`` cheap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._errors import ResponseShapeError
from ._response import checked_success

if TYPE_CHECKING:
    from modelarts_vizjobs_client.client import AuthenticatedClient
    from modelarts_vizjobs_client.types import Response

    from ._models import CreatedJob, VisualizationJob

__all__ = ["Operation", "Page", "create", "delete", "get", "list_page", "restart", "stop", "update"]

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One page of the list: its jobs and the server's count of all matching jobs."""

    jobs: tuple[VisualizationJob, ...]
    total: int


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One request, ready to send (possibly several times: it is rebuilt and re-signed each time).

    ``idempotent`` selects the retry rules (see ``_retry``); ``on_gone``, when set, gives the
    result to return for a 404 ``ModelArts.0102`` that follows an attempt which may have been
    carried out (the delete's "already deleted" case).
    """

    name: str
    idempotent: bool
    send: Callable[[AuthenticatedClient], Response[Any]]
    send_async: Callable[[AuthenticatedClient], Awaitable[Response[Any]]]
    convert: Callable[[Response[Any]], T]
    on_gone: Callable[[], T] | None = None


def _success(response: Response[Any], model: type[T], name: str, *, strict: bool = True) -> T:
    from ._models import check_containers  # hostile input (issue 10): raw JSON types

    answer = checked_success(
        int(response.status_code),
        response.parsed,
        model,
        response.content,
        httpx.Headers(response.headers),
        name,
        is_success_required=strict,
    )
    check_containers(response.content)  # issue 10: "jobs": {} is not an empty page
    return answer


def create(project_id: str, body: Any) -> Operation[CreatedJob]:
    from modelarts_vizjobs_client.api.visualization_jobs import create_visualization_job as api
    from modelarts_vizjobs_client.models import CreateVisualizationJobResponse

    from ._models import created_job_from

    def convert(response: Response[Any]) -> CreatedJob:
        answer = _success(response, CreateVisualizationJobResponse, "create")
        return created_job_from(answer, response.headers.get("X-Request-Id"))

    return Operation(
        "create",
        idempotent=False,
        send=lambda client: api.sync_detailed(project_id, client=client, body=body),
        send_async=lambda client: api.asyncio_detailed(project_id, client=client, body=body),
        convert=convert,
    )


def list_page(project_id: str, **query: Any) -> Operation[Page]:
    from modelarts_vizjobs_client.api.visualization_jobs import list_visualization_jobs as api
    from modelarts_vizjobs_client.models import ListVisualizationJobsResponse

    from ._models import visualization_job_from

    def convert(response: Response[Any]) -> Page:
        answer = _success(response, ListVisualizationJobsResponse, "list")
        total = answer.job_total_count
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise ResponseShapeError("job_total_count is not a non-negative integer")
        return Page(tuple(visualization_job_from(job) for job in answer.jobs), total)

    return Operation(
        "list",
        idempotent=True,
        send=lambda client: api.sync_detailed(project_id, client=client, **query),
        send_async=lambda client: api.asyncio_detailed(project_id, client=client, **query),
        convert=convert,
    )


def get(project_id: str, job_id: str) -> Operation[VisualizationJob]:
    from modelarts_vizjobs_client.api.visualization_jobs import get_visualization_job as api
    from modelarts_vizjobs_client.models import VisualizationJobDetails

    from ._models import visualization_job_from

    def convert(response: Response[Any]) -> VisualizationJob:
        # spec reading 3: details may omit is_success
        details = _success(response, VisualizationJobDetails, "get", strict=False)
        return visualization_job_from(details)

    return Operation(
        "get",
        idempotent=True,
        send=lambda client: api.sync_detailed(project_id, job_id, client=client),
        send_async=lambda client: api.asyncio_detailed(project_id, job_id, client=client),
        convert=convert,
    )


def _acknowledged(name: str) -> Callable[[Response[Any]], None]:
    from modelarts_vizjobs_client.models import OperationResult

    def convert(response: Response[Any]) -> None:
        _success(response, OperationResult, name)

    return convert


def update(project_id: str, job_id: str, description: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import update_visualization_job as api
    from modelarts_vizjobs_client.models import UpdateVisualizationJobRequest

    body = UpdateVisualizationJobRequest(job_desc=description)
    return Operation(
        "update",
        idempotent=True,
        send=lambda client: api.sync_detailed(project_id, job_id, client=client, body=body),
        send_async=lambda client: api.asyncio_detailed(
            project_id, job_id, client=client, body=body
        ),
        convert=_acknowledged("update"),
    )


def _acted_on(name: str, api: Any, project_id: str, job_id: str) -> Operation[None]:
    """Delete, stop or restart: a bodiless request on one job answered ``{"is_success": true}``."""
    return Operation(
        name,
        idempotent=True,
        send=lambda client: api.sync_detailed(project_id, job_id, client=client),
        send_async=lambda client: api.asyncio_detailed(project_id, job_id, client=client),
        convert=_acknowledged(name),
        on_gone=(lambda: None) if name == "delete" else None,
    )


def delete(project_id: str, job_id: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import delete_visualization_job

    return _acted_on("delete", delete_visualization_job, project_id, job_id)


def stop(project_id: str, job_id: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import stop_visualization_job

    return _acted_on("stop", stop_visualization_job, project_id, job_id)


def restart(project_id: str, job_id: str) -> Operation[None]:
    from modelarts_vizjobs_client.api.visualization_jobs import restart_visualization_job

    return _acted_on("restart", restart_visualization_job, project_id, job_id)
