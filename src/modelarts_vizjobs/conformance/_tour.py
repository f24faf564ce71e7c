"""The scripted tour: all seven operations on one job the tour creates and always deletes.

create -> wait RUNNING -> get -> list (each documented filter, sort and paging parameter) ->
update -> get -> stop -> stop again (ModelArts.0105) -> wait stopped -> restart -> restart
again (ModelArts.0105) -> wait RUNNING -> delete -> wait gone (404 ModelArts.0102).

Requests go out raw (httpx with the SDK's auth flows), so the tour sends exactly the
documented parameters and sees every answer as the server gave it; the SDK's retries and
answer checks would hide the very things a conformance check looks for. Only jobs the tour
created are ever changed: the name is ``conformance-<8 hex>`` and cleanup deletes by id, or by
exact name when the create answer never came.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from .._lifecycle import ACTIVE, RUNNING, STARTING
from ._recorder import Recorder
from ._report import Report
from ._spec import DRIFT, VIOLATION, Finding

__all__ = ["NAME_PREFIX", "SORTS", "Tour", "TourSettings", "TourStopped", "new_job_name"]

NAME_PREFIX = "conformance-"
SORT_FIELDS = ("job_id", "job_name", "job_desc", "create_time", "status")
#: Each sort field once, the order alternating.
SORTS = tuple((f, "desc" if i % 2 else "asc") for i, f in enumerate(SORT_FIELDS))
_RETRIED = frozenset({429, 500, 502, 503, 504})
_MAX_ATTEMPTS = 4


def new_job_name() -> str:
    """``conformance-`` and 8 random hex digits: 20 characters, the documented maximum."""
    return NAME_PREFIX + secrets.token_hex(4)


class TourStopped(Exception):
    """The tour cannot go on (an answer it needs failed, a wait timed out)."""


@dataclass(frozen=True)
class TourSettings:
    """Where and how to run: *base_url* and *project_id* of the endpoint, *auth* (the SDK's
    ``TokenAuth`` or ``AkSkAuth``), and the tour's own knobs (seconds)."""

    base_url: str
    project_id: str
    auth: httpx.Auth | None
    train_url: str = "/modelarts-vizjobs-conformance/"
    poll_interval: float = 2.0
    timeout: float = 900.0
    cleanup_timeout: float = 300.0
    request_timeout: float = 30.0


class Tour:
    """One run. ``run()`` returns the :class:`Report`; the job is deleted whatever happens
    (failure, Ctrl-C, timeout), and the report says how that went."""

    def __init__(
        self,
        settings: TourSettings,
        recorder: Recorder,
        *,
        transport: httpx.BaseTransport,
        echo: Callable[[str], None] = lambda line: None,
        job_name: str | None = None,
    ) -> None:
        self.settings = settings
        self.recorder = recorder
        self.echo = echo
        self.name: str = job_name or new_job_name()
        self.description: str = "modelarts-vizjobs conformance check"
        self.job_id: str | None = None
        self._create_sent = False
        self._gone = False
        self._deadline = 0.0
        self._http = httpx.Client(
            base_url=settings.base_url.rstrip("/") + f"/v1/{settings.project_id}/",
            auth=settings.auth,
            transport=transport,
            timeout=settings.request_timeout,
            headers={"User-Agent": "modelarts-vizjobs-conformance"},
        )

    # -- run ------------------------------------------------------------------------------------

    def run(self) -> Report:
        """The steps in order, then the job's deletion whatever stopped them (see the report)."""
        checker = self.recorder.checker
        if checker is None:
            raise ValueError("the tour's recorder needs a SpecChecker")
        report = Report(self.settings.base_url, checker.version, self.name)
        started = time.monotonic()
        self._deadline = started + self.settings.timeout
        try:
            self._steps()
        except TourStopped as exc:
            report.aborted = str(exc)
        except KeyboardInterrupt:
            report.aborted = "interrupted (Ctrl-C)"
            self.echo("interrupted: deleting the tour's job before exiting")
        except httpx.HTTPError as exc:
            report.aborted = f"{type(exc).__name__}: {exc}"
        finally:
            report.cleanup_ok, report.cleanup = self._cleanup()
            self._http.close()
        report.job_id = self.job_id
        report.findings = list(self.recorder.findings) + report.findings
        report.calls = list(self.recorder.calls)
        report.conclude(checker, self.recorder.exchanges)
        report.duration_s = time.monotonic() - started
        return report

    def _steps(self) -> None:
        self._create()
        job = self._wait_for(lambda s: s == RUNNING, "RUNNING", fail_on_stop=True)
        self._check_job(job, "get_visualization_job", job_desc=self.description)
        self._lists()
        self._update()
        self._stop_twice()
        self._wait_for(lambda s: s not in ACTIVE, "stopped")
        self._restart_twice()
        self._wait_for(lambda s: s == RUNNING, "RUNNING again", fail_on_stop=True)
        self._refused_by_spec()
        self._delete()

    @contextmanager
    def _step(self, label: str) -> Iterator[None]:
        self.echo(f"- {label}")
        self.recorder.step = label
        yield

    def _send(
        self, method: str, url: str, *, attempts: int = _MAX_ATTEMPTS, **kwargs: Any
    ) -> httpx.Response:
        """One request, retried on throttling, unavailability and dropped connections; the
        pause grows from the poll interval (``Retry-After`` wins), up to 10 s."""
        for attempt in range(1, attempts + 1):
            pause = min(self.settings.poll_interval * 2 ** (attempt - 1), 10.0)
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TransportError:
                if attempt == attempts:
                    raise
                time.sleep(pause)
                continue
            if response.status_code not in _RETRIED or attempt == attempts:
                return response
            retry_after = response.headers.get("retry-after", "")
            time.sleep(min(float(retry_after), 10.0) if retry_after.isdigit() else pause)
        raise AssertionError("unreachable")

    def _note(self, severity: str, operation: str, field: str, message: str) -> None:
        self.recorder.findings.append(Finding(severity, operation, field, message))

    @staticmethod
    def _body(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _create(self) -> None:
        with self._step(f"create {self.name}"):
            self._create_sent = True
            payload = {
                "job_name": self.name,
                "job_desc": self.description,
                "train_url": self.settings.train_url,
                "job_type": "TensorBoard",
                "schedule": [{"type": "stop", "time_unit": "HOURS", "duration": 1}],
            }
            # never retried: a lost answer must not make a second job (cleanup finds the first)
            response = self._send("POST", "visualization-jobs", attempts=1, json=payload)
            if response.status_code != 200:
                raise TourStopped(
                    f"create answered HTTP {response.status_code}: {response.text[:200]}"
                )
            job_id = self._body(response).get("job_id")
            self.job_id = str(job_id) if job_id is not None else self._find_by_name()
            if self.job_id is None:
                raise TourStopped("create answered without a job_id, and no job has its name")
            self.echo(f"  job id {self.job_id}")

    def _refused_by_spec(self) -> None:
        """Reading 10: a create the spec refuses (a 21-character job_name) is refused too; a
        job made anyway is deleted at once."""
        with self._step("create with a job_name the spec refuses (21 characters)"):
            payload = {"job_name": self.name + "x", "train_url": self.settings.train_url}
            self.recorder.deliberate = True
            try:
                response = self._send("POST", "visualization-jobs", attempts=1, json=payload)
            finally:
                self.recorder.deliberate = False
            job_id = self._body(response).get("job_id") if response.status_code == 200 else None
            if job_id is not None:
                self._send("DELETE", f"visualization-jobs/{job_id}")

    def _find_by_name(self) -> str | None:
        """The id of the job named exactly like the tour's, if the list shows one."""
        params = {"search_content": self.name, "per_page": "1000"}
        response = self._send("GET", "visualization-jobs", params=params)
        for job in self._body(response).get("jobs") or []:
            if isinstance(job, dict) and job.get("job_name") == self.name and "job_id" in job:
                return str(job["job_id"])
        return None

    def _get(self) -> httpx.Response:
        return self._send("GET", f"visualization-jobs/{self.job_id}")

    def _wait_for(
        self, done: Callable[[int], bool], goal: str, *, fail_on_stop: bool = False
    ) -> dict[str, Any]:
        with self._step(f"wait until {goal}"):
            while True:
                response = self._get()
                body = self._body(response)
                if response.status_code != 200:
                    raise TourStopped(f"details answered HTTP {response.status_code} while waiting")
                status = _as_int(body.get("status"))
                if status is None:
                    raise TourStopped(f"details carry no usable status: {body.get('status')!r}")
                if done(status):
                    return body
                if fail_on_stop and status not in STARTING:
                    raise TourStopped(f"the job settled in status {status}, not {goal}")
                if time.monotonic() + self.settings.poll_interval > self._deadline:
                    raise TourStopped(f"timed out waiting for {goal} (last status {status})")
                time.sleep(self.settings.poll_interval)

    def _check_job(self, job: dict[str, Any], operation: str, **expected: object) -> None:
        for field, value in {"job_name": self.name, **expected}.items():
            if field in job and job[field] != value:
                message = f"{field} is {job[field]!r}, the tour set {value!r}"
                self._note(DRIFT, operation, field, message)

    def _list(self, label: str, **params: str) -> dict[str, Any]:
        with self._step(label):
            response = self._send("GET", "visualization-jobs", params=params)
            if response.status_code != 200:
                message = f"{label}: HTTP {response.status_code} for a documented query"
                self._note(VIOLATION, "list_visualization_jobs", ",".join(params), message)
            return self._body(response)

    def _lists(self) -> None:
        operation = "list_visualization_jobs"
        checks = {
            "search_content": {"search_content": self.name},
            "status": {"status": str(RUNNING), "search_content": self.name},
            "workspace_id": {"workspace_id": "0", "search_content": self.name},
        }
        for parameter, params in checks.items():
            body = self._list(f"list by {parameter}", **params)
            names = [j.get("job_name") for j in body.get("jobs") or [] if isinstance(j, dict)]
            if body and self.name not in names:
                message = f"the tour's job is missing from the list filtered by {params}"
                self._note(DRIFT, operation, parameter, message)
        for field, order in SORTS:
            self._list(
                f"list sorted by {field} {order}", sortBy=field, order=order, per_page="5", page="1"
            )
        body = self._list(
            "list page 2 of 1-job pages", search_content=self.name, per_page="1", page="2"
        )
        if body and (body.get("jobs") or body.get("job_total_count") != 1):
            message = "page 2 of 1-job pages of a 1-job search should be empty with a total of 1"
            self._note(DRIFT, operation, "page", message)
        padded = (self.name + "-" * 64)[:64]
        self._list("list at the documented limits", per_page="1000", search_content=padded)

    def _update(self) -> None:
        with self._step("update the description"):
            self.description = "modelarts-vizjobs conformance check (updated)"
            response = self._send(
                "PUT", f"visualization-jobs/{self.job_id}", json={"job_desc": self.description}
            )
            if response.status_code != 200:
                raise TourStopped(f"update answered HTTP {response.status_code}")
        with self._step("read the description back"):
            self._check_job(
                self._body(self._get()), "update_visualization_job", job_desc=self.description
            )

    def _twice(self, verb: str, operation: str) -> None:
        with self._step(verb):
            response = self._send("POST", f"visualization-jobs/{self.job_id}/{verb}")
            if response.status_code != 200:
                raise TourStopped(f"{verb} answered HTTP {response.status_code}")
        with self._step(f"{verb} again: the documented refusal ModelArts.0105"):
            response = self._send("POST", f"visualization-jobs/{self.job_id}/{verb}")
            code = self._body(response).get("error_code")
            if code != "ModelArts.0105":
                answer = f"HTTP {response.status_code} {code or ''}".strip()
                message = f"a second {verb} answered {answer}, not ModelArts.0105"
                self._note(DRIFT, operation, "error_code", message)

    def _stop_twice(self) -> None:
        self._twice("stop", "stop_visualization_job")

    def _restart_twice(self) -> None:
        self._twice("restart", "restart_visualization_job")

    def _delete(self) -> None:
        with self._step("delete"):
            response = self._send("DELETE", f"visualization-jobs/{self.job_id}")
            if response.status_code != 200:
                raise TourStopped(f"delete answered HTTP {response.status_code}")
        with self._step("wait until gone: the documented refusal 404 ModelArts.0102"):
            self._wait_gone(self._deadline)

    def _wait_gone(self, deadline: float) -> None:
        while True:
            response = self._get()
            if response.status_code == 404:
                self._gone = True
                code = self._body(response).get("error_code")
                if code != "ModelArts.0102":
                    message = (
                        f"details of a deleted job answered 404 with {code!r}, not ModelArts.0102"
                    )
                    self._note(DRIFT, "get_visualization_job", "error_code", message)
                return
            if time.monotonic() + self.settings.poll_interval > deadline:
                raise TourStopped(
                    f"job {self.job_id} still answers HTTP {response.status_code} after its delete"
                )
            time.sleep(self.settings.poll_interval)

    # -- cleanup --------------------------------------------------------------------------------

    def _cleanup(self) -> tuple[bool, str]:
        """Delete the tour's job until it is gone, retrying through KILLING; (ok, message)."""
        if not self._create_sent:
            return True, "nothing to clean up (no job was created)"
        if self._gone:
            return True, f"job {self.job_id} ({self.name}) deleted by the tour and gone"
        self.recorder.step = "cleanup"
        deadline = time.monotonic() + self.settings.cleanup_timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                if self.job_id is None:
                    self.job_id = self._find_by_name()
                    if self.job_id is None:
                        return True, f"no job named {self.name} exists: nothing to delete"
                response = self._send("DELETE", f"visualization-jobs/{self.job_id}")
                code = self._body(response).get("error_code")
                if response.status_code == 200 or response.status_code == 404:
                    self._wait_gone(deadline)
                    message = f"job {self.job_id} ({self.name}) deleted and gone"
                    self.echo(f"cleanup: {message}")
                    return True, message
                last = f"delete answered HTTP {response.status_code} {code or ''}".strip()
            except (httpx.HTTPError, TourStopped) as exc:
                last = str(exc)
            except KeyboardInterrupt:
                self.echo(
                    "cleanup goes on until the job is deleted (bounded by the cleanup timeout)"
                )
                continue
            time.sleep(self.settings.poll_interval)
        message = (
            f"could NOT delete job {self.job_id or '?'} ({self.name}): {last}; "
            f"delete it with `modelarts-vizjobs jobs delete {self.job_id or '<id>'}`"
        )
        self.echo(f"cleanup: {message}")
        return False, message


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
