# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from enum import StrEnum


class SortBy(StrEnum):
    """The values of the spec's ``SortBy`` schema, named so editors complete them."""

    CREATE_TIME = "create_time"
    JOB_DESC = "job_desc"
    JOB_ID = "job_id"
    JOB_NAME = "job_name"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)
