"""Hypothesis strategies shared by the whole suite (one module, as in attrs' tests).

Add new strategies by appending; keep each one documented by why it exists.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Path values that change a URL's structure or trip naive encoders. Plain ``st.text()`` almost
#: never draws ``.`` or ``..`` (measured: 0 in 1,600 examples), so they must be listed.
HOSTILE_PATH_VALUES = (
    "",
    ".",
    "..",
    "/",
    "a/b",
    "../../x",
    "%2F",
    "%2e%2e",
    "?",
    "#",
    "\n",
    "\\",
    ";",
    " ",
    "é/ü",
    "\u202e",
    "x?y=1#z",
    "a" * 4096,
)


def path_values() -> st.SearchStrategy[str]:
    """Any string, with the hostile set drawn often."""
    return st.one_of(st.sampled_from(HOSTILE_PATH_VALUES), st.text(), st.text(min_size=4000))
