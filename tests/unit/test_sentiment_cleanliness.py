"""Cleanliness is reported beside the six aspects, read from the ambience judgements, so no
labelled set and no input of the learned model moves (see sazon.text.sentiment.cleanliness)."""

from __future__ import annotations

import pytest

from sazon.text.sentiment import RuleScorer, aspects_of

SCORER = RuleScorer()


def _aspects(text: str, lang: str = "es") -> dict[str, str]:
    return {a.aspect: a.label for a in aspects_of(SCORER.analyse(text, lang))}


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("La comida rica pero los baños estaban sucios.", "es", "negative"),
        ("Las mesas sucias y pegajosas.", "es", "negative"),
        ("Había cucarachas en el piso.", "es", "negative"),
        ("La limpieza del local deja mucho que desear.", "es", "negative"),
        ("El local bonito y los baños impecables.", "es", "positive"),
        ("The bathroom was filthy but the ceviche was great.", "en", "negative"),
    ],
)
def test_cleanliness__is_read_where_guests_speak_of_it(text: str, lang: str, label: str) -> None:
    aspects = _aspects(text, lang)
    assert aspects["cleanliness"] == label
    assert aspects["ambience"] == label  # ambience keeps what it had


@pytest.mark.parametrize(
    "text", ["Muy buena atención.", "El local es precioso y la música bonita."]
)
def test_cleanliness__is_not_reported_where_nobody_speaks_of_it(text: str) -> None:
    assert "cleanliness" not in _aspects(text)


def test_cleanliness__stays_out_of_the_learned_models_inputs() -> None:
    analysis = SCORER.analyse("Los baños sucios y cucarachas en la cocina.", "es")
    assert "cleanliness" not in analysis.aspect_totals()
    assert all("cleanliness" not in h.aspects for h in analysis.hits)
