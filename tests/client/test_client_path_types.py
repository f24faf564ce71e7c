"""The generated path guard takes only ``str`` (issue 10: ``job_id=None`` went to
``.../visualization-jobs/None``, ``True`` to ``/True``, ``b"10"`` to ``/b%2710%27``)."""

from __future__ import annotations

import httpx
import pytest

from tests.client._spec import OPERATIONS
from tests.client._transport import call, client_for

JOB_OPERATIONS = sorted(
    name
    for name in OPERATIONS
    if name not in ("create_visualization_job", "list_visualization_jobs")
)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("value", [None, True, b"10", 10, 1.5], ids=repr)
@pytest.mark.parametrize("operation_id", JOB_OPERATIONS)
@pytest.mark.parametrize("parameter", ["project_id", "job_id"])
def test_regression_non_str_path_values_raise_type_error_before_sending(
    mode: str, value: object, operation_id: str, parameter: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"is_success": True})

    path = {"project_id": "p", "job_id": "1", parameter: value}
    with pytest.raises(TypeError, match=f"path parameter '{parameter}' must be a str"):
        call(OPERATIONS[operation_id], mode, client_for(handler), **path)  # type: ignore[arg-type]
    assert not sent
