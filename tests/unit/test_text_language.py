"""Language identification on the way people in Lima write reviews."""

from __future__ import annotations

import pytest

from sazon.text import UNDETERMINED, detect_language, detect_languages


@pytest.mark.parametrize(
    "text",
    [
        "bacán",
        "chévere",
        "causa",
        "jato",
        "la jato de mi causa es bacán",
        "asu mare qué rico el ají de gallina",
        "demoraron un montón",
        "ni fu ni fa",
        "paja todo",
        "el ceviche estaba delicioso",
        "full recomendado",
        "Riiiico todo 😋😋",
    ],
)
def test_detect_language__peruvian_spanish_is_spanish(text: str) -> None:
    assert detect_language(text) == "es"


@pytest.mark.parametrize(
    "text",
    [
        "the waiter was rude",
        "good",
        "yummy",
        "the anticuchos were amazing",
        "Great place, the lomo saltado was amazing and the staff very friendly",
    ],
)
def test_detect_language__english_is_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Todo muy rico pero the service was slow and the waiter forgot our drinks twice", "en"),
        ("Todo estuvo buenazo y la atención de primera, aunque the music was too loud", "es"),
        ("El lomo saltado estaba espectacular y los postres también, so good", "es"),
    ],
)
def test_detect_language__mixed_text_gives_the_dominant_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "10/10", "😋😋", "S/ 45", "https://sazon.pe @juan", "no"]
)
def test_detect_language__no_evidence_is_undetermined(text: str) -> None:
    assert detect_language(text) == UNDETERMINED


def test_detect_language__fallback_replaces_undetermined() -> None:
    assert detect_language("10/10", fallback="es") == "es"
    assert detect_language("the food was great", fallback="es") == "en"


def test_detect_languages__batch_matches_one_by_one() -> None:
    texts = ["qué rico", "so tasty", "", "chévere el sitio", "the bill took forever", "ok 👍"]
    assert detect_languages(texts) == [detect_language(t) for t in texts]
    assert detect_languages([]) == []
