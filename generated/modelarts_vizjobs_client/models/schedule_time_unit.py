# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from enum import StrEnum


class ScheduleTimeUnit(StrEnum):
    HOURS = "HOURS"

    def __str__(self) -> str:
        return str(self.value)
