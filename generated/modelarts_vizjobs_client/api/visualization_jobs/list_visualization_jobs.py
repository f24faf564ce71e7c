# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_visualization_jobs_response import ListVisualizationJobsResponse
from ...models.sort_by import SortBy
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset, path_segment

#: The spec's ``operationId`` of this operation, and its path template (the HTTP route).
OPERATION_ID = "list_visualization_jobs"
ROUTE = "/v1/{project_id}/visualization-jobs"


def build_request(
    project_id: str,
    *,
    status: str | Unset = UNSET,
    per_page: int | Unset = 10,
    page: int | Unset = 1,
    sort_by: SortBy | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    search_content: str | Unset = "",
    workspace_id: str | Unset = "0",
) -> dict[str, Any]:
    """The request as keyword arguments of ``httpx.Client.build_request``: ``method``, ``url``
    (a path relative to the server, each path parameter through ``path_segment``) and, when the
    operation has them, ``params``, ``json`` and ``headers``. Nothing is sent."""

    params: dict[str, Any] = {}

    params["status"] = status

    params["per_page"] = per_page

    params["page"] = page

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["sortBy"] = json_sort_by

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["search_content"] = search_content

    params["workspace_id"] = workspace_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/{project_id}/visualization-jobs".format(
            project_id=path_segment("project_id", project_id),
        ),
        "params": params,
    }

    return _kwargs


def _parse_documented(
    response: httpx.Response,
) -> ErrorResponse | ListVisualizationJobsResponse | None:
    if response.status_code == 200:
        response_200 = ListVisualizationJobsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    return None


def parse_response(response: httpx.Response) -> ErrorResponse | ListVisualizationJobsResponse:
    """The model of a documented answer, from an ``httpx.Response`` whose body has been read.

    Raises:
        errors.UnexpectedStatus: If the status is not documented for this operation.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
    """
    try:
        parsed = _parse_documented(response)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise errors.MalformedResponse(
            response.status_code, response.content, response.headers
        ) from error
    if parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)
    return parsed


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ListVisualizationJobsResponse]:
    parsed: ErrorResponse | ListVisualizationJobsResponse | None
    try:
        parsed = parse_response(response)
    except errors.UnexpectedStatus:
        if client.raise_on_unexpected_status:
            raise
        parsed = None
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    per_page: int | Unset = 10,
    page: int | Unset = 1,
    sort_by: SortBy | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    search_content: str | Unset = "",
    workspace_id: str | Unset = "0",
) -> Response[ErrorResponse | ListVisualizationJobsResponse]:
    """List visualization jobs

     Page modelarts_03_0065. Filtering, search, sorting and pagination happen on the server.

    Args:
        project_id (str):
        status (str | Unset):
        per_page (int | Unset):  Default: 10.
        page (int | Unset):  Default: 1.
        sort_by (SortBy | Unset):
        order (SortOrder | Unset):
        search_content (str | Unset):  Default: ''.
        workspace_id (str | Unset):  Default: '0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        Response[ErrorResponse | ListVisualizationJobsResponse]
    """

    kwargs = build_request(
        project_id=project_id,
        status=status,
        per_page=per_page,
        page=page,
        sort_by=sort_by,
        order=order,
        search_content=search_content,
        workspace_id=workspace_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    per_page: int | Unset = 10,
    page: int | Unset = 1,
    sort_by: SortBy | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    search_content: str | Unset = "",
    workspace_id: str | Unset = "0",
) -> ErrorResponse | ListVisualizationJobsResponse | None:
    """List visualization jobs

     Page modelarts_03_0065. Filtering, search, sorting and pagination happen on the server.

    Args:
        project_id (str):
        status (str | Unset):
        per_page (int | Unset):  Default: 10.
        page (int | Unset):  Default: 1.
        sort_by (SortBy | Unset):
        order (SortOrder | Unset):
        search_content (str | Unset):  Default: ''.
        workspace_id (str | Unset):  Default: '0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        ErrorResponse | ListVisualizationJobsResponse
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        status=status,
        per_page=per_page,
        page=page,
        sort_by=sort_by,
        order=order,
        search_content=search_content,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    per_page: int | Unset = 10,
    page: int | Unset = 1,
    sort_by: SortBy | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    search_content: str | Unset = "",
    workspace_id: str | Unset = "0",
) -> Response[ErrorResponse | ListVisualizationJobsResponse]:
    """List visualization jobs

     Page modelarts_03_0065. Filtering, search, sorting and pagination happen on the server.

    Args:
        project_id (str):
        status (str | Unset):
        per_page (int | Unset):  Default: 10.
        page (int | Unset):  Default: 1.
        sort_by (SortBy | Unset):
        order (SortOrder | Unset):
        search_content (str | Unset):  Default: ''.
        workspace_id (str | Unset):  Default: '0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        Response[ErrorResponse | ListVisualizationJobsResponse]
    """

    kwargs = build_request(
        project_id=project_id,
        status=status,
        per_page=per_page,
        page=page,
        sort_by=sort_by,
        order=order,
        search_content=search_content,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    per_page: int | Unset = 10,
    page: int | Unset = 1,
    sort_by: SortBy | Unset = UNSET,
    order: SortOrder | Unset = UNSET,
    search_content: str | Unset = "",
    workspace_id: str | Unset = "0",
) -> ErrorResponse | ListVisualizationJobsResponse | None:
    """List visualization jobs

     Page modelarts_03_0065. Filtering, search, sorting and pagination happen on the server.

    Args:
        project_id (str):
        status (str | Unset):
        per_page (int | Unset):  Default: 10.
        page (int | Unset):  Default: 1.
        sort_by (SortBy | Unset):
        order (SortOrder | Unset):
        search_content (str | Unset):  Default: ''.
        workspace_id (str | Unset):  Default: '0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        ErrorResponse | ListVisualizationJobsResponse
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            status=status,
            per_page=per_page,
            page=page,
            sort_by=sort_by,
            order=order,
            search_content=search_content,
            workspace_id=workspace_id,
        )
    ).parsed
