"""Verdicts the words cannot outvote (verdicts.py): a rhetorical answer, the latest state.

Unit tests on the rules alone (no model is fitted here); the default model's behaviour on
the same shapes is in tests/ml/test_sentiment_hard_behaviour.py.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from sazon.text.sentiment.rules import RuleScorer
from sazon.text.sentiment.verdicts import (
    CONFIDENCE,
    apply_verdicts,
    guard_complaints,
    verdict,
    verdicts_of,
)


@pytest.fixture(scope="module")
def scorer() -> RuleScorer:
    return RuleScorer()


def _verdict(scorer: RuleScorer, text: str, lang: str = "es") -> str | None:
    return verdict(text, lambda piece: scorer.analyse(piece, lang).score)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¿Delicioso? Ni hablar.", "negative"),  # praise asked about, answered no
        ("¿Sabrosa la causa? Para nada, seca y sin ají.", "negative"),
        ("¿Repetiría? Jamás.", "negative"),  # coming back asks for praise without a word
        ("¿Me arrepiento? Para nada, todo salió rapidito y sabroso.", "positive"),
        ("Would I return? Absolutely, the duck was superb.", "positive"),
        ("¿Volvería? No sé, tal vez si paso por ahí.", None),  # a doubt is not a "no"
        ("¿Delicioso? Ni hablar... mentira, riquísimo y buenazo todo.", None),  # overturned
        ("El lomo estaba rico y la chicha también.", None),
    ],
)
def test_a_question_answered_decides_by_what_the_answer_says_about_it(
    scorer: RuleScorer, text: str, expected: str | None
) -> None:
    assert _verdict(scorer, text, "en" if text.startswith("Would") else "es") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hace tiempo el seco era espectacular, hoy es una decepción.", "negative"),
        ("Hace tiempo el seco era una decepción, hoy es espectacular.", "positive"),
        ("It used to be excellent, now it is awful.", "negative"),
        ("Antes era rico, ahora sigue rico.", None),  # no turn of polarity
        ("Ahora que lo pienso, todo estuvo espectacular.", None),  # nothing before the turn
    ],
)
def test_before_and_now_the_state_after_a_turn_decides(
    scorer: RuleScorer, text: str, expected: str | None
) -> None:
    assert _verdict(scorer, text, "en" if text.startswith("It") else "es") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("El seco regular tirando a malo.", "negative"),
        ("Normalito, tirando para rico.", "positive"),
        ("The soup was okay, bordering on bland.", "negative"),
        ("Regular nomás.", None),
    ],
)
def test_where_a_lukewarm_verdict_leans_decides(
    scorer: RuleScorer, text: str, expected: str | None
) -> None:
    assert _verdict(scorer, text, "en" if text.startswith("The") else "es") == expected


def test_a_verdict_moves_only_probabilities_the_model_read_otherwise() -> None:
    proba = np.array([[0.1, 0.2, 0.7], [0.1, 0.2, 0.7], [0.6, 0.3, 0.1]])
    out = apply_verdicts(proba, ["negative", "positive", None])
    assert out[0].argmax() == 0 and out[0, 0] == CONFIDENCE
    # The other two keep their ratio (0.2 : 0.7) in what is left.
    assert out[0, 2] / out[0, 1] == pytest.approx(3.5)
    assert np.allclose(out.sum(axis=1), 1.0)
    assert np.array_equal(out[1:], proba[1:])  # agreed already, or no verdict
    assert np.array_equal(proba[0], [0.1, 0.2, 0.7])  # the input is not changed


def test_the_complaint_guard_lets_a_positive_verdict_stand(scorer: RuleScorer) -> None:
    texts = ["Hace tiempo era una decepción total, ahora es espectacular."]
    analyses = [scorer.analyse(t) for t in texts]
    found = verdicts_of(analyses, lambda lang, piece: scorer.analyse(piece, lang).score)
    assert found == ["positive"]
    # The complaint before the turn is firm enough for the guard on its own…
    assert guard_complaints(["positive"], analyses) != ["positive"]
    # …but the latest state is what counts.
    assert guard_complaints(["positive"], analyses, found) == ["positive"]


def test_verdicts_read_each_text_in_its_own_language(scorer: RuleScorer) -> None:
    seen: list[str] = []

    def score(lang: str, piece: str) -> float:
        seen.append(lang)
        return scorer.analyse(piece, lang).score

    analyses = [scorer.analyse("It used to be excellent, now it is awful.", "en")]
    assert verdicts_of(analyses, score) == ["negative"]
    assert set(seen) == {"en"}
    assert partial(score, "es")("rico") > 0
