"""Arguments exactly at the spec's documented limits, and what a refusal says (survivors of
`make mutation` in ``_arguments``): the limit itself is sent, one past it is refused before
anything is sent, with a message naming the argument, the spec's field and the limit."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from modelarts_vizjobs import InvalidParameterError, ModelArtsError, ModelArtsVizJobs
from modelarts_vizjobs._arguments import _spec_check, unique_job_ids
from tests.sdk._helpers import mock_client

Call = Callable[[ModelArtsVizJobs], object]
GONE = {"is_success": False, "error_code": "ModelArts.0102", "error_message": "gone"}


def _sent(call: Call) -> list[httpx.Request]:
    """The requests *call* sent (each answered 404), or InvalidParameterError before any."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json=GONE)

    with mock_client(handler) as client:
        try:
            call(client)
        except InvalidParameterError:
            assert not sent
            raise
        except ModelArtsError:
            pass
    return sent


def _create(**arguments: Any) -> Call:
    return lambda client: client.jobs.create(**{"job_name": "a", "train_url": "/b/", **arguments})


def _list(**arguments: Any) -> Call:
    return lambda client: list(client.jobs.list(**arguments))


ACCEPTED = [
    pytest.param(_create(job_name="a" * 20), id="name-20"),
    pytest.param(_create(job_name="A-z_9"), id="name-charset"),
    pytest.param(_create(train_url="/" * 1024), id="url-1024"),
    pytest.param(_create(description="d" * 256), id="description-256"),
    pytest.param(_create(auto_stop_hours=0), id="hours-0"),
    pytest.param(_create(auto_stop_hours=24), id="hours-24"),
    pytest.param(_create(job_type="tensorboard"), id="type"),
    pytest.param(lambda client: client.jobs.update(10, "d" * 256), id="update-256"),
    pytest.param(lambda client: client.jobs.update(10, ""), id="update-empty"),
    pytest.param(_list(page_size=1), id="page-1"),
    pytest.param(_list(page_size=1000), id="page-1000"),
    pytest.param(_list(status=0), id="status-0"),
    pytest.param(_list(status=22), id="status-22"),
    pytest.param(_list(search="s" * 64), id="search-64"),
    pytest.param(_list(search=""), id="search-empty"),
    pytest.param(_list(sort_by="job_name", order="asc"), id="sort"),
]


@pytest.mark.parametrize("call", ACCEPTED)
def test_arguments_at_the_limit_are_sent(call: Call) -> None:
    assert len(_sent(call)) == 1


REFUSED = [
    pytest.param(
        _create(job_name="a" * 21),
        f"job_name must be 1-20 characters long (spec), not 21: {'a' * 21!r}",
        id="name-21",
    ),
    pytest.param(
        _create(job_name=""), "job_name must be 1-20 characters long (spec), not 0: ''", id="name-0"
    ),
    pytest.param(
        _create(job_name="a b"), "job_name must match ^[A-Za-z0-9_-]+$ (spec), not 'a b'", id="name"
    ),
    pytest.param(
        _create(train_url="/" * 1025),
        f"train_url must be 1-1024 characters long (spec), not 1025: {'/' * 1025!r}",
        id="url-1025",
    ),
    pytest.param(
        _create(description="d" * 257),
        f"description (job_desc) must be 0-256 characters long (spec), not 257: {'d' * 257!r}",
        id="description-257",
    ),
    pytest.param(
        _create(description=5), "description must be a str, not int", id="description-int"
    ),
    pytest.param(_create(job_name=5), "job_name must be a str, not int", id="name-int"),
    pytest.param(_create(train_url=None), "train_url must be a str, not NoneType", id="url-none"),
    pytest.param(
        _create(auto_stop_hours=25),
        "auto_stop_hours (duration) must be from 0 to 24 (spec), not 25",
        id="hours-25",
    ),
    pytest.param(
        _create(auto_stop_hours=-1),
        "auto_stop_hours (duration) must be from 0 to 24 (spec), not -1",
        id="hours--1",
    ),
    pytest.param(
        _create(auto_stop_hours=True),
        "auto_stop_hours must be an integer number of hours",
        id="hours-bool",
    ),
    pytest.param(
        _create(job_type="tb"),
        "job_type must be one of 'MindInsight', 'mindinsight', 'TensorBoard', 'tensorboard', "
        "not 'tb'",
        id="type",
    ),
    pytest.param(
        lambda client: client.jobs.update(10, "d" * 257),
        f"description (job_desc) must be 0-256 characters long (spec), not 257: {'d' * 257!r}",
        id="update-257",
    ),
    pytest.param(
        lambda client: client.jobs.update(10, None),
        "description must be a str",
        id="update-none",
    ),
    pytest.param(
        _list(page_size=0), "page_size (per_page) must be from 1 to 1000 (spec), not 0", id="p0"
    ),
    pytest.param(
        _list(page_size=1001),
        "page_size (per_page) must be from 1 to 1000 (spec), not 1001",
        id="page-1001",
    ),
    pytest.param(_list(page_size=True), "page_size must be an integer, not True", id="page-bool"),
    pytest.param(
        _list(status=23),
        "status must match ^(0|[1-9]|1[0-9]|2[0-2])$ (spec), not '23'",
        id="status-23",
    ),
    pytest.param(_list(status="8"), "status must be a job status code, not '8'", id="status-str"),
    pytest.param(
        _list(search="s" * 65),
        f"search (search_content) must be 0-64 characters long (spec), not 65: {'s' * 65!r}",
        id="search-65",
    ),
    pytest.param(_list(search=5), "search must be a str", id="search-int"),
    pytest.param(
        _list(sort_by="size"),
        "sort_by must be one of 'create_time', 'job_desc', 'job_id', 'job_name', 'status', "
        "not 'size'",
        id="sort-by",
    ),
    pytest.param(_list(order="up"), "order must be one of 'asc', 'desc', not 'up'", id="order"),
    pytest.param(
        lambda client: client.jobs.delete_many([1], concurrency=0),
        "concurrency must be a positive integer, not 0",
        id="concurrency-0",
    ),
    pytest.param(
        lambda client: client.jobs.delete_many([1], concurrency=True),
        "concurrency must be a positive integer, not True",
        id="concurrency-bool",
    ),
    pytest.param(
        lambda client: client.jobs.delete_many([1], concurrency="2"),
        "concurrency must be a positive integer, not '2'",
        id="concurrency-str",
    ),
    pytest.param(
        lambda client: client.jobs.delete_many("123"),
        "job ids must be a collection of job ids, not str",
        id="ids-str",
    ),
]


@pytest.mark.parametrize(("call", "message"), REFUSED)
def test_one_past_the_limit_is_refused_before_sending_naming_the_limit(
    call: Call, message: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        _sent(call)
    assert str(caught.value) == message


def test_a_spec_limit_without_a_maximum_is_named_as_such() -> None:
    """The generic check reads any constraint the generator emits (``page`` has a minimum only)."""
    with pytest.raises(InvalidParameterError) as caught:
        _spec_check({"minimum": 1}, 0, "page")
    assert str(caught.value) == "page must be at least 1 (spec), not 0"
    with pytest.raises(InvalidParameterError) as caught:
        _spec_check({"minLength": 2}, "a", "name")
    assert str(caught.value) == "name must be at least 2 characters long (spec), not 1: 'a'"
    with pytest.raises(InvalidParameterError) as caught:
        _spec_check({"enum": ["stop", "pause"]}, "go", "type")
    assert str(caught.value) == "type must be one of 'stop', 'pause' (spec), not 'go'"
    _spec_check({"minimum": 1, "enum": [1, 2]}, 1, "page")


def test_bulk_ids_keep_their_first_order_and_types() -> None:
    assert unique_job_ids([3, 1, 3, "1", True, 1]) == [3, 1, "1", True]
    big, same = int("9" * 30), int("9" * 30)  # equal values, distinct objects
    assert unique_job_ids([big, same, f"j{big}", f"j{same}"]) == [big, f"j{big}"]
    assert unique_job_ids(iter([[1], [1]])) == [[1], [1]]  # unhashable: each its own


def test_auto_stop_hours_are_sent_as_the_stop_schedule() -> None:
    (request,) = _sent(_create(auto_stop_hours=3))
    body = json.loads(request.content)
    assert body["schedule"] == [{"type": "stop", "time_unit": "HOURS", "duration": 3}]
    (request,) = _sent(_create())
    assert "schedule" not in json.loads(request.content)
