"""``fold`` takes a shortcut for ASCII text (issue #12, ingest speed): the same words as the
full accent-stripping walk."""

from __future__ import annotations

import unicodedata

import pytest

from sazon.store.search_text import fold


def _walk(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@pytest.mark.parametrize(
    "text",
    [
        "".join(map(chr, range(128))),  # every ASCII character, controls included
        "Rosa.Quispe@Example.PE",
        "HUAMÁN Ñuñez",
        "Straße ﬁne Ǆ İstanbul ώ",  # casefold and NFKD change these beyond accents
        "",
    ],
)
def test_fold__the_ascii_shortcut_gives_what_the_full_walk_gives(text: str) -> None:
    assert fold(text) == _walk(text)


def test_fold__accents_and_case_go() -> None:
    assert fold("HUAMÁN Ñuñez") == "huaman nunez"
