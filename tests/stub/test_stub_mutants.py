"""What the stub answers that the other stub tests did not pin (survivors of `make mutation` in
``stub.models``, ``stub.auth``, ``stub.app``, ``stub.faults``): its documented defaults, the
fields a created job shows, the messages of its refusals, the control plane's fault records,
recordings as seed data and a dropped connection in process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus as S

from modelarts_vizjobs import _signing
from modelarts_vizjobs.cassette import Cassette
from modelarts_vizjobs.stub import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    DEFAULT_TOKEN,
    StubBackend,
    StubTransport,
    TransitionPolicy,
    create_app,
)
from modelarts_vizjobs.stub.app import (
    MAX_BODY_BYTES,
)
from modelarts_vizjobs.stub.exceptions import JobNotFound, QuotaExceeded
from modelarts_vizjobs.stub.journal import JournalEntry
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from modelarts_vizjobs.stub.validation import CreateRequest, ListQuery
from tests.stub._helpers import JOBS, signed_headers

SCHEDULE = {"type": "stop", "time_unit": "HOURS", "duration": 2}
REQUEST = CreateRequest(
    job_name="viz",
    job_desc="",
    train_url="/obs/out/",
    job_type="TensorBoard",
    flavor={"code": "modelarts.vm.cpu.2u"},
    schedule=SCHEDULE,
)


def test_a_fresh_backend_has_the_documented_limits() -> None:
    """1000 jobs per project, quotas 100, a journal of the last 10,000 requests."""
    backend = StubBackend()
    page = backend.list_jobs(DEFAULT_PROJECT_ID, ListQuery())
    assert (page["job_count_limit"], page["quotas"]) == (1000, 100)
    entry = JournalEntry("GET", "/", "", 200, {}, "r")
    for _ in range(10_001):
        backend.record(entry)
    assert len(backend.journal) == 10_000


def test_a_created_job_answers_its_url_and_keeps_its_schedule() -> None:
    backend = StubBackend()
    answer = backend.create_job(DEFAULT_PROJECT_ID, REQUEST)
    job_id = str(answer["job_id"])
    assert answer["service_url"] == backend.get_job(DEFAULT_PROJECT_ID, job_id)["service_url"]
    shown = backend.get_job(DEFAULT_PROJECT_ID, job_id)
    assert shown["schedule"] == [{"type": "stop", "timeUnit": "HOURS", "duration": 2}]


def test_creating_past_the_limit_says_which_limit() -> None:
    backend = StubBackend(job_limit=1)
    backend.create_job(DEFAULT_PROJECT_ID, REQUEST)
    with pytest.raises(QuotaExceeded) as refused:
        backend.create_job(DEFAULT_PROJECT_ID, REQUEST)
    assert refused.value.body()["error_message"] == (
        "The expected visualization jobs exceeds the quota limit (1)."
    )


def test_a_restarted_job_shows_init_first() -> None:
    backend = StubBackend(policy=TransitionPolicy.after_reads(2))
    job_id = str(backend.seed(DEFAULT_PROJECT_ID, status=S.KILLED))
    backend.restart_job(DEFAULT_PROJECT_ID, job_id)
    assert backend.get_job(DEFAULT_PROJECT_ID, job_id)["status"] == S.INIT


def _recording(*job_ids: int) -> dict[str, object]:
    """A cassette whose list answer shows *job_ids* (as `conformance --record` writes it)."""
    jobs = [{"job_id": job_id, "job_name": f"rec-{job_id}", "status": 8} for job_id in job_ids]
    cassette = Cassette(endpoint="https://modelarts.example", project_id="p")
    cassette.interactions.append(
        {
            "operation": "list_visualization_jobs",
            "elapsed_ms": 1.0,
            "request": {"method": "GET", "path": "/v1/p/visualization-jobs", "query": []},
            "response": {"status": 200, "headers": {}, "body": {"is_success": True, "jobs": jobs}},
        }
    )
    return cassette.to_dict()


def test_seed_from_a_recording_adds_its_jobs_to_the_default_project() -> None:
    backend = StubBackend()
    assert backend.seed_from(_recording(7, 9)) == [7, 9]
    names = [job["job_name"] for job in backend.list_jobs(DEFAULT_PROJECT_ID, ListQuery())["jobs"]]
    assert sorted(names) == ["rec-7", "rec-9"]


def test_seed_from_into_a_chosen_project() -> None:
    backend = StubBackend()
    assert backend.seed_from(_recording(3), project_id="other") == [3]
    assert backend.get_job("other", "3")["job_name"] == "rec-3"


def test_a_recording_that_cannot_be_seeded_adds_nothing_and_says_why() -> None:
    backend = StubBackend()
    backend.seed(DEFAULT_PROJECT_ID, job_id=9)
    with pytest.raises(ValueError, match=r"^cannot seed the recording: "):
        backend.seed_from(_recording(7, 9))  # 9 is taken: 7 is taken back
    listed = backend.list_jobs(DEFAULT_PROJECT_ID, ListQuery())["jobs"]
    assert [job["job_id"] for job in listed] == [9]


def test_the_control_plane_lists_each_fault_with_all_its_fields(
    api: httpx.Client, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("status", status=503, count=2, retry_after=3)
    modelarts_stub.backend.faults.inject("latency", delay=0.25, ratio=0.5)
    status = {"kind": "status", "count": 2, "ratio": None, "status": 503, "retry_after": 3}
    latency = {"kind": "latency", "count": None, "ratio": 0.5, "status": None, "retry_after": None}
    assert api.get("/_stub/faults").json()["faults"] == [
        {**status, "delay": 0.0},
        {**latency, "delay": 0.25},
    ]


def test_an_unknown_control_path_is_named_in_the_404(api: httpx.Client) -> None:
    answer = api.get("/_stub/faults/extra")
    assert answer.status_code == 404
    assert answer.json()["error_code"] == "ModelArts.2836"
    assert answer.json()["error_message"] == "PathNotFound: /_stub/faults/extra"


def test_an_unknown_token_is_told_so(anonymous: httpx.Client) -> None:
    answer = anonymous.get(
        f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs", headers={"X-Auth-Token": "not-a-token"}
    )
    assert answer.status_code == 401
    assert (answer.json()["error_code"], answer.json()["error_message"]) == (
        "ModelArts.0203",
        "Invalid token.",
    )


def test_a_request_without_token_is_told_so(anonymous: httpx.Client) -> None:
    answer = anonymous.get(f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs")
    assert answer.status_code == 401
    assert (answer.json()["error_code"], answer.json()["error_message"]) == (
        "ModelArts.0201",
        "Token doesn't exist.",
    )


def test_create_app_without_a_backend_serves_a_fresh_one() -> None:
    async def list_jobs() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://stub") as client:
            return await client.get(
                f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs",
                headers={"X-Auth-Token": DEFAULT_TOKEN},
            )

    answer = asyncio.run(list_jobs())
    assert (answer.status_code, answer.json()["job_total_count"]) == (200, 0)


def test_a_dropped_connection_in_process_reads_like_httpx_own() -> None:
    backend = StubBackend()
    backend.faults.inject("drop", count=1)
    with (
        httpx.Client(transport=StubTransport(backend), base_url="http://stub") as client,
        pytest.raises(httpx.RemoteProtocolError) as dropped,
    ):
        client.get(f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs")
    assert str(dropped.value) == "Server disconnected without sending a response."


def test_an_unknown_or_deleted_job_is_named_in_the_404() -> None:
    backend = StubBackend()
    job_id = str(backend.seed(DEFAULT_PROJECT_ID))
    backend.delete_job(DEFAULT_PROJECT_ID, job_id)
    message = f"The visualization job does not exist. job id: {job_id}"
    with pytest.raises(JobNotFound) as gone:
        backend.get_job(DEFAULT_PROJECT_ID, job_id)
    assert gone.value.body()["error_message"] == message
    with pytest.raises(JobNotFound) as unknown:
        backend.update_job(DEFAULT_PROJECT_ID, "4242", "new description")
    assert unknown.value.body()["error_message"] == message.replace(job_id, "4242")


class _Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_listing_moves_jobs_along_by_the_clock() -> None:
    clock = _Clock()
    backend = StubBackend(policy=TransitionPolicy.after_seconds(1), clock=clock)
    backend.create_job(DEFAULT_PROJECT_ID, REQUEST)
    clock.now += 1.5
    (job,) = backend.list_jobs(DEFAULT_PROJECT_ID, ListQuery())["jobs"]
    assert job["status"] == S.SUBMIT_TRYING


def test_a_running_duration_counts_from_the_listing_that_started_it() -> None:
    clock = _Clock()
    backend = StubBackend(clock=clock)
    job_id = str(backend.create_job(DEFAULT_PROJECT_ID, REQUEST)["job_id"])
    assert backend.list_jobs(DEFAULT_PROJECT_ID, ListQuery())["jobs"][0]["status"] == S.RUNNING
    clock.now += 10
    assert backend.get_job(DEFAULT_PROJECT_ID, job_id)["duration"] == 10_000


def test_a_step_made_by_a_read_is_dated_at_that_read() -> None:
    """``after_reads``: each read 10 s after the last moves the job one step; the read that
    makes it RUNNING starts its duration (0 s then, 5 s five seconds later), not the step
    before it."""
    clock = _Clock()
    backend = StubBackend(policy=TransitionPolicy.after_reads(1), clock=clock)
    job_id = str(backend.create_job(DEFAULT_PROJECT_ID, REQUEST)["job_id"])
    shown: dict[str, object] = {"status": None}
    for _ in range(10):
        clock.now += 10
        shown = backend.get_job(DEFAULT_PROJECT_ID, job_id)
        if shown["status"] == S.RUNNING:
            break
    assert (shown["status"], shown["duration"]) == (S.RUNNING, 0)
    clock.now += 5
    assert backend.get_job(DEFAULT_PROJECT_ID, job_id)["duration"] == 5000


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("nope", {}, "fault kind must be one of latency, status, drop, got 'nope'"),
        ("drop", {"count": 0}, "count must be an integer >= 1, got 0"),
        ("drop", {"count": True}, "count must be an integer >= 1, got True"),
        ("drop", {"count": "2"}, "count must be an integer >= 1, got '2'"),
        ("drop", {"ratio": 0}, "ratio must be a number in (0, 1], got 0"),
        ("drop", {"ratio": True}, "ratio must be a number in (0, 1], got True"),
        ("latency", {"delay": 60.5}, "a latency fault needs delay in (0, 60] seconds, got 60.5"),
        ("latency", {"delay": "5"}, "a latency fault needs delay in (0, 60] seconds, got '5'"),
        ("drop", {"delay": 1}, "delay only applies to latency faults"),
        ("status", {"status": 418}, "status must be one of [429, 500, 503], got 418"),
        (
            "status",
            {"status": 503, "retry_after": True},
            "retry_after must be an integer >= 0, got True",
        ),
        (
            "status",
            {"status": 503, "retry_after": -1},
            "retry_after must be an integer >= 0, got -1",
        ),
        ("drop", {"status": 503}, "status and retry_after only apply to status faults"),
    ],
)
def test_a_fault_that_makes_no_sense_is_refused_with_the_reason(
    kind: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError) as refused:
        StubBackend().faults.inject(kind, **options)  # type: ignore[arg-type]
    assert str(refused.value) == message


def test_faults_at_the_documented_limits_are_taken() -> None:
    faults = StubBackend().faults
    faults.inject("drop", ratio=1)
    faults.inject("latency", delay=60)
    faults.inject("status", status=500)
    faults.inject("status", status=503)
    assert [(rule["ratio"], rule["delay"], rule["retry_after"]) for rule in faults.active()] == [
        (1.0, 0.0, None),
        (None, 60.0, None),
        (None, 0.0, None),  # a 500 carries no Retry-After unless asked
        (None, 0.0, 1),  # 429 and 503 say "retry after 1 s" by default
    ]


@pytest.mark.parametrize(
    ("headers", "code", "message"),
    [
        ({"X-Auth-Token": ""}, "ModelArts.0201", "Token doesn't exist."),
        ({"Authorization": ""}, "ModelArts.0205", "No authorization request header."),
        ({"X-Sdk-Date": "20261205T000000Z"}, "ModelArts.0205", "No authorization request header."),
        (
            {"Authorization": "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=00ff"},
            "ModelArts.0206",
            "Incorrect authorization request header format.",
        ),
        (
            {"Authorization": f"SDK-HMAC-SHA256 Access={DEFAULT_ACCESS_KEY}, SignedHeaders=host, "
             "Signature="},
            "ModelArts.0206",
            "Incorrect authorization request header format.",
        ),
        (
            {"Authorization": f"SDK-HMAC-SHA256 Access={DEFAULT_ACCESS_KEY}, SignedHeaders=, "
             "Signature=00ff"},
            "ModelArts.0206",
            "Incorrect authorization request header format.",
        ),
    ],
)  # fmt: skip
def test_blank_or_incomplete_credentials_are_refused_with_the_service_s_words(
    anonymous: httpx.Client, headers: dict[str, str], code: str, message: str
) -> None:
    answer = anonymous.get(f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs", headers=headers)
    assert answer.status_code == 401
    assert (answer.json()["error_code"], answer.json()["error_message"]) == (code, message)


def test_after_seconds_0_walks_every_step_at_once_when_the_job_is_created() -> None:
    clock = _Clock()
    backend = StubBackend(policy=TransitionPolicy.after_seconds(0), clock=clock)
    job_id = str(backend.create_job(DEFAULT_PROJECT_ID, REQUEST)["job_id"])
    clock.now += 5
    shown = backend.get_job(DEFAULT_PROJECT_ID, job_id)
    assert (shown["status"], shown["duration"]) == (S.RUNNING, 5000)


def test_after_seconds_dates_each_step_on_its_schedule_not_on_the_read() -> None:
    """Steps at 101, 102, 103 s: read at 103.5 s, the job has been running for 0.5 s."""
    clock = _Clock()
    backend = StubBackend(policy=TransitionPolicy.after_seconds(1), clock=clock)
    job_id = str(backend.create_job(DEFAULT_PROJECT_ID, REQUEST)["job_id"])
    clock.now += 3.5
    shown = backend.get_job(DEFAULT_PROJECT_ID, job_id)
    assert (shown["status"], shown["duration"]) == (S.RUNNING, 500)


def test_a_seeded_job_is_named_seeded_unless_named() -> None:
    backend = StubBackend()
    job_id = str(backend.seed(DEFAULT_PROJECT_ID))
    assert backend.get_job(DEFAULT_PROJECT_ID, job_id)["job_name"] == "seeded"


def _signed(anonymous: httpx.Client, moment: datetime | None = None) -> dict[str, str]:
    url = str(anonymous.base_url.join(JOBS))
    return signed_headers("GET", url, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, moment=moment)


def test_a_signature_dated_over_15_minutes_away_is_refused(anonymous: httpx.Client) -> None:
    headers = _signed(anonymous, datetime.now(UTC) - timedelta(minutes=16))
    answer = anonymous.get(JOBS, headers=headers)
    assert (answer.status_code, answer.json()["error_message"]) == (
        401,
        "Failed to check the authorization request header. "
        "X-Sdk-Date is more than 15 minutes away from the server time.",
    )


def test_a_signature_without_its_date_is_refused(anonymous: httpx.Client) -> None:
    headers = _signed(anonymous)
    del headers[_signing.DATE_HEADER]
    answer = anonymous.get(JOBS, headers=headers)
    assert (answer.status_code, answer.json()["error_message"]) == (
        401,
        "Failed to check the authorization request header. "
        "X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ.",
    )


def test_a_signature_that_leaves_the_host_unsigned_is_refused(anonymous: httpx.Client) -> None:
    headers = _signed(anonymous)
    parsed = _signing.parse_authorization(headers["Authorization"])
    assert parsed is not None
    headers["Authorization"] = _signing.authorization_value(
        parsed.access_key, ["x-sdk-date"], parsed.signature
    )
    answer = anonymous.get(JOBS, headers=headers)
    assert (answer.status_code, answer.json()["error_message"]) == (
        401,
        "Failed to check the authorization request header. Host and X-Sdk-Date must be signed.",
    )


def test_a_signed_header_that_is_not_sent_counts_as_empty(anonymous: httpx.Client) -> None:
    url = anonymous.base_url.join(JOBS)
    headers = {"Host": url.netloc.decode(), _signing.DATE_HEADER: _signing.format_sdk_date()}
    names = [*_signing.signable_header_names(headers), "x-not-sent"]
    canonical = _signing.canonical_request("GET", JOBS, [], headers, names, b"")
    signature = _signing.sign(DEFAULT_SECRET_KEY, headers[_signing.DATE_HEADER], canonical)
    headers["Authorization"] = _signing.authorization_value(DEFAULT_ACCESS_KEY, names, signature)
    assert anonymous.get(JOBS, headers=headers).status_code == 200


def test_the_sdk_date_is_utc_whatever_the_machine_s_time_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        now = _signing.parse_sdk_date(_signing.format_sdk_date())
        beijing = datetime(2026, 12, 5, 8, 0, tzinfo=timezone(timedelta(hours=8)))
        given = _signing.format_sdk_date(beijing)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert now is not None and abs(now - datetime.now(UTC)) < timedelta(seconds=5)
    assert given == "20261205T000000Z"


def test_the_running_duration_adds_up_over_restarts() -> None:
    clock = _Clock()
    backend = StubBackend(clock=clock)
    job_id = str(backend.seed(DEFAULT_PROJECT_ID, status=S.KILLED))
    for seconds in (10, 5):
        backend.restart_job(DEFAULT_PROJECT_ID, job_id)
        assert backend.get_job(DEFAULT_PROJECT_ID, job_id)["status"] == S.RUNNING
        clock.now += seconds
        backend.stop_job(DEFAULT_PROJECT_ID, job_id)
    shown = backend.get_job(DEFAULT_PROJECT_ID, job_id)
    assert (shown["status"], shown["duration"]) == (S.KILLED, 15_000)


def test_a_job_whose_delete_completes_on_the_clock_is_named_in_the_404() -> None:
    clock = _Clock()
    backend = StubBackend(policy=TransitionPolicy.after_seconds(1), clock=clock)
    first, second = (str(backend.seed(DEFAULT_PROJECT_ID)) for _ in range(2))
    backend.delete_job(DEFAULT_PROJECT_ID, first)
    backend.delete_job(DEFAULT_PROJECT_ID, second)
    clock.now += 2
    with pytest.raises(JobNotFound) as read:
        backend.get_job(DEFAULT_PROJECT_ID, first)
    with pytest.raises(JobNotFound) as updated:
        backend.update_job(DEFAULT_PROJECT_ID, second, "too late")
    message = "The visualization job does not exist. job id: {}"
    assert read.value.body()["error_message"] == message.format(first)
    assert updated.value.body()["error_message"] == message.format(second)


def test_a_body_at_the_limit_is_read_and_one_byte_more_is_refused(api: httpx.Client) -> None:
    """1 MiB is taken (and judged as JSON: 400); 1 MiB + 1 byte answers 413 unread."""
    at_limit = b" " * (MAX_BODY_BYTES - 2) + b"{}"
    taken = api.post(JOBS, content=at_limit, headers={"Content-Type": "application/json"})
    assert taken.status_code == 400
    over = api.post(JOBS, content=at_limit + b" ", headers={"Content-Type": "application/json"})
    assert (over.status_code, over.json()["error_message"]) == (
        413,
        "Invalid request body because the size exceeds the maximum size allowed.",
    )


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (f"/v1/{'p' * 65}/visualization-jobs", "project_id"),
        (f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/{'1' * 65}", "job_id"),
    ],
)
def test_a_path_value_over_64_characters_is_named_in_the_400(
    anonymous: httpx.Client, modelarts_stub: StubHandle, path: str, name: str
) -> None:
    modelarts_stub.backend.add_token("long-project-token", "p" * 65)
    token = DEFAULT_TOKEN if name == "job_id" else "long-project-token"
    answer = anonymous.get(path, headers={"X-Auth-Token": token})
    assert (answer.status_code, answer.json()["error_message"]) == (
        400,
        f"Invalid Argument. {name} must be 1-64 characters.",
    )


def _chunks(*parts: bytes) -> Iterator[bytes]:
    yield from parts


def test_a_chunked_body_is_read_whole_and_limited_by_what_arrives(api: httpx.Client) -> None:
    """Without Content-Length the stub counts the bytes as they come, in every chunk."""
    request = b'{"job_name": "chunked", "train_url": "/obs/out/", "job_type": "TensorBoard"}'
    json = {"Content-Type": "application/json"}
    created = api.post(JOBS, content=_chunks(request[:10], request[10:]), headers=json)
    assert (created.status_code, created.json().get("job_name")) == (200, "chunked"), created.text
    half = b" " * (MAX_BODY_BYTES // 2)
    at_limit = api.post(JOBS, content=_chunks(half, half[:-2], b"{}"), headers=json)
    assert at_limit.status_code == 400  # read whole, then judged as a create
    over = api.post(JOBS, content=_chunks(half, half, b" "), headers=json)
    assert (over.status_code, over.json()["error_message"]) == (
        413,
        "Invalid request body because the size exceeds the maximum size allowed.",
    )
