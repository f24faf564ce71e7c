"""``_json_limits``: a body the SDK will not parse is refused by a linear scan, never by the
parser's recursion (issue 10: 1,000 nested ``[`` raised RecursionError)."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import assume, given, settings

from modelarts_vizjobs._json_limits import (
    MAX_DEPTH,
    MAX_EXPONENT_DIGITS,
    MAX_NUMBER_CHARS,
    violation,
)
from tests.strategies import answer_bodies, dump_json, json_values


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nests deeper"),
        (b"[" * 100_000, "nests deeper"),  # unclosed: still counted, never parsed
        (b'{"jobs": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), "nests deeper"),
        (b"[" + b"9" * (MAX_NUMBER_CHARS + 1) + b"]", "number longer"),
        (b'{"job_id": ' + b"1" * 5000 + b"}", "number longer"),
        (b"[1e" + b"9" * (MAX_EXPONENT_DIGITS + 1) + b"]", "exponent"),
        (b"[1.5E-" + b"9" * (MAX_EXPONENT_DIGITS + 1) + b"]", "exponent"),
        (b'{"duration": NaN}', "NaN or Infinity"),
        (b"[-Infinity]", "NaN or Infinity"),
        (b'{"a": "\xff"}', "undecodable"),  # not UTF-8
    ],
)
def test_bodies_over_the_bounds_are_refused(body: bytes, reason: str) -> None:
    found = violation(body)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "body",
    [
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
        b'{"a": "' + b"[" * 10_000 + b'"}',  # brackets inside a string are text
        b'{"a": "\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',  # an escaped quote stays inside
        b'{"job_id": "' + b"9" * 10_000 + b'"}',  # a long numeric *string* is _results' concern
        b"[" + b"9" * MAX_NUMBER_CHARS + b", 1e999, -0.5E+308]",
        b'{"note": "NaN and Infinity as text"}',
        json.dumps(["[" * 40]).encode("utf-16"),
        b"not json at all",  # passes: the parser refuses it as usual
        b"",
    ],
)
def test_bodies_within_the_bounds_pass(body: bytes) -> None:
    assert violation(body) is None


@settings(max_examples=200, deadline=None)
@given(body=answer_bodies())
def test_a_body_that_passes_never_breaks_the_parser(body: bytes) -> None:
    """Whatever passes the scan parses or fails with ValueError, never RecursionError."""
    if violation(body) is None:
        with contextlib.suppress(ValueError):
            json.loads(body)


@settings(max_examples=150, deadline=None)
@given(document=json_values())
def test_ordinary_documents_pass(document: object) -> None:
    assume("Infinity" not in json.dumps(document))  # json_values() draws infinite floats
    assert violation(dump_json(document).encode()) is None
    assert violation(json.dumps(document, indent=2).encode("utf-32")) is None


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (b"[NaN]", True),
        (b'{"a": 1e9999}', True),
        (b"[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]", False),  # 32 bytes: cannot nest 33 deep
        (b'{"is_success": true}', False),
        ('{"a": 1e9999}'.encode("utf-16"), True),  # not plain ASCII: the full check
    ],
)
def test_short_bodies_get_the_same_verdict(body: bytes, refused: bool) -> None:
    """Issue 17: a short plain body skips the scan; what could break a bound does not."""
    assert (violation(body) is not None) is refused


@pytest.mark.parametrize(
    "body", [b'{"jobs": {}}', b' {"jobs" : 1}', b'{"\\u006aobs": {}}', b'{"schedule": 3}', b"[]"]
)
def test_containers_are_checked_however_the_key_is_written(body: bytes) -> None:
    """Issue 17: an answer naming no container skips the second parse; these do not."""
    from modelarts_vizjobs._errors import ResponseShapeError
    from modelarts_vizjobs._results import check_containers

    with pytest.raises(ResponseShapeError):
        check_containers(body)
