"""What the exchanges say about the readings listed in the spec's ``info.description``.

Each numbered reading is a guess the spec took where the documentation is silent or
contradicts itself; the evidence of a run supports it, contradicts it, or says nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from modelarts_vizjobs.cassette import Exchange

__all__ = ["Reading", "judge_readings"]

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
NO_EVIDENCE = "no evidence"
_NUMBERS = ("job_id", "status", "create_time", "duration")
_LIST = "list_visualization_jobs"
_GET = "get_visualization_job"


@dataclass(frozen=True, slots=True)
class Reading:
    number: int
    title: str
    verdict: str
    evidence: str


def _bodies(exchanges: Sequence[Exchange], *operations: str) -> Iterable[Any]:
    for exchange in exchanges:
        if not operations or exchange.operation in operations:
            body = exchange.response_json()
            if isinstance(body, dict):
                yield exchange, body


def _jobs(exchanges: Sequence[Exchange]) -> Iterable[tuple[str, dict[str, Any]]]:
    """(operation, job view) of every successful create, details and list answer."""
    for exchange, body in _bodies(exchanges):
        if exchange.status != 200:
            continue
        if exchange.operation == _LIST:
            yield from ((_LIST, j) for j in body.get("jobs") or [] if isinstance(j, dict))
        elif exchange.operation in (_GET, "create_visualization_job"):
            yield exchange.operation, body


def _number_types(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    kinds: dict[str, set[str]] = {}
    for _, job in _jobs(exchanges):
        for name in _NUMBERS:
            value = job.get(name)
            if value is None:
                continue
            kind = "number" if isinstance(value, int) and not isinstance(value, bool) else None
            if isinstance(value, str):
                kind = "numeric string" if value.lstrip("-").isdigit() else "other string"
            kinds.setdefault(name, set()).add(kind or type(value).__name__)
    if not kinds:
        return NO_EVIDENCE, "no job seen"
    text = "; ".join(f"{name}: {', '.join(sorted(k))}" for name, k in sorted(kinds.items()))
    allowed = {"number", "numeric string"}
    return (SUPPORTED if all(k <= allowed for k in kinds.values()) else CONTRADICTED), text


def _schedule(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    shapes = set()
    for _, job in _jobs(exchanges):
        schedule = job.get("schedule")
        if schedule is None:
            continue
        if not isinstance(schedule, list):
            shapes.add(f"a {type(schedule).__name__}, not an array")
            continue
        shapes |= {key for item in schedule if isinstance(item, dict) for key in item}
    if not shapes:
        return NO_EVIDENCE, "no schedule in any answer"
    keys = ", ".join(sorted(shapes))
    verdict = SUPPORTED if shapes & {"timeUnit", "time_unit"} else CONTRADICTED
    return verdict, f"schedule keys seen: {keys}"


def _presence(exchanges: Sequence[Exchange], operations: tuple[str, ...], name: str) -> str:
    seen = [name in job for op, job in _jobs(exchanges) if op in operations]
    if not seen:
        return "not observed"
    return "present" if all(seen) else ("absent" if not any(seen) else "sometimes present")


def _optional_field(operations: tuple[str, ...], *names: str) -> Callable[..., tuple[str, str]]:
    def judge(exchanges: Sequence[Exchange]) -> tuple[str, str]:
        found = [f"{n}: {_presence(exchanges, operations, n)}" for n in names]
        any_job = any(op in operations for op, _ in _jobs(exchanges))
        return (SUPPORTED if any_job else NO_EVIDENCE), "; ".join(found)

    return judge


def _failure_statuses(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    pairs: set[tuple[str, int]] = set()
    for exchange, body in _bodies(exchanges):
        if body.get("is_success") is False or "error_code" in body:
            pairs.add((str(body.get("error_code", "?")), exchange.status or 0))
    if not pairs:
        return NO_EVIDENCE, "no refusal seen"
    text = ", ".join(f"{code} -> HTTP {status}" for code, status in sorted(pairs))
    expected = {"ModelArts.0105": {400, 409}, "ModelArts.0102": {404}}
    ok = all(status >= 400 and status in expected.get(code, {status}) for code, status in pairs)
    return (SUPPORTED if ok else CONTRADICTED), text


def _error_key(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    keys = {
        key
        for _, body in _bodies(exchanges)
        for key in ("error_message", "error_msg")
        if key in body
    }
    if not keys:
        return NO_EVIDENCE, "no error text seen"
    verdict = SUPPORTED if keys == {"error_message"} else CONTRADICTED
    return verdict, f"error text under {', '.join(sorted(keys))}"


def _error_bodies(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    """Reading 9: an error body has an ``error_code`` and ``is_success`` false when present;
    a success body has ``is_success`` true when present."""
    errors = successes = 0
    broken: set[str] = set()
    for exchange, body in _bodies(exchanges):
        failed = (exchange.status or 0) >= 400 or body.get("is_success") is False
        if failed:
            errors += 1
            if not isinstance(body.get("error_code"), str) or not body["error_code"]:
                broken.add(f"{exchange.operation}: error body without error_code")
            if body.get("is_success", False) is not False:
                broken.add(f"{exchange.operation}: error body with is_success not false")
        elif exchange.status == 200:
            successes += 1
            if body.get("is_success", True) is not True:
                broken.add(f"{exchange.operation}: success with is_success not true")
    if not errors and not successes:
        return NO_EVIDENCE, "no JSON answer seen"
    if broken:
        return CONTRADICTED, "; ".join(sorted(broken))
    return SUPPORTED, f"{errors} error bodies with error_code, {successes} successes"


def _sorting(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    honoured = broken = 0
    for exchange, body in _bodies(exchanges, _LIST):
        query = dict(exchange.query)
        jobs = [j for j in body.get("jobs") or [] if isinstance(j, dict)]
        field = query.get("sortBy")
        if exchange.status != 200 or not field or len(jobs) < 2:
            continue
        keys = [_sort_key(j.get(field)) for j in jobs]
        wanted = sorted(keys, reverse=query.get("order") == "desc")
        honoured, broken = (honoured + 1, broken) if keys == wanted else (honoured, broken + 1)
    if not honoured + broken:
        return NO_EVIDENCE, "no sorted page of two jobs or more"
    text = f"sortBy honoured on {honoured} of {honoured + broken} pages"
    return (SUPPORTED if not broken else CONTRADICTED), text


def _sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return (0, int(value))
    return (0, value) if isinstance(value, int | float) else (1, str(value))


def _limits(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    verdicts = []
    for exchange in exchanges:
        query = dict(exchange.query)
        if exchange.operation != _LIST or exchange.status is None:
            continue
        if query.get("per_page") == "1000" or len(query.get("search_content", "")) == 64:
            verdicts.append(exchange.status == 200)
    if not verdicts:
        return NO_EVIDENCE, "per_page=1000 and a 64-character search not tried"
    text = f"{sum(verdicts)} of {len(verdicts)} requests at the documented limits accepted"
    return (SUPPORTED if all(verdicts) else CONTRADICTED), text


def _spec_refusals(exchanges: Sequence[Exchange]) -> tuple[str, str]:
    """Reading 10: a create whose job_name is over the spec's 20 characters is refused with
    400 ModelArts.0104 or ModelArts.0101."""
    answers = []
    for exchange, body in _bodies(exchanges, "create_visualization_job"):
        try:
            sent = json.loads(exchange.request_body or b"{}")
        except ValueError:
            continue
        name = sent.get("job_name") if isinstance(sent, dict) else None
        if isinstance(name, str) and len(name) > 20:
            answers.append(f"HTTP {exchange.status} {body.get('error_code', '')}".strip())
    if not answers:
        return NO_EVIDENCE, "no create with a job_name over 20 characters"
    refused = {"HTTP 400 ModelArts.0104", "HTTP 400 ModelArts.0101"}
    verdict = SUPPORTED if set(answers) <= refused else CONTRADICTED
    return verdict, f"a job_name over 20 characters answered {', '.join(sorted(set(answers)))}"


_JUDGES: tuple[tuple[int, str, Callable[[Sequence[Exchange]], tuple[str, str]]], ...] = (
    (1, "job_id and other Longs: number or numeric string", _number_types),
    (2, "schedule in answers: array, timeUnit or time_unit", _schedule),
    (3, "is_success optional in details", _optional_field((_GET,), "is_success")),
    (
        4,
        "remaining_duration and schedule optional",
        _optional_field((_GET, _LIST), "remaining_duration", "schedule"),
    ),
    (5, "refusals come with an HTTP error status", _failure_statuses),
    (6, "error text under error_message", _error_key),
    (7, "sortBy (not sort_by) sorts the list", _sorting),
    (8, "limits: per_page 1-1000, search_content 0-64", _limits),
    (9, "error bodies carry error_code, is_success false; successes true", _error_bodies),
    (10, "the service refuses what the spec refuses (job_name over 20)", _spec_refusals),
)


def judge_readings(exchanges: Sequence[Exchange]) -> list[Reading]:
    """One verdict per numbered reading of the spec's ``info.description``."""
    return [Reading(n, title, *judge(exchanges)) for n, title, judge in _JUDGES]
