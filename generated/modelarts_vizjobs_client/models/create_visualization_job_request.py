# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.job_type import JobType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.flavor import Flavor
    from ..models.schedule import Schedule


T = TypeVar("T", bound="CreateVisualizationJobRequest")


@_attrs_define
class CreateVisualizationJobRequest:
    """
    Attributes:
        job_name (str): 1-20 characters; digits, letters, underscores and hyphens.
        train_url (str): OBS path of the training output to visualize, for example `/obs/name/`.
        job_desc (str | Unset): Description, 0-256 characters. Default: ''.
        job_type (JobType | Unset): Visualization engine. The English page spells `TensorBoard`/`MindInsight`, the
            Chinese page lowercase.
        flavor (Flavor | Unset): Resource specification. "You do not need to set this parameter."
        schedule (list[Schedule] | Schedule | Unset): The table types `schedule` as an object, the sample sends an array
            of one (reading 2).
    """

    job_name: str
    train_url: str
    job_desc: str | Unset = ""
    job_type: JobType | Unset = UNSET
    flavor: Flavor | Unset = UNSET
    schedule: list[Schedule] | Schedule | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.schedule import Schedule

        job_name = self.job_name

        train_url = self.train_url

        job_desc = self.job_desc

        job_type: str | Unset = UNSET
        if not isinstance(self.job_type, Unset):
            job_type = self.job_type.value

        flavor: dict[str, Any] | Unset = UNSET
        if not isinstance(self.flavor, Unset):
            flavor = self.flavor.to_dict()

        schedule: dict[str, Any] | list[dict[str, Any]] | Unset
        if isinstance(self.schedule, Unset):
            schedule = UNSET
        elif isinstance(self.schedule, Schedule):
            schedule = self.schedule.to_dict()
        else:
            schedule = []
            for componentsschemas_schedule_setting_type_1_item_data in self.schedule:
                componentsschemas_schedule_setting_type_1_item = (
                    componentsschemas_schedule_setting_type_1_item_data.to_dict()
                )
                schedule.append(componentsschemas_schedule_setting_type_1_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_name": job_name,
                "train_url": train_url,
            }
        )
        if job_desc is not UNSET:
            field_dict["job_desc"] = job_desc
        if job_type is not UNSET:
            field_dict["job_type"] = job_type
        if flavor is not UNSET:
            field_dict["flavor"] = flavor
        if schedule is not UNSET:
            field_dict["schedule"] = schedule

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.flavor import Flavor
        from ..models.schedule import Schedule

        d = dict(src_dict)
        job_name = d.pop("job_name")

        train_url = d.pop("train_url")

        job_desc = d.pop("job_desc", UNSET)

        _job_type = d.pop("job_type", UNSET)
        job_type: JobType | Unset
        if isinstance(_job_type, Unset):
            job_type = UNSET
        else:
            job_type = JobType(_job_type)

        _flavor = d.pop("flavor", UNSET)
        flavor: Flavor | Unset
        if isinstance(_flavor, Unset):
            flavor = UNSET
        else:
            flavor = Flavor.from_dict(_flavor)

        def _parse_schedule(data: object) -> list[Schedule] | Schedule | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_schedule_setting_type_0 = Schedule.from_dict(data)

                return componentsschemas_schedule_setting_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_schedule_setting_type_1 = []
            _componentsschemas_schedule_setting_type_1 = data
            for (
                componentsschemas_schedule_setting_type_1_item_data
            ) in _componentsschemas_schedule_setting_type_1:
                componentsschemas_schedule_setting_type_1_item = Schedule.from_dict(
                    componentsschemas_schedule_setting_type_1_item_data
                )

                componentsschemas_schedule_setting_type_1.append(
                    componentsschemas_schedule_setting_type_1_item
                )

            return componentsschemas_schedule_setting_type_1

        schedule = _parse_schedule(d.pop("schedule", UNSET))

        create_visualization_job_request = cls(
            job_name=job_name,
            train_url=train_url,
            job_desc=job_desc,
            job_type=job_type,
            flavor=flavor,
            schedule=schedule,
        )

        return create_visualization_job_request
