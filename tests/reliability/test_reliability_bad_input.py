"""Bad input: hostile job ids and malformed answers end in documented exceptions only.

The facade runs over its real generated client and ``httpx.MockTransport`` (no server can be
made to send truncated JSON or a 1xx final answer on demand). Every call either returns or
raises a subclass of ``ModelArtsError``; a hostile id is refused before sending or sent as
exactly one path segment. Each test prints how many cases it tried.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelarts_vizjobs import (
    InvalidParameterError,
    JobId,
    ModelArtsError,
    ModelArtsVizJobs,
    NotFoundError,
)
from tests.strategies import malformed_answers, path_values

PROJECT = "a4a5d4098fb4474fa22cd05f897d6b99"
ENDPOINT = "https://modelarts.example.invalid"
JOBS_PATH = f"/v1/{PROJECT}/visualization-jobs"
NOT_FOUND = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "not found"}

#: Every facade operation that takes a job id, as (name, call).
ID_OPERATIONS: dict[str, Callable[[ModelArtsVizJobs, JobId], object]] = {
    "get": lambda client, job_id: client.jobs.get(job_id),
    "update": lambda client, job_id: client.jobs.update(job_id, "d"),
    "stop": lambda client, job_id: client.jobs.stop(job_id),
    "restart": lambda client, job_id: client.jobs.restart(job_id),
    "delete": lambda client, job_id: client.jobs.delete(job_id),
}


def _with_id(call: Callable[[ModelArtsVizJobs, JobId], object], client: ModelArtsVizJobs) -> object:
    return call(client, 8992)


#: Every facade operation, for malformed answers (list is drained, at most 20 pages).
ALL_OPERATIONS: dict[str, Callable[[ModelArtsVizJobs], object]] = {
    "create": lambda client: client.jobs.create(
        job_name="viz", train_url="/bucket/logs/", job_type="TensorBoard"
    ),
    "list": lambda client: list(itertools.islice(client.jobs.list(), 20 * 1000)),
    **{name: partial(_with_id, call) for name, call in ID_OPERATIONS.items()},
    "delete_many": lambda client: client.jobs.delete_many([1, 2, 3], concurrency=2),
}

_cases: dict[str, int] = {}


@contextmanager
def facade(handler: Callable[[httpx.Request], httpx.Response]) -> Iterator[ModelArtsVizJobs]:
    transport = httpx.MockTransport(handler)
    http_client = httpx.Client(base_url=ENDPOINT, transport=transport)
    with ModelArtsVizJobs(
        project_id=PROJECT,
        endpoint=ENDPOINT,
        token="bad-input-token",
        max_retries=0,
        timeout=5.0,
        http_client=http_client,
    ) as client:
        yield client


@pytest.fixture(scope="module", autouse=True)
def _report_cases() -> Iterator[None]:
    yield
    print(f"\nbad input cases tried: {dict(sorted(_cases.items()))}")


def _count(kind: str) -> None:
    _cases[kind] = _cases.get(kind, 0) + 1


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operation=st.sampled_from(sorted(ID_OPERATIONS)), job_id=path_values())
def test_hostile_ids_are_refused_or_sent_as_one_segment(operation: str, job_id: str) -> None:
    _count("hostile ids")
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json=NOT_FOUND)

    with facade(handler) as client:
        try:
            ID_OPERATIONS[operation](client, job_id)
        except InvalidParameterError:
            assert not sent, "a refused id must not reach the network"
            return
        except ModelArtsError:
            pass
    assert sent, f"{operation}({job_id!r}) neither refused the id nor sent a request"
    for request in sent:
        raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        assert raw_path.startswith(JOBS_PATH + "/"), raw_path
        segments = raw_path[len(JOBS_PATH) + 1 :].split("/")
        assert unquote(segments[0]) == job_id
        assert segments[1:] in ([], ["stop"], ["restart"]), raw_path


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operation=st.sampled_from(sorted(ALL_OPERATIONS)), answer=malformed_answers())
def test_malformed_answers_raise_documented_errors_only(
    operation: str, answer: tuple[int, dict[str, str], bytes]
) -> None:
    _count("malformed answers")
    status, headers, body = answer

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body)

    with facade(handler) as client:
        try:
            ALL_OPERATIONS[operation](client)
        except ModelArtsError as error:
            assert "bad-input-token" not in f"{error!s} {error!r}"
            _count(type(error).__name__)
        else:
            _count("returned")


@pytest.mark.parametrize("operation", sorted(ALL_OPERATIONS))
def test_a_valid_error_answer_still_reads_as_its_class(operation: str) -> None:
    """Guard against a vacuous pass: the same harness does surface a well-formed error."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=json.dumps(NOT_FOUND).encode())

    with facade(handler) as client:
        try:
            result = ALL_OPERATIONS[operation](client)
        except ModelArtsError as error:
            assert isinstance(error, NotFoundError) and error.error_code == "ModelArts.0102"
        else:
            # only delete_many returns: every id a failure, each the 404 itself
            assert operation == "delete_many", f"{operation} ignored a 404 and returned {result!r}"
            failures = result.failures  # type: ignore[attr-defined]
            assert sorted(failures) == [1, 2, 3]
            assert all(isinstance(e, NotFoundError) for e in failures.values())
