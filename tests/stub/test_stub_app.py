"""The seven operations and the error answers over a real socket, as the spec documents them."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus as S

from modelarts_vizjobs.stub import DEFAULT_TOKEN, StubBackend, create_app
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from modelarts_vizjobs.stub.validation import ListQuery
from tests.stub._helpers import JOBS

VALID = {"job_name": "viz-1", "train_url": "/obs/out/"}


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-request-id"]
    body: dict[str, object] = response.json()
    assert body["is_success"] is False
    assert body["error_code"] == code
    assert isinstance(body["error_message"], str) and body["error_message"]
    return body


def test_create_get_update_stop_restart_delete(api: httpx.Client) -> None:
    created = api.post(JOBS, json={**VALID, "job_desc": "first", "job_type": "mindinsight"})
    assert created.status_code == 200
    body = created.json()
    assert body["is_success"] is True
    assert body["job_name"] == "viz-1"
    assert body["status"] == S.INIT
    assert isinstance(body["job_id"], int) and isinstance(body["create_time"], int)
    job = f"{JOBS}/{body['job_id']}"

    details = api.get(job).json()
    assert details["is_success"] is True and details["status"] == S.RUNNING
    assert details["job_desc"] == "first" and details["train_url"] == "/obs/out/"
    assert "/mindinsight/" in details["service_url"]

    assert api.put(job, json={"job_desc": "second"}).json() == {"is_success": True}
    assert api.get(job).json()["job_desc"] == "second"
    assert api.post(f"{job}/stop").json() == {"is_success": True}
    assert api.get(job).json()["status"] == S.KILLED
    assert api.post(f"{job}/restart").json() == {"is_success": True}
    assert api.get(job).json()["status"] == S.RUNNING
    assert api.delete(job).json() == {"is_success": True}
    assert_error(api.get(job), 404, "ModelArts.0102")
    assert_error(api.delete(job), 404, "ModelArts.0102")


@pytest.mark.parametrize(
    ("verb", "seeded", "message"),
    [
        ("delete", S.KILLING, "This job can't be delete. job status: 9"),
        ("stop", S.COMPLETED, "This job can't be stop. job status: 10"),
        ("restart", S.RUNNING, "This job can't be resubmit. job status: 8"),
    ],
)
def test_refusals_answer_400_with_the_documented_body(
    api: httpx.Client, modelarts_stub: StubHandle, verb: str, seeded: S, message: str
) -> None:
    job = f"{JOBS}/{modelarts_stub.backend.seed(modelarts_stub.project_id, status=seeded)}"
    response = api.delete(job) if verb == "delete" else api.post(f"{job}/{verb}")
    assert response.status_code == 400
    assert response.json() == {
        "is_success": False,
        "error_code": "ModelArts.0105",
        "error_message": message,
    }


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", JOBS, "GET, POST"),
        ("DELETE", JOBS, "GET, POST"),
        ("POST", f"{JOBS}/1", "DELETE, GET, PUT"),
        ("GET", f"{JOBS}/1/stop", "POST"),
        ("HEAD", f"{JOBS}/1/restart", "POST"),
        ("OPTIONS", JOBS, "GET, POST"),
        ("OPTIONS", f"{JOBS}/1", "DELETE, GET, PUT"),
    ],
)
def test_unsupported_method_is_405_with_allow(
    api: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = api.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    if method != "HEAD":
        assert_error(response, 405, "ModelArts.2803")


@pytest.mark.parametrize(
    "path",
    ["/", "/v1", "/v2/p/visualization-jobs", f"{JOBS}/1/pause", f"{JOBS}/1/stop/now", "/_stubx"],
)
def test_unknown_route_is_404_path_not_found(api: httpx.Client, path: str) -> None:
    assert_error(api.get(path), 404, "ModelArts.2836")


@pytest.mark.parametrize(
    "job_id", ["abc", "a%2Fb", "%2F", "1.0", "-1", "99999999999999999999", "%FF", "1%E2%82"]
)
def test_job_ids_that_are_not_jobs_are_404_job_not_found(api: httpx.Client, job_id: str) -> None:
    for response in (api.get(f"{JOBS}/{job_id}"), api.post(f"{JOBS}/{job_id}/stop")):
        assert_error(response, 404, "ModelArts.0102")


def test_encoded_slash_stays_inside_the_job_id(api: httpx.Client) -> None:
    body = assert_error(api.delete(f"{JOBS}/1%2Fstop"), 404, "ModelArts.0102")
    assert body["error_message"] == "The visualization job does not exist. job id: 1/stop"


def test_path_values_longer_than_64_characters_are_400(api: httpx.Client) -> None:
    assert_error(api.get(f"{JOBS}/{'1' * 65}"), 400, "ModelArts.0101")


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{", "application/json"),
        (b"[]", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json"),  # deeper than the parser goes
        (b'{"job_name": "a", "train_url": "/x/", "job_desc": NaN}', "application/json"),
        (
            b'{"job_name": "a", "train_url": "/x/", "flavor": {"code": "c", "n": Infinity}}',
            "application/json",
        ),
        (b'{"job_name": "a", "train_url": "/x/"}', "text/plain"),
        (b'{"job_name": "a", "train_url": "/x/"}', None),
    ],
)
def test_malformed_body_or_content_type_is_400_invalid_argument(
    api: httpx.Client, content: bytes, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    assert_error(api.post(JOBS, content=content, headers=headers), 400, "ModelArts.0101")
    assert_error(api.put(f"{JOBS}/1", content=content, headers=headers), 400, "ModelArts.0101")


def test_too_large_body_is_413(api: httpx.Client) -> None:
    huge = b'{"job_desc": "' + b"x" * (1024 * 1024) + b'"}'
    headers = {"Content-Type": "application/json"}
    assert_error(api.post(JOBS, content=huge, headers=headers), 413, "ModelArts.4104")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"train_url": "/x/"}, "ModelArts.0104"),
        ({"job_name": "", "train_url": "/x/"}, "ModelArts.0104"),
        ({"job_name": "a" * 21, "train_url": "/x/"}, "ModelArts.0104"),
        ({"job_name": "bad name", "train_url": "/x/"}, "ModelArts.0104"),
        ({"job_name": 5, "train_url": "/x/"}, "ModelArts.0104"),
        ({"job_name": "a"}, "ModelArts.0104"),
        ({"job_name": "a", "train_url": ""}, "ModelArts.0104"),
        ({**VALID, "job_desc": "d" * 257}, "ModelArts.0104"),
        ({**VALID, "job_desc": None}, "ModelArts.0104"),
        ({**VALID, "job_type": "PyTorch"}, "ModelArts.0104"),
        ({**VALID, "flavor": {}}, "ModelArts.0104"),
        ({**VALID, "schedule": []}, "ModelArts.0104"),
        (
            {**VALID, "schedule": {"type": "stop", "time_unit": "HOURS", "duration": 25}},
            "ModelArts.0104",
        ),
        (
            {**VALID, "schedule": {"type": "stop", "time_unit": "HOURS", "duration": True}},
            "ModelArts.0104",
        ),
        (
            {**VALID, "schedule": {"type": "start", "time_unit": "HOURS", "duration": 1}},
            "ModelArts.0104",
        ),
        (
            {**VALID, "schedule": {"type": "stop", "time_unit": "DAYS", "duration": 1}},
            "ModelArts.0104",
        ),
        ({**VALID, "owner": "me"}, "ModelArts.0107"),
    ],
)
def test_invalid_create_bodies_are_400(api: httpx.Client, body: object, code: str) -> None:
    assert_error(api.post(JOBS, json=body), 400, code)
    assert api.get(JOBS).json()["job_total_count"] == 0


@pytest.mark.parametrize(
    "extra",
    [
        {"job_type": "TensorBoard"},
        {"job_type": "MindInsight"},
        {"job_type": "tensorboard"},
        {"job_desc": "d" * 256},
        {"flavor": {"code": "modelarts.vm.cpu.2u"}},
        {"schedule": {"type": "stop", "time_unit": "HOURS", "duration": 0}},
        {"schedule": [{"type": "stop", "time_unit": "HOURS", "duration": 24}]},
        {"schedule": [{"type": "stop", "time_unit": "HOURS", "duration": 2.0}]},
    ],
)
def test_valid_create_variants_are_accepted(api: httpx.Client, extra: dict[str, object]) -> None:
    assert api.post(JOBS, json={**VALID, "job_name": "a_B-9", **extra}).status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "ModelArts.0104"),
        ({"job_desc": 1}, "ModelArts.0104"),
        ({"job_desc": "x" * 257}, "ModelArts.0104"),
        ({"job_desc": "", "x": 1}, "ModelArts.0107"),
    ],
)
def test_invalid_update_bodies_are_400(
    api: httpx.Client, modelarts_stub: StubHandle, body: object, code: str
) -> None:
    job = f"{JOBS}/{modelarts_stub.backend.seed(modelarts_stub.project_id, job_desc='kept')}"
    assert_error(api.put(job, json=body), 400, code)
    assert api.get(job).json()["job_desc"] == "kept"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("per_page=0", "ModelArts.0104"),
        ("per_page=1001", "ModelArts.0104"),
        ("per_page=ten", "ModelArts.0101"),
        ("per_page=", "ModelArts.0101"),
        ("page=0", "ModelArts.0104"),
        ("page=1.5", "ModelArts.0101"),
        ("sortBy=duration", "ModelArts.0104"),
        ("order=up", "ModelArts.0104"),
        ("status=23", "ModelArts.0104"),
        ("status=08", "ModelArts.0104"),
        ("status=running", "ModelArts.0104"),
        ("status=", "ModelArts.0104"),
        (f"search_content={'s' * 65}", "ModelArts.0104"),
        (f"workspace_id={'w' * 65}", "ModelArts.0104"),
    ],
)
def test_invalid_list_queries_are_400(api: httpx.Client, query: str, code: str) -> None:
    assert_error(api.get(f"{JOBS}?{query}"), 400, code)


@pytest.fixture
def catalogue(modelarts_stub: StubHandle) -> dict[str, int]:
    """Five jobs with distinct names, descriptions, statuses and creation times."""
    seed = modelarts_stub.backend.seed
    rows = [
        ("beta", "d3", S.RUNNING, 500),
        ("alpha", "d1", S.KILLED, 100),
        ("gamma-x", "d5", S.RUNNING, 300),
        ("delta-x", "d2", S.FAILED, 400),
        ("epsilon", "d4", S.WAITING, 200),
    ]
    return {
        name: seed(
            modelarts_stub.project_id, job_name=name, job_desc=desc, status=st, create_time=t
        )
        for name, desc, st, t in rows
    }


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [job["job_name"] for job in response.json()["jobs"]]


def test_list_defaults_sort_by_job_id_ascending(
    api: httpx.Client, catalogue: dict[str, int]
) -> None:
    body = api.get(JOBS).json()
    assert body["is_success"] is True
    assert body["job_total_count"] == 5
    assert body["job_count_limit"] == 995
    assert body["quotas"] == 100
    assert [job["job_id"] for job in body["jobs"]] == sorted(catalogue.values())


@pytest.mark.parametrize(
    ("sort_by", "ascending"),
    [
        ("job_name", ["alpha", "beta", "delta-x", "epsilon", "gamma-x"]),
        ("job_desc", ["alpha", "delta-x", "beta", "epsilon", "gamma-x"]),
        ("create_time", ["alpha", "epsilon", "gamma-x", "delta-x", "beta"]),
        ("status", ["epsilon", "beta", "gamma-x", "delta-x", "alpha"]),
    ],
)
def test_list_sorts_by_each_field_both_ways(
    api: httpx.Client, catalogue: dict[str, int], sort_by: str, ascending: list[str]
) -> None:
    assert names(api.get(JOBS, params={"sortBy": sort_by})) == ascending
    assert names(api.get(JOBS, params={"sortBy": sort_by, "order": "desc"})) == ascending[::-1]


def test_list_paginates_and_counts_all_matches(
    api: httpx.Client, catalogue: dict[str, int]
) -> None:
    pages = [
        api.get(JOBS, params={"sortBy": "job_name", "per_page": 2, "page": page}).json()
        for page in (1, 2, 3, 4)
    ]
    assert [[job["job_name"] for job in page["jobs"]] for page in pages] == [
        ["alpha", "beta"],
        ["delta-x", "epsilon"],
        ["gamma-x"],
        [],
    ]
    assert {page["job_total_count"] for page in pages} == {5}


def test_list_filters_by_search_status_and_workspace(
    api: httpx.Client, catalogue: dict[str, int]
) -> None:
    searched = api.get(JOBS, params={"search_content": "-x", "sortBy": "job_name"})
    assert names(searched) == ["delta-x", "gamma-x"]
    assert searched.json()["job_total_count"] == 2
    assert names(api.get(JOBS, params={"status": "8", "sortBy": "job_name"})) == ["beta", "gamma-x"]
    assert names(api.get(JOBS, params={"status": "8", "search_content": "gam"})) == ["gamma-x"]
    assert names(api.get(JOBS, params={"search_content": "ALPHA"})) == []
    assert names(api.get(JOBS, params={"workspace_id": "other"})) == []


ALL_BY_NAME = ["alpha", "beta", "delta-x", "epsilon", "gamma-x"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=8&status=12", ["beta", "gamma-x"]),  # a repeated key: the first value wins
        ("search_content=-x&search_content=alpha", ["delta-x", "gamma-x"]),
        ("search_content=", ALL_BY_NAME),  # an empty search: no filter
        ("search_content=%FF%FE", []),  # not UTF-8 once decoded: matches nothing, no error
        ("search_content=%E2%82", []),  # a truncated UTF-8 sequence
        ("&&=&unknown=1&", ALL_BY_NAME),  # empty and unknown pairs are ignored
    ],
)
def test_odd_query_strings_are_read_leniently(
    api: httpx.Client, catalogue: dict[str, int], query: str, expected: list[str]
) -> None:
    assert names(api.get(f"{JOBS}?sortBy=job_name&{query}")) == expected


def test_list_and_details_show_the_documented_fields(
    api: httpx.Client, catalogue: dict[str, int]
) -> None:
    job = api.get(JOBS, params={"per_page": 1}).json()["jobs"][0]
    assert set(job) == {
        "job_id", "job_name", "status", "create_time", "duration", "job_desc",
        "service_url", "train_url", "resource_id", "remaining_duration",
    }  # fmt: skip
    details = api.get(f"{JOBS}/{job['job_id']}").json()
    assert details == {**job, "is_success": True, "duration": details["duration"]}


class _BrokenBackend(StubBackend):
    """A backend with bugs, to prove the app's safety net."""

    def list_jobs(self, project_id: str, query: ListQuery) -> dict[str, object]:
        raise RuntimeError("bug")

    def seed(self, project_id: str, **fields: Any) -> int:
        raise RuntimeError("bug")


@pytest.mark.parametrize(("method", "path"), [("GET", JOBS), ("POST", "/_stub/seed")])
def test_an_unexpected_error_is_a_json_500_not_a_text_page(method: str, path: str) -> None:
    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(_BrokenBackend()))
        async with httpx.AsyncClient(transport=transport, base_url="http://stub") as client:
            return await client.request(method, path, headers={"X-Auth-Token": DEFAULT_TOKEN})

    assert_error(asyncio.run(call()), 500, "ModelArts.0010")


def test_the_app_completes_the_asgi_lifespan() -> None:
    incoming: list[MutableMapping[str, Any]] = [
        {"type": "lifespan.startup"},
        {"type": "lifespan.shutdown"},
    ]
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return incoming.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(create_app()({"type": "lifespan"}, receive, send))
    assert [message["type"] for message in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]
