"""Model-based test: the generated client drives the stub over a real socket beside a model.

The stub runs `TransitionPolicy.after_reads(n)`: an asynchronous step (create, stop, restart,
delete) completes only after *n* reads that see the job, so a job being deleted stays visible,
in status 9, until reads move it on. The model replays the same lifecycle and the same reads
and must agree with every answer. Invariants: the list equals the model, details agree with the
list, deleted jobs vanish once their transition completes, refused operations leave the job
untouched, and nothing answers 5xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from modelarts_vizjobs_client import AuthenticatedClient
from modelarts_vizjobs_client.api.visualization_jobs import (
    create_visualization_job,
    delete_visualization_job,
    get_visualization_job,
    list_visualization_jobs,
    restart_visualization_job,
    stop_visualization_job,
    update_visualization_job,
)
from modelarts_vizjobs_client.models import (
    CreateVisualizationJobRequest,
    CreateVisualizationJobResponse,
    ErrorResponse,
    JobStatus,
    ListVisualizationJobsResponse,
    OperationResult,
    SortBy,
    SortOrder,
    UpdateVisualizationJobRequest,
    VisualizationJob,
    VisualizationJobDetails,
)
from modelarts_vizjobs_client.types import UNSET, Response, Unset

from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, StubServer, TransitionPolicy
from tests.strategies import invalid_job_names, job_descriptions, job_names

S = JobStatus
#: The oracle: the lifecycle table of the stub's documentation (modelarts_vizjobs.stub.models),
#: restated here rather than imported so that a change of behaviour cannot hide in both at once.
#: From the API reference: delete refuses 9 KILLING (modelarts_03_0068), stop refuses 10
#: COMPLETED (0069), restart refuses 8 RUNNING (0070); the UMN: restart takes stopped jobs.
STOPPABLE = frozenset(
    {S.INIT, S.IMAGE_CREATING, S.SUBMIT_TRYING, S.WAITING, S.RUNNING, S.SCALING}
    | {S.CHECK_INIT, S.CHECK_RUNNING}
)
RESTARTABLE = frozenset(
    {S.IMAGE_FAILED, S.SUBMIT_FAILED, S.COMPLETED, S.FAILED, S.KILLED, S.CANCELED, S.LOST}
    | {S.SUBMIT_MODEL_FAILED, S.DEPLOY_SERVICE_FAILED, S.CHECK_RUNNING_COMPLETED}
    | {S.CHECK_FAILED, S.MOUNT_FAILED}
)
DELETABLE = frozenset(set(S) - {S.KILLING, S.SCALING})
UPDATABLE = frozenset(S)  # a description changes in any status (synchronously)
#: The steps each accepted operation starts; `None` stands for "removed".
STARTING: tuple[int, ...] = (S.SUBMIT_TRYING, S.WAITING, S.RUNNING)
PAGE = 1000  # the spec's maximum per_page: one page holds every job a scenario makes


@dataclass
class ModelJob:
    """What the client should see of one job, and the steps still pending."""

    name: str
    desc: str
    status: int
    pending: list[int | None] = field(default_factory=list)
    reads: int = 0

    def start(self, first: int, steps: tuple[int | None, ...]) -> None:
        self.status, self.pending, self.reads = first, list(steps), 0


def body(response: Response[Any]) -> Any:
    """The parsed answer, after the one invariant every call shares: no 5xx."""
    assert response.status_code < 500, (response.status_code, response.content)
    return response.parsed


def assert_error(response: Response[Any], status: int, code: str, message: str | None) -> None:
    parsed = body(response)
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(parsed, ErrorResponse)
    assert parsed.error_code == code
    assert parsed.is_success is False
    if message is not None:
        assert parsed.error_message == message


class VizJobsMachine(RuleBasedStateMachine):
    """One scenario: a reset stub, a model, and rules that move both."""

    jobs = Bundle("jobs")

    def __init__(self, server: StubServer, client: AuthenticatedClient) -> None:
        super().__init__()
        self.server, self.client = server, client
        self.model: dict[int, ModelJob] = {}
        self.seen: set[int] = set()
        self.listed: dict[int, VisualizationJob] = {}
        self.reads_per_step = 1

    # -- model ----------------------------------------------------------------------------------

    def read(self, job_ids: list[int]) -> None:
        """A read that sees these jobs: each pending step completes after `reads_per_step`."""
        for job_id in job_ids:
            job = self.model[job_id]
            if not job.pending:
                continue
            job.reads += 1
            if job.reads >= self.reads_per_step:
                step, job.reads = job.pending.pop(0), 0
                if step is None:
                    del self.model[job_id]
                else:
                    job.status = step

    def add(self, job_id: int, job: ModelJob) -> int:
        assert job_id not in self.seen, f"job id {job_id} handed out twice"
        self.seen.add(job_id)
        self.model[job_id] = job
        return job_id

    # -- rules ----------------------------------------------------------------------------------

    @initialize(reads=st.integers(min_value=1, max_value=3))
    def fresh_stub(self, reads: int) -> None:
        self.server.backend.reset()
        self.server.backend.set_policy(TransitionPolicy.after_reads(reads))
        self.reads_per_step = reads

    @rule(target=jobs, name=job_names(), desc=job_descriptions())
    def create(self, name: str, desc: str) -> int:
        request = CreateVisualizationJobRequest(
            job_name=name, train_url="/obs/name/", job_desc=desc
        )
        response = create_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID, client=self.client, body=request
        )
        created = body(response)
        assert response.status_code == 200, response.content
        assert isinstance(created, CreateVisualizationJobResponse)
        assert created.is_success is True
        assert created.job_name == name
        assert int(created.status) == JobStatus.INIT  # type: ignore[arg-type]
        job = ModelJob(name, desc, JobStatus.INIT, pending=list(STARTING))
        return self.add(int(created.job_id), job)

    @rule(name=invalid_job_names())
    def create_refused(self, name: str) -> None:
        request = CreateVisualizationJobRequest(job_name=name, train_url="/obs/name/")
        response = create_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID, client=self.client, body=request
        )
        assert_error(response, 400, "ModelArts.0104", None)

    @rule(
        target=jobs,
        status=st.one_of(st.just(JobStatus.KILLING), st.sampled_from(JobStatus)),
        name=job_names(),
    )
    def seed(self, status: JobStatus, name: str) -> int:
        """A job placed directly in any status, KILLING (delete refuses it) drawn often."""
        job_id = self.server.backend.seed(DEFAULT_PROJECT_ID, status=status, job_name=name)
        return self.add(job_id, ModelJob(name, "", int(status)))

    def refused_or_accepted(
        self, response: Response[Any], job_id: int, verb: str, allowed: frozenset[int]
    ) -> bool:
        """404 for a vanished job, 0105 when the status forbids *verb*; True when accepted."""
        job = self.model.get(job_id)
        if job is None:
            assert_error(response, 404, "ModelArts.0102", None)
            return False
        if job.status not in allowed:
            message = f"This job can't be {verb}. job status: {job.status}"
            assert_error(response, 400, "ModelArts.0105", message)
            return False
        result = body(response)
        assert response.status_code == 200, response.content
        assert isinstance(result, OperationResult)
        assert result.is_success is True
        return True

    @rule(job_id=jobs)
    def delete(self, job_id: int) -> None:
        response = delete_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID, str(job_id), client=self.client
        )
        if self.refused_or_accepted(response, job_id, "delete", DELETABLE):
            self.model[job_id].start(JobStatus.KILLING, (None,))

    @rule(job_id=jobs)
    def stop(self, job_id: int) -> None:
        response = stop_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID, str(job_id), client=self.client
        )
        if self.refused_or_accepted(response, job_id, "stop", STOPPABLE):
            self.model[job_id].start(JobStatus.KILLING, (JobStatus.KILLED,))

    @rule(job_id=jobs)
    def restart(self, job_id: int) -> None:
        response = restart_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID, str(job_id), client=self.client
        )
        if self.refused_or_accepted(response, job_id, "resubmit", RESTARTABLE):
            self.model[job_id].start(JobStatus.INIT, STARTING)

    @rule(job_id=jobs, desc=job_descriptions())
    def update(self, job_id: int, desc: str) -> None:
        response = update_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID,
            str(job_id),
            client=self.client,
            body=UpdateVisualizationJobRequest(job_desc=desc),
        )
        if self.refused_or_accepted(response, job_id, "update", UPDATABLE):
            self.model[job_id].desc = desc

    @rule(job_id=jobs, extra=st.integers(min_value=1, max_value=64))
    def update_refused(self, job_id: int, extra: int) -> None:
        """A 257+ character description is refused and changes nothing."""
        response = update_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID,
            str(job_id),
            client=self.client,
            body=UpdateVisualizationJobRequest(job_desc="d" * (256 + extra)),
        )
        assert_error(response, 400, "ModelArts.0104", None)

    @rule(job_id=st.integers(min_value=10**6, max_value=10**12))
    def unknown_job(self, job_id: int) -> None:
        """Every job operation answers 404 ModelArts.0102 for an id that never existed."""
        for operation in (
            get_visualization_job,
            delete_visualization_job,
            stop_visualization_job,
            restart_visualization_job,
        ):
            response = operation.sync_detailed(DEFAULT_PROJECT_ID, str(job_id), client=self.client)
            assert_error(response, 404, "ModelArts.0102", None)

    @rule(job_id=jobs)
    def get(self, job_id: int) -> None:
        """Details agree with the model (after this read) and with the last list."""
        response = get_visualization_job.sync_detailed(
            DEFAULT_PROJECT_ID, str(job_id), client=self.client
        )
        if job_id in self.model:
            self.read([job_id])
        job = self.model.get(job_id)
        if job is None:
            assert_error(response, 404, "ModelArts.0102", None)
            return
        details = body(response)
        assert response.status_code == 200, response.content
        assert isinstance(details, VisualizationJobDetails)
        assert (details.job_name, details.job_desc) == (job.name, job.desc)
        assert int(details.status) == job.status
        listed = self.listed.get(job_id)
        if listed is not None:
            same = ("job_name", "train_url", "resource_id", "create_time", "service_url")
            assert {f: getattr(details, f) for f in same} == {f: getattr(listed, f) for f in same}

    @rule(status=st.sampled_from(JobStatus))
    def list_by_status(self, status: JobStatus) -> None:
        """The status filter selects exactly the model's jobs in that status."""
        page = self.list_all(status=str(int(status)))
        expected = sorted(i for i, job in self.model.items() if job.status == status)
        assert sorted(int(job.job_id) for job in page.jobs) == expected
        assert page.job_total_count == len(expected)

    @rule(text=st.text(alphabet="ab01_-", max_size=2))
    def list_by_search(self, text: str) -> None:
        """`search_content` selects exactly the model's jobs whose name contains the text."""
        page = self.list_all(search_content=text)
        expected = sorted(i for i, job in self.model.items() if text in job.name)
        assert sorted(int(job.job_id) for job in page.jobs) == expected

    @precondition(lambda self: not any(job.pending for job in self.model.values()))
    @rule(
        sort_by=st.sampled_from(SortBy),
        order=st.sampled_from(SortOrder),
        per_page=st.integers(min_value=1, max_value=4),
    )
    def list_pages(self, sort_by: SortBy, order: SortOrder, per_page: int) -> None:
        """Pages of a sorted list, read one after the other, hold every job once, in order.

        Only when no step is pending: each page is a read, and a status changing between two
        pages would legitimately move a job across them.
        """
        pages = []
        for number in range(1, len(self.model) // per_page + 2):
            response = list_visualization_jobs.sync_detailed(
                DEFAULT_PROJECT_ID,
                client=self.client,
                per_page=per_page,
                page=number,
                sort_by=sort_by,
                order=order,
            )
            page = body(response)
            assert isinstance(page, ListVisualizationJobsResponse), response.content
            assert page.job_total_count == len(self.model)
            assert len(page.jobs) == min(
                per_page, max(0, len(self.model) - (number - 1) * per_page)
            )
            pages.extend(page.jobs)
        ids = [int(job.job_id) for job in pages]
        assert sorted(ids) == sorted(self.model)
        keys = [(getattr(job, sort_by.value), int(job.job_id)) for job in pages]
        assert keys == sorted(keys, reverse=order is SortOrder.DESC)

    @rule()
    def settle(self) -> None:
        """Read until every pending step has completed (bounded: 4 steps of at most 3 reads)."""
        for _ in range(4 * self.reads_per_step):
            if not any(job.pending for job in self.model.values()):
                break
            self.check_list()
        assert not any(job.pending for job in self.model.values())

    # -- invariants -----------------------------------------------------------------------------

    def list_all(
        self, status: str | Unset = UNSET, search_content: str = ""
    ) -> ListVisualizationJobsResponse:
        """One list read: it sees (and so advances) every job of the project."""
        response = list_visualization_jobs.sync_detailed(
            DEFAULT_PROJECT_ID,
            client=self.client,
            per_page=PAGE,
            status=status,
            search_content=search_content,
        )
        self.read(list(self.model))
        page = body(response)
        assert response.status_code == 200, response.content
        assert isinstance(page, ListVisualizationJobsResponse)
        assert page.is_success is True
        return page

    @invariant()
    def check_list(self) -> None:
        """The list equals the model: same ids, names, descriptions, statuses; removed jobs gone."""
        page = self.list_all()
        self.listed = {int(job.job_id): job for job in page.jobs}
        seen = {
            job_id: (job.job_name, job.job_desc, int(job.status))
            for job_id, job in self.listed.items()
        }
        assert seen == {i: (job.name, job.desc, job.status) for i, job in self.model.items()}
        assert page.job_total_count == len(self.model)


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer() as running:
        yield running


@pytest.fixture(scope="module")
def client(server: StubServer) -> Iterator[AuthenticatedClient]:
    """One client for every scenario (building one per scenario costs an SSL context each)."""
    authenticated = AuthenticatedClient(
        base_url=server.base_url, token=DEFAULT_TOKEN, prefix="", auth_header_name="X-Auth-Token"
    )
    with authenticated:
        yield authenticated


def test_client_and_stub_agree_with_the_model(
    server: StubServer, client: AuthenticatedClient
) -> None:
    run_state_machine_as_test(
        lambda: VizJobsMachine(server, client),  # type: ignore[arg-type]  # a factory is documented
        settings=settings(
            max_examples=150,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
