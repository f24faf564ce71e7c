from enum import StrEnum


class ScheduleType(StrEnum):
    STOP = "stop"

    def __str__(self) -> str:
        return str(self.value)
