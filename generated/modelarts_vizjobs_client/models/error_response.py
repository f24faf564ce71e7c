# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """ModelArts error body. The visualization pages use `error_message`; the generic envelope and the
    API gateway use `error_msg` (reading 6). `is_success` is false when present (reading 9).

        Attributes:
            error_code (str): `ModelArts.NNNN`, or `APIGW.NNNN` from the API gateway.
            is_success (bool | Unset):
            error_message (str | Unset):
            error_msg (str | Unset):
            request_id (str | Unset):
    """

    error_code: str
    is_success: bool | Unset = UNSET
    error_message: str | Unset = UNSET
    error_msg: str | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code

        is_success = self.is_success

        error_message = self.error_message

        error_msg = self.error_msg

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error_code": error_code,
            }
        )
        if is_success is not UNSET:
            field_dict["is_success"] = is_success
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if error_msg is not UNSET:
            field_dict["error_msg"] = error_msg
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        error_code = d.pop("error_code")

        is_success = d.pop("is_success", UNSET)

        error_message = d.pop("error_message", UNSET)

        error_msg = d.pop("error_msg", UNSET)

        request_id = d.pop("request_id", UNSET)

        error_response = cls(
            error_code=error_code,
            is_success=is_success,
            error_message=error_message,
            error_msg=error_msg,
            request_id=request_id,
        )

        error_response.additional_properties = d
        return error_response

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
