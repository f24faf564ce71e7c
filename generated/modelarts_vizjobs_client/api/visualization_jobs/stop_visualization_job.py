from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.operation_result import OperationResult
from ...types import Response


def _get_kwargs(
    project_id: str,
    job_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/{project_id}/visualization-jobs/{job_id}/stop".format(
            project_id=quote(str(project_id), safe=""),
            job_id=quote(str(job_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | OperationResult | None:
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

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | OperationResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | OperationResult]:
    """Stop a visualization job

     Page modelarts_03_0069. Asynchronous: a running job goes through 9 (KILLING) to 12 (KILLED).
    A job that cannot be stopped answers 400 `ModelArts.0105` "This job can't be stop. job status: N".

    Args:
        project_id (str):
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | OperationResult]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        job_id=job_id,
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
) -> ErrorResponse | OperationResult | None:
    """Stop a visualization job

     Page modelarts_03_0069. Asynchronous: a running job goes through 9 (KILLING) to 12 (KILLED).
    A job that cannot be stopped answers 400 `ModelArts.0105` "This job can't be stop. job status: N".

    Args:
        project_id (str):
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | OperationResult
    """

    return sync_detailed(
        project_id=project_id,
        job_id=job_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | OperationResult]:
    """Stop a visualization job

     Page modelarts_03_0069. Asynchronous: a running job goes through 9 (KILLING) to 12 (KILLED).
    A job that cannot be stopped answers 400 `ModelArts.0105` "This job can't be stop. job status: N".

    Args:
        project_id (str):
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | OperationResult]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        job_id=job_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    job_id: str,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | OperationResult | None:
    """Stop a visualization job

     Page modelarts_03_0069. Asynchronous: a running job goes through 9 (KILLING) to 12 (KILLED).
    A job that cannot be stopped answers 400 `ModelArts.0105` "This job can't be stop. job status: N".

    Args:
        project_id (str):
        job_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | OperationResult
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            job_id=job_id,
            client=client,
        )
    ).parsed
