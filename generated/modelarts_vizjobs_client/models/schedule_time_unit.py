# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from enum import StrEnum


class ScheduleTimeUnit(StrEnum):
    """The values of the spec's ``ScheduleTimeUnit`` schema, named so editors complete them."""

    HOURS = "HOURS"

    def __str__(self) -> str:
        return str(self.value)
