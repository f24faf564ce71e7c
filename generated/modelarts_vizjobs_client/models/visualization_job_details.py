# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_schedule import JobSchedule


T = TypeVar("T", bound="VisualizationJobDetails")


@_attrs_define
class VisualizationJobDetails:
    """Details of one job (reading 3, `is_success` optional).

    Attributes:
        job_id (int | str): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        status (int | str): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        job_name (str | Unset):
        create_time (int | str | Unset): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        duration (int | str | Unset): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        job_desc (str | Unset):
        service_url (str | Unset):
        train_url (str | Unset):
        resource_id (str | Unset):
        schedule (list[JobSchedule] | Unset):
        remaining_duration (int | None | Unset):
        is_success (bool | Unset):
        error_code (str | Unset):
        error_message (str | Unset):
    """

    job_id: int | str
    status: int | str
    job_name: str | Unset = UNSET
    create_time: int | str | Unset = UNSET
    duration: int | str | Unset = UNSET
    job_desc: str | Unset = UNSET
    service_url: str | Unset = UNSET
    train_url: str | Unset = UNSET
    resource_id: str | Unset = UNSET
    schedule: list[JobSchedule] | Unset = UNSET
    remaining_duration: int | None | Unset = UNSET
    is_success: bool | Unset = UNSET
    error_code: str | Unset = UNSET
    error_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id: int | str
        job_id = self.job_id

        status: int | str
        status = self.status

        job_name = self.job_name

        create_time: int | str | Unset
        if isinstance(self.create_time, Unset):
            create_time = UNSET
        else:
            create_time = self.create_time

        duration: int | str | Unset
        if isinstance(self.duration, Unset):
            duration = UNSET
        else:
            duration = self.duration

        job_desc = self.job_desc

        service_url = self.service_url

        train_url = self.train_url

        resource_id = self.resource_id

        schedule: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.schedule, Unset):
            schedule = []
            for schedule_item_data in self.schedule:
                schedule_item = schedule_item_data.to_dict()
                schedule.append(schedule_item)

        remaining_duration: int | None | Unset
        if isinstance(self.remaining_duration, Unset):
            remaining_duration = UNSET
        else:
            remaining_duration = self.remaining_duration

        is_success = self.is_success

        error_code = self.error_code

        error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "status": status,
            }
        )
        if job_name is not UNSET:
            field_dict["job_name"] = job_name
        if create_time is not UNSET:
            field_dict["create_time"] = create_time
        if duration is not UNSET:
            field_dict["duration"] = duration
        if job_desc is not UNSET:
            field_dict["job_desc"] = job_desc
        if service_url is not UNSET:
            field_dict["service_url"] = service_url
        if train_url is not UNSET:
            field_dict["train_url"] = train_url
        if resource_id is not UNSET:
            field_dict["resource_id"] = resource_id
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if remaining_duration is not UNSET:
            field_dict["remaining_duration"] = remaining_duration
        if is_success is not UNSET:
            field_dict["is_success"] = is_success
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if error_message is not UNSET:
            field_dict["error_message"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_schedule import JobSchedule

        d = dict(src_dict)

        def _parse_job_id(data: object) -> int | str:
            return cast(int | str, data)

        job_id = _parse_job_id(d.pop("job_id"))

        def _parse_status(data: object) -> int | str:
            return cast(int | str, data)

        status = _parse_status(d.pop("status"))

        job_name = d.pop("job_name", UNSET)

        def _parse_create_time(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        create_time = _parse_create_time(d.pop("create_time", UNSET))

        def _parse_duration(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        duration = _parse_duration(d.pop("duration", UNSET))

        job_desc = d.pop("job_desc", UNSET)

        service_url = d.pop("service_url", UNSET)

        train_url = d.pop("train_url", UNSET)

        resource_id = d.pop("resource_id", UNSET)

        _schedule = d.pop("schedule", UNSET)
        schedule: list[JobSchedule] | Unset = UNSET
        if _schedule is not UNSET:
            schedule = []
            for schedule_item_data in _schedule:
                schedule_item = JobSchedule.from_dict(schedule_item_data)

                schedule.append(schedule_item)

        def _parse_remaining_duration(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        remaining_duration = _parse_remaining_duration(d.pop("remaining_duration", UNSET))

        is_success = d.pop("is_success", UNSET)

        error_code = d.pop("error_code", UNSET)

        error_message = d.pop("error_message", UNSET)

        visualization_job_details = cls(
            job_id=job_id,
            status=status,
            job_name=job_name,
            create_time=create_time,
            duration=duration,
            job_desc=job_desc,
            service_url=service_url,
            train_url=train_url,
            resource_id=resource_id,
            schedule=schedule,
            remaining_duration=remaining_duration,
            is_success=is_success,
            error_code=error_code,
            error_message=error_message,
        )

        visualization_job_details.additional_properties = d
        return visualization_job_details

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
