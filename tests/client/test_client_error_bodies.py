"""Spec reading 9: the spec and the client say the same thing about error bodies (issue 10: a
spec-driven mock answered errors with ``is_success: true`` half the time, which the client
refused as invalid). Every body ``ErrorResponse`` allows is an error the client maps by status;
a 200 ``{"is_success": false}`` without ``error_code`` matches no schema and is invalid."""

from __future__ import annotations

from typing import Any

import httpx
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    APIResponseValidationError,
    APIStatusError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from tests.client._spec import spec
from tests.sdk._helpers import mock_client

#: The 200 answer schemas of the operations (details: reading 3 keeps is_success optional).
SUCCESS_SCHEMAS = (
    "OperationResult",
    "CreateVisualizationJobResponse",
    "ListVisualizationJobsResponse",
    "VisualizationJobDetails",
)
BY_STATUS = {
    400: BadRequestError,
    404: NotFoundError,
    429: RateLimitError,
    500: InternalServerError,
}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec()["components"]}
    return jsonschema.Draft202012Validator(schema)


text = st.text(max_size=12)
error_bodies = st.fixed_dictionaries(
    {"error_code": st.text(min_size=1, max_size=16)},
    optional={
        "is_success": st.just(False),
        "error_message": text,
        "error_msg": text,
        "request_id": text,
        "extra": st.one_of(st.none(), st.integers(), text, st.lists(st.integers(), max_size=2)),
    },
)


def test_the_spec_states_the_reading() -> None:
    schemas = spec()["components"]["schemas"]
    error = schemas["ErrorResponse"]
    assert error["required"] == ["error_code"]
    assert error["properties"]["is_success"]["const"] is False
    assert error["properties"]["error_code"]["minLength"] == 1
    for name in SUCCESS_SCHEMAS[:3]:
        assert schemas[name]["properties"]["is_success"]["const"] is True
    assert "9. **Error bodies and `is_success`.**" in spec()["info"]["description"]


@settings(max_examples=150, deadline=None)
@given(body=error_bodies, status=st.sampled_from(sorted(BY_STATUS)))
def test_every_error_body_the_spec_allows_is_the_status_error(
    body: dict[str, Any], status: int
) -> None:
    validator("ErrorResponse").validate(body)  # the drawn body is one the spec allows
    with (
        mock_client(lambda request: httpx.Response(status, json=body)) as client,
        pytest.raises(APIStatusError) as caught,
    ):
        client.jobs.delete(1)
    assert type(caught.value) is BY_STATUS[status]
    assert caught.value.error_code == body["error_code"]


@pytest.mark.parametrize(
    "body",
    [{"is_success": True, "error_code": "ModelArts.0102"}, {"is_success": False}, {}],
    ids=["is_success true", "no error_code", "empty"],
)
def test_error_bodies_the_spec_refuses_keep_the_status_class(body: dict[str, Any]) -> None:
    """The status decides the class; the body's problem is named, its error_code not trusted."""
    assert not validator("ErrorResponse").is_valid(body)
    with (
        mock_client(lambda request: httpx.Response(404, json=body)) as client,
        pytest.raises(NotFoundError) as caught,
    ):
        client.jobs.get(1)
    assert caught.value.error_code is None and caught.value.body_problem


def test_regression_a_200_is_success_false_without_error_code_matches_no_schema() -> None:
    body = {"is_success": False}
    for name in (*SUCCESS_SCHEMAS, "ErrorResponse"):
        assert not validator(name).is_valid(body), name
    with (
        mock_client(lambda request: httpx.Response(200, json=body)) as client,
        pytest.raises(APIResponseValidationError),
    ):
        client.jobs.delete(1)


def test_a_200_error_body_is_the_error_its_code_names() -> None:
    body = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "gone"}
    assert validator("ErrorResponse").is_valid(body)
    assert not validator("OperationResult").is_valid(body)
    with (
        mock_client(lambda request: httpx.Response(200, json=body)) as client,
        pytest.raises(NotFoundError),
    ):
        client.jobs.stop(1)
