"""Bounds on an answer's JSON, checked before anything parses it.

Python's ``json`` parser recurses once per nesting level (a body of a thousand ``[`` raises
``RecursionError``) and turns a digit string of any length into an ``int`` (quadratic, and a
``ValueError`` past 4,300 digits). The answers of this API nest four levels deep and carry
numbers of at most 19 digits, so a body beyond the bounds below is refused before parsing:
the client reports it as ``APIResponseValidationError`` with the status and request id.

================================  =====  ==============================================
``MAX_DEPTH``                       32   nested arrays/objects
``MAX_NUMBER_CHARS``                64   characters of one number literal (sign included)
``MAX_EXPONENT_DIGITS``              3   digits of a number's exponent (``1e999`` at most)
================================  =====  ==============================================

``NaN``, ``Infinity`` and ``-Infinity`` (accepted by Python, not JSON) are refused too.

The check is a linear scan without recursion: string literals are blanked out with one
regular expression, then brackets and number literals are examined in what is left.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate

__all__ = ["MAX_DEPTH", "MAX_EXPONENT_DIGITS", "MAX_NUMBER_CHARS", "violation"]

MAX_DEPTH = 32
MAX_NUMBER_CHARS = 64
MAX_EXPONENT_DIGITS = 3

#: A string literal, or an unterminated one up to the end: no backtracking, linear time.
_STRING = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"?')
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_LONG_NUMBER = re.compile(rf"[0-9.eE+\-]{{{MAX_NUMBER_CHARS + 1},}}")
_BIG_EXPONENT = re.compile(rf"[0-9][eE][+\-]?[0-9]{{{MAX_EXPONENT_DIGITS + 1},}}")
_NON_FINITE = re.compile(r"NaN|Infinity")
#: What a short body needs a full look for: an exponent, NaN/Infinity (in a string or not).
_SHORT_SUSPECT = re.compile(rb"[0-9][eE]|NaN|Infinity")


def _text(content: bytes) -> str | None:
    """*content* decoded the way ``json.loads`` decodes bytes (UTF-8/16/32 detection)."""
    try:
        return content.decode(json.detect_encoding(content), "surrogatepass")
    except (UnicodeDecodeError, LookupError):
        return None


def _depth(outside_strings: str) -> int:
    steps = map(_STEP.__getitem__, _BRACKET.findall(outside_strings))
    return max(accumulate(steps), default=0)


def _short_and_plain(content: bytes) -> bool:
    """No bound can be broken: too short to nest deeper than ``MAX_DEPTH`` or to hold a longer
    number, plain ASCII (UTF-8, not UTF-16/32), no exponent, no NaN or Infinity. The common
    acknowledgement (``{"is_success": true}``) skips the scan."""
    return (
        len(content) <= MAX_DEPTH
        and content.isascii()
        and b"\x00" not in content
        and _SHORT_SUSPECT.search(content) is None
    )


def violation(content: bytes) -> str | None:
    """Why *content* is refused before parsing, or None when it is within the bounds.

    A body that is not JSON at all may pass: the parser then rejects it as usual.
    """
    if _short_and_plain(content):
        return None
    text = _text(content)
    if text is None:
        return "body is not JSON (undecodable bytes)"
    outside_strings = _STRING.sub('""', text)
    if _depth(outside_strings) > MAX_DEPTH:
        return f"body nests deeper than {MAX_DEPTH} levels"
    if _LONG_NUMBER.search(outside_strings):
        return f"body has a number longer than {MAX_NUMBER_CHARS} characters"
    if _BIG_EXPONENT.search(outside_strings):
        return f"body has a number with an exponent over {MAX_EXPONENT_DIGITS} digits"
    if _NON_FINITE.search(outside_strings):
        return "body has NaN or Infinity, which JSON does not allow"
    return None
