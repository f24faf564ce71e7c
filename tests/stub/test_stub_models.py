"""The backend's lifecycle under each transition policy, its refusals and its quotas."""

from __future__ import annotations

import pytest
from modelarts_vizjobs_client.models.job_status import JobStatus as S

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID as PROJECT
from modelarts_vizjobs.stub import StubBackend, TransitionPolicy
from modelarts_vizjobs.stub.exceptions import JobNotFound, JobStateConflict, QuotaExceeded
from modelarts_vizjobs.stub.models import RESTARTABLE, STOPPABLE, UNDELETABLE
from modelarts_vizjobs.stub.validation import CreateRequest, ListQuery

REQUEST = CreateRequest(
    job_name="viz",
    job_desc="",
    train_url="/obs/out/",
    job_type="TensorBoard",
    flavor=None,
    schedule=None,
)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def create(backend: StubBackend) -> str:
    answer = backend.create_job(PROJECT, REQUEST)
    assert answer["status"] == S.INIT
    return str(answer["job_id"])


def status(backend: StubBackend, job_id: str) -> int:
    value = backend.get_job(PROJECT, job_id)["status"]
    assert isinstance(value, int)
    return value


def test_immediate_policy_completes_every_step_before_the_next_request() -> None:
    backend = StubBackend()
    job_id = create(backend)
    assert status(backend, job_id) == S.RUNNING
    backend.stop_job(PROJECT, job_id)
    assert status(backend, job_id) == S.KILLED
    backend.restart_job(PROJECT, job_id)
    assert status(backend, job_id) == S.RUNNING
    backend.delete_job(PROJECT, job_id)
    with pytest.raises(JobNotFound):
        backend.get_job(PROJECT, job_id)
    assert backend.list_jobs(PROJECT, ListQuery())["job_total_count"] == 0


def test_after_reads_takes_one_step_per_n_reads() -> None:
    backend = StubBackend(policy=TransitionPolicy.after_reads(2))
    job_id = create(backend)
    seen = [status(backend, job_id) for _ in range(7)]
    assert (
        seen == [S.INIT, S.SUBMIT_TRYING, S.SUBMIT_TRYING, S.WAITING, S.WAITING] + [S.RUNNING] * 2
    )
    backend.stop_job(PROJECT, job_id)
    assert [status(backend, job_id) for _ in range(3)] == [S.KILLING, S.KILLED, S.KILLED]


def test_after_reads_counts_list_reads_of_the_project() -> None:
    backend = StubBackend(policy=TransitionPolicy.after_reads(1))
    job_id = create(backend)
    running = ListQuery(status=S.RUNNING)
    totals = [backend.list_jobs(PROJECT, running)["job_total_count"] for _ in range(4)]
    assert totals == [0, 0, 1, 1]
    assert status(backend, job_id) == S.RUNNING


def test_after_seconds_follows_the_clock() -> None:
    clock = FakeClock()
    backend = StubBackend(policy=TransitionPolicy.after_seconds(5), clock=clock)
    job_id = create(backend)
    assert status(backend, job_id) == S.INIT
    clock.now += 5
    assert status(backend, job_id) == S.SUBMIT_TRYING
    clock.now += 10  # two more steps are due, each 5 s after the previous
    assert status(backend, job_id) == S.RUNNING
    clock.now += 2
    assert backend.get_job(PROJECT, job_id)["duration"] == 2000
    backend.delete_job(PROJECT, job_id)
    clock.now += 4.9
    assert status(backend, job_id) == S.KILLING
    clock.now += 0.1
    with pytest.raises(JobNotFound):
        backend.get_job(PROJECT, job_id)


def test_pending_delete_shows_killing_and_refuses_a_second_delete() -> None:
    backend = StubBackend(policy=TransitionPolicy.after_reads(1))
    job_id = str(backend.seed(PROJECT, status=S.RUNNING))
    backend.delete_job(PROJECT, job_id)
    with pytest.raises(JobStateConflict, match=r"^This job can't be delete\. job status: 9$"):
        backend.delete_job(PROJECT, job_id)
    with pytest.raises(JobNotFound):
        backend.get_job(PROJECT, job_id)  # this read completes the deletion
    with pytest.raises(JobNotFound):
        backend.delete_job(PROJECT, job_id)


@pytest.mark.parametrize(
    ("verb", "seeded", "message"),
    [
        ("delete", S.KILLING, "This job can't be delete. job status: 9"),
        ("stop", S.COMPLETED, "This job can't be stop. job status: 10"),
        ("restart", S.RUNNING, "This job can't be resubmit. job status: 8"),
    ],
)
def test_documented_refusals(verb: str, seeded: S, message: str) -> None:
    backend = StubBackend()
    job_id = str(backend.seed(PROJECT, status=seeded))
    with pytest.raises(JobStateConflict) as refused:
        getattr(backend, f"{verb}_job")(PROJECT, job_id)
    assert refused.value.message == message
    assert refused.value.error_code == "ModelArts.0105"
    assert refused.value.job_status == seeded
    assert status(backend, job_id) == seeded  # a refusal changes nothing


@pytest.mark.parametrize("seeded", list(S))
def test_each_status_allows_exactly_its_verbs(seeded: S) -> None:
    backend = StubBackend(policy=TransitionPolicy.after_reads(1000))
    allowed = {
        "stop": seeded in STOPPABLE,
        "restart": seeded in RESTARTABLE,
        "delete": seeded not in UNDELETABLE,
    }
    for verb, expected in allowed.items():
        job_id = str(backend.seed(PROJECT, status=seeded))
        try:
            getattr(backend, f"{verb}_job")(PROJECT, job_id)
        except JobStateConflict:
            assert not expected, f"{verb} refused from {seeded!r}"
        else:
            assert expected, f"{verb} accepted from {seeded!r}"


def test_unknown_and_foreign_jobs_are_not_found() -> None:
    backend = StubBackend()
    job_id = str(backend.seed("another-project"))
    for missing in (job_id, "999", "abc", "1e3", "-1", "\u0661"):
        with pytest.raises(JobNotFound, match="job id: "):
            backend.get_job(PROJECT, missing)


def test_quota_limits_creation_and_is_reported() -> None:
    backend = StubBackend(job_limit=2, quotas=7)
    create(backend)
    create(backend)
    with pytest.raises(QuotaExceeded) as refused:
        backend.create_job(PROJECT, REQUEST)
    assert refused.value.error_code == "ModelArts.0118"
    page = backend.list_jobs(PROJECT, ListQuery())
    assert (page["job_count_limit"], page["quotas"], page["job_total_count"]) == (0, 7, 2)


def test_schedule_is_shown_with_the_remaining_duration() -> None:
    clock = FakeClock()
    backend = StubBackend(clock=clock)
    job_id = str(
        backend.seed(PROJECT, schedule=[{"type": "stop", "time_unit": "HOURS", "duration": 1}])
    )
    clock.now += 60
    job = backend.get_job(PROJECT, job_id)
    assert job["schedule"] == [{"type": "stop", "timeUnit": "HOURS", "duration": 1}]
    assert job["remaining_duration"] == 3_600_000 - 60_000


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"colour": "red"}, TypeError),
        ({"schedule": {"type": "stop", "time_unit": "HOURS", "duration": 25}}, ValueError),
        ({"status": "8"}, TypeError),
        ({"job_name": None}, TypeError),
        ({"job_desc": {"a": 1}}, TypeError),
        ({"flavor": 5}, TypeError),
        ({"create_time": "x"}, TypeError),
        ({"create_time": -1}, ValueError),
        ({"duration": float("nan")}, ValueError),
        ({"duration": float("inf")}, ValueError),
        ({"job_id": 0}, ValueError),
        ({"job_id": 10**18 + 1}, ValueError),
        ({"job_id": True}, TypeError),
        ({"job_id": "10"}, TypeError),
    ],
)
def test_a_refused_seed_changes_nothing(fields: dict[str, object], error: type[Exception]) -> None:
    backend = StubBackend()
    with pytest.raises(error):
        backend.seed(PROJECT, **fields)  # type: ignore[arg-type]
    assert backend.list_jobs(PROJECT, ListQuery())["job_total_count"] == 0
    assert backend.seed(PROJECT) == 1


def test_seed_takes_an_explicit_job_id_once() -> None:
    backend = StubBackend()
    assert backend.seed(PROJECT) == 1
    assert backend.seed(PROJECT, job_id=10, job_name="sample") == 10
    assert backend.get_job(PROJECT, "10")["job_name"] == "sample"
    with pytest.raises(ValueError, match="in use"):
        backend.seed("another-project", job_id=10)  # ids are global, as on the service
    assert backend.seed(PROJECT, job_id=5) == 5  # below the counter, but free
    assert create(backend) == "11"  # handed-out ids stay above every id given
    backend.delete_job(PROJECT, "10")
    assert backend.seed(PROJECT, job_id=10) == 10  # free again once removed
    highest = backend.seed(PROJECT, job_id=10**18)
    assert backend.get_job(PROJECT, create(backend))["job_id"] == highest + 1  # still findable


def test_reset_forgets_everything_and_restarts_ids() -> None:
    backend = StubBackend()
    first = backend.seed(PROJECT)
    backend.set_policy(TransitionPolicy.after_reads(3))
    backend.add_token("extra", PROJECT)
    backend.faults.inject("drop")
    backend.reset()
    assert backend.list_jobs(PROJECT, ListQuery())["job_total_count"] == 0
    assert backend.policy == TransitionPolicy.immediate()
    assert "extra" not in backend.credentials.tokens
    assert backend.faults.active() == []
    assert backend.seed(PROJECT) == first


@pytest.mark.parametrize(
    ("factory", "argument"),
    [
        (TransitionPolicy.after_reads, 0),
        (TransitionPolicy.after_reads, 1.5),
        (TransitionPolicy.after_seconds, -1),
        (TransitionPolicy.after_seconds, float("nan")),
    ],
)
def test_policies_reject_nonsense(factory: object, argument: object) -> None:
    with pytest.raises(ValueError):
        factory(argument)  # type: ignore[operator]


def test_repr_shows_state_not_secrets() -> None:
    backend = StubBackend()
    backend.seed(PROJECT)
    text = repr(backend) + repr(backend.credentials)
    assert "jobs=1" in text
    assert "stub-token" not in text and "secret" not in text
