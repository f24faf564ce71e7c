# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

from enum import StrEnum


class SortOrder(StrEnum):
    """The values of the spec's ``SortOrder`` schema, named so editors complete them."""

    ASC = "asc"
    DESC = "desc"

    def __str__(self) -> str:
        return str(self.value)
