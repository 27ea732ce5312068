"""The API's reader language: ?lang first, then Accept-Language by weight, then Spanish."""

from __future__ import annotations

import pytest

from sazon.api.deps import reader_lang
from sazon.errors import InvalidInput


@pytest.mark.parametrize(
    ("asked", "header", "expected"),
    [
        ("en", "es-PE", "en"),
        (" ES ", None, "es"),
        (None, None, "es"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "fr-FR, en;q=0.8, es;q=0.5", "en"),
        (None, "es;q=0.4, en;q=0.7", "en"),
        (None, "en;q=0.5, es;q=0.5", "en"),  # a tie: the first named
        (None, "fr, de", "es"),
        (None, "en;q=0, es-PE", "es"),  # q=0 means "not this one"
        (None, "en;q=bad, es", "es"),
    ],
)
def test_reader_lang(asked: str | None, header: str | None, expected: str) -> None:
    assert reader_lang(asked, header) == expected


def test_an_unknown_lang_is_refused_with_what_to_use() -> None:
    with pytest.raises(InvalidInput, match=r"unknown lang 'fr': use es \(español\) or en"):
        reader_lang("fr", "en")
