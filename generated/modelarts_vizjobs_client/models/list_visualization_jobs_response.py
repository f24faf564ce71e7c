# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.visualization_job import VisualizationJob


T = TypeVar("T", bound="ListVisualizationJobsResponse")


@_attrs_define
class ListVisualizationJobsResponse:
    """
    Attributes:
        is_success (bool):
        job_total_count (int): Number of jobs matching the filter.
        jobs (list[VisualizationJob]):
        error_code (str | Unset):
        error_message (str | Unset):
        job_count_limit (int | Unset): Number of visualization jobs that can still be created.
        quotas (int | Unset): Maximum number of running visualization jobs.
    """

    is_success: bool
    job_total_count: int
    jobs: list[VisualizationJob]
    error_code: str | Unset = UNSET
    error_message: str | Unset = UNSET
    job_count_limit: int | Unset = UNSET
    quotas: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_success = self.is_success

        job_total_count = self.job_total_count

        jobs = []
        for jobs_item_data in self.jobs:
            jobs_item = jobs_item_data.to_dict()
            jobs.append(jobs_item)

        error_code = self.error_code

        error_message = self.error_message

        job_count_limit = self.job_count_limit

        quotas = self.quotas

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_success": is_success,
                "job_total_count": job_total_count,
                "jobs": jobs,
            }
        )
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if job_count_limit is not UNSET:
            field_dict["job_count_limit"] = job_count_limit
        if quotas is not UNSET:
            field_dict["quotas"] = quotas

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.visualization_job import VisualizationJob

        d = dict(src_dict)
        is_success = d.pop("is_success")

        job_total_count = d.pop("job_total_count")

        jobs = []
        _jobs = d.pop("jobs")
        for jobs_item_data in _jobs:
            jobs_item = VisualizationJob.from_dict(jobs_item_data)

            jobs.append(jobs_item)

        error_code = d.pop("error_code", UNSET)

        error_message = d.pop("error_message", UNSET)

        job_count_limit = d.pop("job_count_limit", UNSET)

        quotas = d.pop("quotas", UNSET)

        list_visualization_jobs_response = cls(
            is_success=is_success,
            job_total_count=job_total_count,
            jobs=jobs,
            error_code=error_code,
            error_message=error_message,
            job_count_limit=job_count_limit,
            quotas=quotas,
        )

        list_visualization_jobs_response.additional_properties = d
        return list_visualization_jobs_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
