# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.schedule_time_unit import ScheduleTimeUnit
from ..models.schedule_type import ScheduleType

T = TypeVar("T", bound="Schedule")


@_attrs_define
class Schedule:
    """Auto-stop setting of a create request.

    Attributes:
        type_ (ScheduleType):
        time_unit (ScheduleTimeUnit):
        duration (int): Hours after which the job stops.
    """

    type_: ScheduleType
    time_unit: ScheduleTimeUnit
    duration: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        time_unit = self.time_unit.value

        duration = self.duration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "time_unit": time_unit,
                "duration": duration,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = ScheduleType(d.pop("type"))

        time_unit = ScheduleTimeUnit(d.pop("time_unit"))

        duration = d.pop("duration")

        schedule = cls(
            type_=type_,
            time_unit=time_unit,
            duration=duration,
        )

        schedule.additional_properties = d
        return schedule

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
