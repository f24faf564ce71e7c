"""``Retry-After`` of any shape: a delay, None or "over any cap", never an exception
(issue 10: a year of 20 digits raised OverflowError from ``retry_after_seconds``)."""

from __future__ import annotations

import math

import httpx
import pytest
from hypothesis import given, settings

from modelarts_vizjobs import APIStatusError, RateLimitError, RetryPolicy
from modelarts_vizjobs._retry import RetryState, retry_after_seconds
from tests.sdk._helpers import mock_client
from tests.strategies import retry_after_values

ABSURD_DATE = "Sun, 06 Nov 99999999999999999999 08:49:37 GMT"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ABSURD_DATE, math.inf),
        ("Sun, 06 Nov 10000 08:49:37 GMT", math.inf),  # past datetime.MAXYEAR
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0),
        ("1e400", math.inf),
        ("-5", 0.0),
        ("nan", None),
        ("Sun, 06 Nov 2020 99999999999999999999:49:37 GMT", None),
        ("soon", None),
    ],
)
def test_absurd_values_are_clamped_or_ignored(value: str, expected: float | None) -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": value})) == expected


@settings(max_examples=200, deadline=None)
@given(value=retry_after_values())
def test_any_retry_after_is_a_delay_or_none(value: str) -> None:
    seconds = retry_after_seconds(httpx.Headers({"Retry-After": value}))
    assert seconds is None or (seconds >= 0 and not math.isnan(seconds))
    error = RateLimitError(
        status_code=429,
        error_code="ModelArts.4206",
        error_message="slow down",
        request_id=None,
        body=b"",
        headers=httpx.Headers({"Retry-After": value}),
        operation="get",
    )
    state = RetryState(RetryPolicy(), max_retries=1, idempotent=True)
    delay = state.next_delay(error)
    assert delay is None or 0 <= delay <= RetryPolicy().max_retry_after


def test_regression_absurd_year_on_a_429_ends_the_call_with_the_rate_limit_error() -> None:
    answers = []

    def handler(request: httpx.Request) -> httpx.Response:
        answers.append(request)
        body = {"is_success": False, "error_code": "ModelArts.4206", "error_message": "slow"}
        return httpx.Response(429, json=body, headers={"Retry-After": ABSURD_DATE})

    with mock_client(handler, max_retries=2) as client, pytest.raises(APIStatusError) as caught:
        client.jobs.get(1)
    assert isinstance(caught.value, RateLimitError)
    assert len(answers) == 1  # "over the cap": no retry, no sleep
