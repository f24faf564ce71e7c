# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="UpdateVisualizationJobRequest")


@_attrs_define
class UpdateVisualizationJobRequest:
    """
    Attributes:
        job_desc (str): New description, 0-256 characters.
    """

    job_desc: str

    def to_dict(self) -> dict[str, Any]:
        job_desc = self.job_desc

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "job_desc": job_desc,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_desc = d.pop("job_desc")

        update_visualization_job_request = cls(
            job_desc=job_desc,
        )

        return update_visualization_job_request
