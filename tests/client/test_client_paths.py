"""Path parameters: any value lands in its own segment, or is refused before anything is sent."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import httpx
import pytest
from hypothesis import event, given, settings

from tests.client._spec import OPERATIONS, operations
from tests.client._transport import call, client_for
from tests.strategies import path_values

#: Values httpx would drop or collapse as dot segments / empty segments: the client refuses them.
REFUSED = ("", ".", "..")
#: httpx refuses a URL (or URL component) longer than this with InvalidURL, before sending
#: (httpx/_urlparse.py). It checks the relative URL the client is given, so the base is not counted.
HTTPX_MAX_URL_LENGTH = 65_536
#: Path template of every operation addressing one job, by operationId.
JOB_PATHS = {operation_id: path for operation_id, _, path, _ in operations() if "{job_id}" in path}
#: Parses as both OperationResult and VisualizationJobDetails.
OK_BODY = {"is_success": True, "job_id": 1, "status": 8}


def fill(template: str, values: dict[str, str]) -> str:
    """The path of ``template`` with each value percent-encoded as one segment (for its length)."""
    return re.sub(r"\{(\w+)\}", lambda m: quote(values[m.group(1)], safe=""), template)


def test_every_job_operation_is_covered() -> None:
    assert set(JOB_PATHS) == {
        "get_visualization_job",
        "update_visualization_job",
        "delete_visualization_job",
        "stop_visualization_job",
        "restart_visualization_job",
    }


@pytest.mark.parametrize("operation_id", sorted(JOB_PATHS))
@settings(max_examples=30, deadline=None)
@given(project_id=path_values(), job_id=path_values())
def test_path_values_stay_in_their_segment(operation_id: str, project_id: str, job_id: str) -> None:
    # Sync and async share one draw: generating the long strings is the costly part.
    for mode in ("sync", "async"):
        check_request_path(operation_id, mode, {"project_id": project_id, "job_id": job_id})


def check_request_path(operation_id: str, mode: str, values: dict[str, str]) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=OK_BODY)

    template = JOB_PATHS[operation_id]
    client = client_for(answer)

    if values["project_id"] in REFUSED or values["job_id"] in REFUSED:
        with pytest.raises(ValueError, match="path parameter") as refused:
            call(OPERATIONS[operation_id], mode, client, **values)
        named = re.search(r"path parameter '(\w+)'", str(refused.value))
        assert named is not None
        assert values[named.group(1)] in REFUSED
        assert sent == []
        event("refused: dot or empty segment")
        return
    if len(fill(template, values)) > HTTPX_MAX_URL_LENGTH:
        with pytest.raises(httpx.InvalidURL, match="too long"):
            call(OPERATIONS[operation_id], mode, client, **values)
        assert sent == []
        event("refused by httpx: URL too long")
        return

    response = call(OPERATIONS[operation_id], mode, client, **values)
    event("sent")

    assert response.status_code == 200
    [request] = sent
    assert request.url.host == "modelarts.example.com"
    assert request.url.query == b""
    expected = template.split("/")
    segments = request.url.raw_path.decode("ascii").split("/")
    assert len(segments) == len(expected)
    for part, segment in zip(expected, segments, strict=True):
        if part.startswith("{"):
            assert unquote(segment) == values[part.strip("{}")]
        else:
            assert segment == part
