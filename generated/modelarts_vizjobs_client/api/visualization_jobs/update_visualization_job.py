# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.operation_result import OperationResult
from ...models.update_visualization_job_request import UpdateVisualizationJobRequest
from ...types import Response, path_segment

#: The spec's ``operationId`` of this operation, and its path template (the HTTP route).
OPERATION_ID = "update_visualization_job"
ROUTE = "/v1/{project_id}/visualization-jobs/{job_id}"


def build_request(
    project_id: str,
    job_id: str,
    *,
    body: UpdateVisualizationJobRequest,
) -> dict[str, Any]:
    """The request as keyword arguments of ``httpx.Client.build_request``: ``method``, ``url``
    (a path relative to the server, each path parameter through ``path_segment``) and, when the
    operation has them, ``params``, ``json`` and ``headers``. Nothing is sent."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/{project_id}/visualization-jobs/{job_id}".format(
            project_id=path_segment("project_id", project_id),
            job_id=path_segment("job_id", job_id),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_documented(response: httpx.Response) -> ErrorResponse | OperationResult | None:
    if response.status_code == 200:
        response_200 = OperationResult.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

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


def parse_response(response: httpx.Response) -> ErrorResponse | OperationResult:
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
) -> Response[ErrorResponse | OperationResult]:
    parsed: ErrorResponse | OperationResult | None
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
    job_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateVisualizationJobRequest,
) -> Response[ErrorResponse | OperationResult]:
    """Modify the description of a visualization job

     Page modelarts_03_0067.

    Args:
        project_id (str):
        job_id (str):
        body (UpdateVisualizationJobRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        Response[ErrorResponse | OperationResult]
    """

    kwargs = build_request(
        project_id=project_id,
        job_id=job_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateVisualizationJobRequest,
) -> ErrorResponse | OperationResult | None:
    """Modify the description of a visualization job

     Page modelarts_03_0067.

    Args:
        project_id (str):
        job_id (str):
        body (UpdateVisualizationJobRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        ErrorResponse | OperationResult
    """

    return sync_detailed(
        project_id=project_id,
        job_id=job_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateVisualizationJobRequest,
) -> Response[ErrorResponse | OperationResult]:
    """Modify the description of a visualization job

     Page modelarts_03_0067.

    Args:
        project_id (str):
        job_id (str):
        body (UpdateVisualizationJobRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        Response[ErrorResponse | OperationResult]
    """

    kwargs = build_request(
        project_id=project_id,
        job_id=job_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateVisualizationJobRequest,
) -> ErrorResponse | OperationResult | None:
    """Modify the description of a visualization job

     Page modelarts_03_0067.

    Args:
        project_id (str):
        job_id (str):
        body (UpdateVisualizationJobRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.
        errors.MalformedResponse: If the body of a documented status does not parse into its model.
        ValueError: If a path parameter is "", "." or "..", before any request is sent.
        TypeError: If a path parameter is not a str, before any request is sent.

    Returns:
        ErrorResponse | OperationResult
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            job_id=job_id,
            client=client,
            body=body,
        )
    ).parsed
