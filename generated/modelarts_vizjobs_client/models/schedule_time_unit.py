from enum import StrEnum


class ScheduleTimeUnit(StrEnum):
    HOURS = "HOURS"

    def __str__(self) -> str:
        return str(self.value)
