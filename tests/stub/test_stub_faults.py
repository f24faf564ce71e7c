"""Injected faults over a real socket and in-process: latency, 429/503 with Retry-After, drops."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest

from modelarts_vizjobs.stub import ConnectionDropped, FaultInjector, StubBackend, create_app
from modelarts_vizjobs.stub.pytest_plugin import StubHandle
from tests.stub._helpers import JOBS


def test_latency_delays_the_answer(api: httpx.Client, modelarts_stub: StubHandle) -> None:
    modelarts_stub.backend.faults.inject("latency", delay=0.2, count=1)
    started = time.monotonic()
    assert api.get(JOBS).status_code == 200
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    assert api.get(JOBS).status_code == 200
    assert time.monotonic() - started < 0.2


@pytest.mark.parametrize(
    ("status", "code"), [(429, "ModelArts.4206"), (503, "ModelArts.4700"), (500, "ModelArts.0010")]
)
def test_status_faults_answer_the_documented_error_for_count_requests(
    api: httpx.Client, modelarts_stub: StubHandle, status: int, code: str
) -> None:
    modelarts_stub.backend.faults.inject("status", status=status, count=2, retry_after=7)
    for _ in range(2):
        response = api.get(JOBS)
        assert response.status_code == status
        assert response.headers["retry-after"] == "7"
        assert response.headers["x-request-id"]
        assert response.json()["error_code"] == code
    assert api.get(JOBS).status_code == 200
    assert [entry.status for entry in modelarts_stub.backend.journal] == [status, status, 200]


def test_retry_after_defaults_to_one_second(api: httpx.Client, modelarts_stub: StubHandle) -> None:
    modelarts_stub.backend.faults.inject("status", status=429, count=1)
    assert api.get(JOBS).headers["retry-after"] == "1"


def test_ratio_faults_fire_on_that_share_of_requests(
    api: httpx.Client, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("status", status=503, ratio=0.5)
    assert [api.get(JOBS).status_code for _ in range(6)] == [200, 503] * 3
    modelarts_stub.backend.faults.clear()
    assert api.get(JOBS).status_code == 200


def test_drop_closes_the_connection_without_an_answer(
    api: httpx.Client, modelarts_stub: StubHandle
) -> None:
    job_id = modelarts_stub.backend.seed(modelarts_stub.project_id)
    modelarts_stub.backend.faults.inject("drop", count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        api.delete(f"{JOBS}/{job_id}")
    assert api.get(f"{JOBS}/{job_id}").status_code == 200  # the dropped request did nothing
    assert [entry.status for entry in modelarts_stub.backend.journal] == [None, 200]


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_drop_after_the_client_gave_up_is_not_logged_as_an_error(
    api: httpx.Client, modelarts_stub: StubHandle
) -> None:
    # the client's read timeout closes the connection during the delay; the drop that follows
    # has nothing left to close and must not make uvicorn log "Exception in ASGI application"
    records = _Records()
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addHandler(records)
    try:
        modelarts_stub.backend.faults.inject("latency", delay=0.5, count=1)
        modelarts_stub.backend.faults.inject("drop", count=1)
        with pytest.raises(httpx.ReadTimeout):
            api.get(JOBS, timeout=0.05)
        give_up = time.monotonic() + 5
        while not modelarts_stub.backend.journal and time.monotonic() < give_up:
            time.sleep(0.01)
        # served on the same event loop, so after the dropped request's handling has finished
        assert api.get(JOBS).status_code == 200
    finally:
        uvicorn_log.removeHandler(records)
    assert [entry.status for entry in modelarts_stub.backend.journal] == [None, 200]
    assert records.messages == []


def test_faults_never_touch_the_control_plane(
    api: httpx.Client, modelarts_stub: StubHandle
) -> None:
    modelarts_stub.backend.faults.inject("drop")
    assert api.get("/_stub/journal").status_code == 200
    assert api.post("/_stub/reset").status_code == 200
    assert api.get(JOBS).status_code == 200


def test_in_process_drop_raises_a_transport_error() -> None:
    backend = StubBackend()
    backend.faults.inject("drop", count=1)

    async def call() -> int:
        transport = httpx.ASGITransport(app=create_app(backend))
        async with httpx.AsyncClient(transport=transport, base_url="http://stub") as client:
            with pytest.raises(httpx.TransportError) as dropped:
                await client.get(JOBS)
            assert isinstance(dropped.value, ConnectionDropped)
            assert dropped.value.request.url.path == JOBS
            response = await client.get(JOBS)
            return response.status_code

    assert asyncio.run(call()) == 401


@pytest.mark.parametrize(
    "arguments",
    [
        {"kind": "explode"},
        {"kind": "latency"},
        {"kind": "latency", "delay": 0},
        {"kind": "status", "status": 404},
        {"kind": "status", "status": 429, "retry_after": -1},
        {"kind": "drop", "count": 0},
        {"kind": "drop", "ratio": 1.5},
        {"kind": "drop", "delay": 1},
        {"kind": "latency", "delay": 1, "status": 429},
    ],
)
def test_inject_rejects_rules_that_make_no_sense(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FaultInjector().inject(**arguments)  # type: ignore[arg-type]


def test_a_request_delayed_past_a_reset_never_reaches_the_fresh_state(
    api: httpx.Client, modelarts_stub: StubHandle
) -> None:
    """A delete whose client gave up during an injected delay must not delete the job of the
    next test, which the session-wide stub serves after a reset (the same job id 1)."""
    backend, project = modelarts_stub.backend, modelarts_stub.project_id
    job = backend.seed(project, status=12)
    backend.faults.inject("latency", delay=0.3, count=1)
    with pytest.raises(httpx.ReadTimeout):
        api.delete(f"{JOBS}/{job}", timeout=0.05)
    backend.reset()
    assert backend.seed(project, status=12) == job
    time.sleep(0.5)  # the abandoned delete's delay has run out
    assert api.get(f"{JOBS}/{job}").status_code == 200
    assert [entry.method for entry in backend.journal] == ["GET"]


def test_delays_of_every_firing_rule_add_up_and_come_before_a_status() -> None:
    """Rules are read in order: a rule that does not fire this time (a ratio's first request)
    is passed over, the latencies of those that do add up, and a status fault answers after
    them."""
    faults = FaultInjector()
    faults.inject("drop", ratio=0.5)  # fires on every second request, not this one
    faults.inject("latency", delay=0.2, count=1)
    faults.inject("latency", delay=0.3, count=1)
    faults.inject("status", status=503, retry_after=2, count=1)
    decision = faults.decide()
    assert (decision.delay, decision.status, decision.retry_after, decision.drop) == (
        0.5,
        503,
        2,
        False,
    )
