# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateVisualizationJobResponse")


@_attrs_define
class CreateVisualizationJobResponse:
    """
    Attributes:
        is_success (bool):
        job_id (int | str): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        error_code (str | Unset):
        error_message (str | Unset):
        job_name (str | Unset):
        status (int | str | Unset): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        create_time (int | str | Unset): A Long in the tables, sent as a JSON number or as a numeric string (reading 1).
        service_url (str | Unset):
    """

    is_success: bool
    job_id: int | str
    error_code: str | Unset = UNSET
    error_message: str | Unset = UNSET
    job_name: str | Unset = UNSET
    status: int | str | Unset = UNSET
    create_time: int | str | Unset = UNSET
    service_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        is_success = self.is_success

        job_id: int | str
        job_id = self.job_id

        error_code = self.error_code

        error_message = self.error_message

        job_name = self.job_name

        status: int | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        create_time: int | str | Unset
        if isinstance(self.create_time, Unset):
            create_time = UNSET
        else:
            create_time = self.create_time

        service_url = self.service_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_success": is_success,
                "job_id": job_id,
            }
        )
        if error_code is not UNSET:
            field_dict["error_code"] = error_code
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if job_name is not UNSET:
            field_dict["job_name"] = job_name
        if status is not UNSET:
            field_dict["status"] = status
        if create_time is not UNSET:
            field_dict["create_time"] = create_time
        if service_url is not UNSET:
            field_dict["service_url"] = service_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        is_success = d.pop("is_success")

        def _parse_job_id(data: object) -> int | str:
            return cast(int | str, data)

        job_id = _parse_job_id(d.pop("job_id"))

        error_code = d.pop("error_code", UNSET)

        error_message = d.pop("error_message", UNSET)

        job_name = d.pop("job_name", UNSET)

        def _parse_status(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_create_time(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        create_time = _parse_create_time(d.pop("create_time", UNSET))

        service_url = d.pop("service_url", UNSET)

        create_visualization_job_response = cls(
            is_success=is_success,
            job_id=job_id,
            error_code=error_code,
            error_message=error_message,
            job_name=job_name,
            status=status,
            create_time=create_time,
            service_url=service_url,
        )

        create_visualization_job_response.additional_properties = d
        return create_visualization_job_response

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
