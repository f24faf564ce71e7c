# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from enum import StrEnum


class ScheduleType(StrEnum):
    """The values of the spec's ``ScheduleType`` schema, named so editors complete them."""

    STOP = "stop"

    def __str__(self) -> str:
        return str(self.value)
