# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobSchedule")


@_attrs_define
class JobSchedule:
    """Auto-stop setting as responses show it (`timeUnit` in samples, `time_unit` tolerated).

    Attributes:
        type_ (str | Unset):
        timeUnit (str | Unset):
        time_unit (str | Unset):
        duration (int | Unset):
    """

    type_: str | Unset = UNSET
    timeUnit: str | Unset = UNSET
    time_unit: str | Unset = UNSET
    duration: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        timeUnit = self.timeUnit

        time_unit = self.time_unit

        duration = self.duration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if timeUnit is not UNSET:
            field_dict["timeUnit"] = timeUnit
        if time_unit is not UNSET:
            field_dict["time_unit"] = time_unit
        if duration is not UNSET:
            field_dict["duration"] = duration

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = d.pop("type", UNSET)

        timeUnit = d.pop("timeUnit", UNSET)

        time_unit = d.pop("time_unit", UNSET)

        duration = d.pop("duration", UNSET)

        job_schedule = cls(
            type_=type_,
            timeUnit=timeUnit,
            time_unit=time_unit,
            duration=duration,
        )

        job_schedule.additional_properties = d
        return job_schedule

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
