# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

"""Contains all the data models used in inputs/outputs"""

from .create_visualization_job_request import CreateVisualizationJobRequest
from .create_visualization_job_response import CreateVisualizationJobResponse
from .error_response import ErrorResponse
from .flavor import Flavor
from .job_schedule import JobSchedule
from .job_status import JobStatus
from .job_type import JobType
from .list_visualization_jobs_response import ListVisualizationJobsResponse
from .operation_result import OperationResult
from .schedule import Schedule
from .schedule_time_unit import ScheduleTimeUnit
from .schedule_type import ScheduleType
from .sort_by import SortBy
from .sort_order import SortOrder
from .update_visualization_job_request import UpdateVisualizationJobRequest
from .visualization_job import VisualizationJob
from .visualization_job_details import VisualizationJobDetails

__all__ = (
    "CreateVisualizationJobRequest",
    "CreateVisualizationJobResponse",
    "ErrorResponse",
    "Flavor",
    "JobSchedule",
    "JobStatus",
    "JobType",
    "ListVisualizationJobsResponse",
    "OperationResult",
    "Schedule",
    "ScheduleTimeUnit",
    "ScheduleType",
    "SortBy",
    "SortOrder",
    "UpdateVisualizationJobRequest",
    "VisualizationJob",
    "VisualizationJobDetails",
)
