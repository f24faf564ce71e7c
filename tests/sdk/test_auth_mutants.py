"""How an AK/SK auth shows its access key (survivors of `make mutation` in ``_auth``): a short key
never appears at all, a longer one only by its first four characters."""

from __future__ import annotations

import pytest

from modelarts_vizjobs._auth import AkSkAuth


@pytest.mark.parametrize(
    ("access_key", "shown"),
    [
        ("AK", "'***'"),
        ("AKEXAMP8", "'***'"),  # 8 characters: half of it would show
        ("AKEXAMPL9", "'AKEX***'"),
        ("AKLONGACCESSKEY", "'AKLO***'"),
    ],
)
def test_the_repr_shows_at_most_the_first_four_characters_of_a_long_access_key(
    access_key: str, shown: str
) -> None:
    expected = f"AkSkAuth(access_key={shown}, secret_key=***)"
    assert repr(AkSkAuth(access_key, "SK-secret")) == expected
