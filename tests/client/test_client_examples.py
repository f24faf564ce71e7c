"""Every documented example of the spec parses into its generated model and round-trips."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from modelarts_vizjobs_client import models

from tests.client._spec import documented_examples, operations

EXAMPLES = list(documented_examples())


def undeclared_keys(value: Any) -> list[str]:
    """Keys that landed in ``additional_properties`` anywhere in a parsed model.

    The models keep unknown keys there, so a round trip alone would accept a misspelt field.
    """
    found: list[str] = []
    if attrs.has(type(value)):
        found += list(getattr(value, "additional_properties", {}))
        for field in attrs.fields(type(value)):
            if field.name != "additional_properties":
                found += undeclared_keys(getattr(value, field.name))
    elif isinstance(value, list):
        for item in value:
            found += undeclared_keys(item)
    return found


@pytest.mark.parametrize(("where", "schema", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_example_parses_into_its_model_and_round_trips(
    where: str, schema: str, example: Any
) -> None:
    model = getattr(models, schema)
    parsed = model.from_dict(example)
    assert undeclared_keys(parsed) == []
    assert parsed.to_dict() == example


def test_walk_finds_every_operation_and_both_example_forms() -> None:
    wheres = [where for where, _, _ in EXAMPLES]
    assert {operation_id for operation_id, *_ in operations()} <= {w.split(" ")[0] for w in wheres}
    # Named `examples` (several per media type) and the single `example` form.
    assert {"documented", "documented_2022", "details_failure"} <= {
        w.split(" ")[-1] for w in wheres
    }
    assert "components/responses/Unauthorized" in wheres
