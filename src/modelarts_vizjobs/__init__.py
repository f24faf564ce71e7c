"""ModelArts visualization-jobs SDK: typed sync and asyncio clients for Huawei Cloud and
T Cloud Public.

    from modelarts_vizjobs import ModelArtsVizJobs

    with ModelArtsVizJobs.from_env() as client:
        job = client.jobs.create(job_name="tb-1", train_url="/bucket/logs/")
        for each in client.jobs.list():
            print(each.job_id, each.status)
        client.jobs.delete(job.job_id, wait=True, timeout=120)

The generated client (``modelarts_vizjobs_client``) is loaded on the first call, and the stub
and CLI are never imported from here, to keep ``import modelarts_vizjobs`` cheap.
"""

from typing import TYPE_CHECKING, Any

from ._async._client import AsyncModelArtsVizJobs
from ._auth import AkSkAuth, TokenAuth
from ._base_client import DEFAULT_TIMEOUT
from ._config import endpoint_for_region
from ._errors import (
    APIConnectionError,
    APIResponseError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidParameterError,
    JobStateConflictError,
    ModelArtsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    WaitTimeoutError,
)
from ._response import APIResponse
from ._retry import DEFAULT_MAX_RETRIES, RetryPolicy
from ._sync._client import ModelArtsVizJobs
from ._version import __version__

if TYPE_CHECKING:
    from modelarts_vizjobs_client.models import JobStatus, JobType, SortBy, SortOrder

    from ._aiohttp import DefaultAioHttpClient
    from ._prune import PruneItem, PruneOutcome, PruneProgress, PruneReport
    from ._results import BulkDeleteResult, CreatedJob, JobId, VisualizationJob

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIConnectionError",
    "APIResponse",
    "APIResponseError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AkSkAuth",
    "AsyncModelArtsVizJobs",
    "AuthenticationError",
    "BadRequestError",
    "BulkDeleteResult",
    "ConfigurationError",
    "ConflictError",
    "CreatedJob",
    "DefaultAioHttpClient",
    "InternalServerError",
    "InvalidParameterError",
    "JobId",
    "JobStateConflictError",
    "JobStatus",
    "JobType",
    "ModelArtsError",
    "ModelArtsVizJobs",
    "NotFoundError",
    "PermissionDeniedError",
    "PruneItem",
    "PruneOutcome",
    "PruneProgress",
    "PruneReport",
    "RateLimitError",
    "RedirectError",
    "RetryPolicy",
    "SortBy",
    "SortOrder",
    "TokenAuth",
    "VisualizationJob",
    "WaitTimeoutError",
    "__version__",
    "endpoint_for_region",
]

_GENERATED_ENUMS = frozenset({"JobStatus", "JobType", "SortBy", "SortOrder"})
_MODELS = frozenset({"BulkDeleteResult", "CreatedJob", "JobId", "VisualizationJob"})
_PRUNE = frozenset({"PruneItem", "PruneOutcome", "PruneProgress", "PruneReport"})


def __getattr__(name: str) -> Any:
    """Names loaded on first access: the generated enums (they pull in every generated model)
    and the result types (attrs), which a call loads anyway."""
    if name in _GENERATED_ENUMS:
        from modelarts_vizjobs_client import models

        return getattr(models, name)
    if name == "DefaultAioHttpClient":  # aiohttp is heavy: loaded only when asked for
        from ._aiohttp import DefaultAioHttpClient

        return DefaultAioHttpClient
    if name in _MODELS:
        from . import _results

        return getattr(_results, name)
    if name in _PRUNE:
        from . import _prune

        return getattr(_prune, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
