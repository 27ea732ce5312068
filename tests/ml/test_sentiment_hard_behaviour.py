"""Behaviour of the default sentiment model on hard writing (issue #20), Made-With-ML style.

One group per failure pattern the issue names: a rhetorical question answered no, ironic
quotes and "sí, claro", "before vs now", faint praise, and complaints without a complaint
word. Each has invariance tests (what must not change the label) and directional tests (what
must move the score, and which way). The sentences are ours, written for these tests: none is
in the hard evaluation set or the training data (``test_no_sentence_here_is_in_an_evaluation
_or_training_set`` checks it).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from sazon.text.sentiment import SentimentAnalyzer, SentimentResult, default_model
from sazon.text.sentiment.service import (
    CANDIDATE_HARD_FILES,
    HARD_TRAINING_FILES,
    TRAINING_FILE,
)

ROOT = Path(__file__).resolve().parents[2]
DISHES = ["seco de cabrito", "arroz con mariscos", "tallarín saltado", "causa rellena"]


@pytest.fixture(scope="module")
def analyzer() -> SentimentAnalyzer:
    return SentimentAnalyzer(default_model())


def score(analyzer: SentimentAnalyzer, *texts: str) -> list[SentimentResult]:
    return analyzer.analyse_texts(list(texts))


def labels(analyzer: SentimentAnalyzer, *texts: str) -> list[str]:
    return [r.label for r in score(analyzer, *texts)]


# ---- rhetorical questions answered no ----------------------------------------------------

QUESTIONS = ["¿Regresar por el {dish}?", "¿Lo pediría otra vez?", "Would I order the {dish} again?"]
NO = ["Ni en sueños.", "Ni a palos, llegó frío y soso.", "Not a chance, it was bland and cold."]
YES = ["Claro que sí, estaba buenazo.", "Obvio, lo mejor de la carta.", "Absolutely, superb."]


@pytest.mark.parametrize(("question", "no", "yes"), list(zip(QUESTIONS, NO, YES, strict=True)))
def test_directional__a_rhetorical_question_answered_no_is_not_praise(
    analyzer: SentimentAnalyzer, question: str, no: str, yes: str
) -> None:
    q = question.format(dish=DISHES[0])
    answered_no, answered_yes = score(analyzer, f"{q} {no}", f"{q} {yes}")
    # A bare "Ni en sueños." after the question reads neutral, the others negative: what
    # the issue forbids is reading it as praise.
    assert answered_no.label != "positive"
    assert answered_yes.label == "positive"
    assert answered_no.score < answered_yes.score


SHORT_NO = [
    "¿Recomendarlo? Ni de casualidad.",
    "Would I recommend it? No way.",
    "¿Que si vale la pena? Para nada.",
    "¿Rico? Jamás.",
    "¿Lo mejor de Lima? Ni de broma.",
    # Strong praise asked about and answered no: the answer decides (verdicts.py).
    "¿Delicioso? Ni hablar.",
]


@pytest.mark.parametrize("text", SHORT_NO)
def test_minimum__a_bare_question_answered_no_is_not_praise(
    analyzer: SentimentAnalyzer, text: str
) -> None:
    assert labels(analyzer, text) != ["positive"]


def test_invariance__the_dish_asked_about_does_not_change_a_no(
    analyzer: SentimentAnalyzer,
) -> None:
    texts = [f"¿Volver por el {dish}? Ni de broma, una decepción." for dish in DISHES]
    assert set(labels(analyzer, *texts)) == {"negative"}


# ---- ironic quotes and "sí, claro" -------------------------------------------------------

QUOTED = [
    '"La mejor {dish} del Callao", decía el cartel',
    '"Sabor de casa", anuncian en la puerta',
    '"Atención cinco estrellas", según su web',
]
IRONY = [", sí claro 🙄 Vino recalentada.", "... sí, cómo no. Todo salió tibio.", ", ajá 🙄"]


@pytest.mark.parametrize("quoted", QUOTED)
@pytest.mark.parametrize("irony", IRONY)
def test_directional__irony_after_quoted_praise_makes_it_a_complaint(
    analyzer: SentimentAnalyzer, quoted: str, irony: str
) -> None:
    claim = quoted.format(dish=DISHES[3])
    [ironic] = score(analyzer, f"{claim}{irony}")
    assert ironic.label != "positive"


@pytest.mark.parametrize("dish", DISHES)
def test_invariance__si_claro_reads_the_same_with_any_dish(
    analyzer: SentimentAnalyzer, dish: str
) -> None:
    [result] = score(analyzer, f'Nos vendieron el {dish} como "especialidad de la casa", sí claro.')
    assert result.label == "negative"


# ---- before vs now: the latest state counts ----------------------------------------------

# Strong praise before the turn: the state after it decides all the same (verdicts.py).
STATES = [
    ("buenazo", "un chiste"),
    ("lo máximo", "una decepción"),
    ("riquísimo", "insípido"),
    ("amazing", "really disappointing"),
]


@pytest.mark.parametrize(("good", "bad"), STATES)
def test_directional__before_and_now_the_latest_state_decides(
    analyzer: SentimentAnalyzer, good: str, bad: str
) -> None:
    worse, better = score(
        analyzer,
        f"Hace unos años el {DISHES[1]} era {good}, ahora es {bad}.",
        f"Hace unos años el {DISHES[1]} era {bad}, ahora es {good}.",
    )
    assert worse.label == "negative"
    assert better.label == "positive"


@pytest.mark.parametrize("dish", DISHES)
def test_invariance__before_and_now_with_any_dish(analyzer: SentimentAnalyzer, dish: str) -> None:
    [result] = score(analyzer, f"Antes venía por el {dish}; ya no es lo que era, pura grasa.")
    assert result.label == "negative"


# ---- faint praise is neutral ------------------------------------------------------------

FAINT = [
    "El {dish}, nada fuera de lo común.",
    "El {dish} cumple, sin más.",
    "El {dish} bien, normalito, nada memorable.",
    "The {dish} was fine, nothing to write home about.",
]


@pytest.mark.parametrize("template", FAINT)
def test_directional__faint_praise_is_neutral_and_below_real_praise(
    analyzer: SentimentAnalyzer, template: str
) -> None:
    faint, warm = score(
        analyzer, template.format(dish=DISHES[2]), f"El {DISHES[2]} estuvo espectacular."
    )
    assert faint.label == "neutral"
    assert faint.score < warm.score


@pytest.mark.parametrize("dish", DISHES)
def test_invariance__faint_praise_with_any_dish(analyzer: SentimentAnalyzer, dish: str) -> None:
    assert labels(analyzer, f"El {dish} estaba correcto, nada del otro mundo.") == ["neutral"]


# ---- complaints without a complaint word --------------------------------------------------

IMPLICIT = [
    "Nos dejaron cuarenta minutos sin carta y ni un perdón.",
    "Misio te deja ese lugar por un par de anticuchos.",
    "El {dish} regular tirando a malo.",
    "Shame about the {dish}, the view is nice though.",
    "Terminamos cenando en otro lado porque nunca trajeron el {dish}.",
]


@pytest.mark.parametrize("template", IMPLICIT)
def test_directional__a_complaint_without_a_complaint_word_is_negative(
    analyzer: SentimentAnalyzer, template: str
) -> None:
    assert labels(analyzer, template.format(dish=DISHES[1])) == ["negative"]


@pytest.mark.parametrize("dish", DISHES)
def test_invariance__an_implicit_complaint_with_any_dish(
    analyzer: SentimentAnalyzer, dish: str
) -> None:
    assert labels(analyzer, f"Pedimos el {dish} y seguimos esperando, ni disculpas.") == [
        "negative"
    ]


def not_praise_and_below(analyzer: SentimentAnalyzer, lower: str, higher: str) -> None:
    """``lower`` is not read as praise and scores below ``higher``."""
    low, high = score(analyzer, lower, higher)
    assert low.label != "positive"
    assert low.score < high.score


# ---- the end of the argument decides ("pero", "but") ---------------------------------------

TURNS = [
    (
        "la sazón impecable y el local precioso",
        "nos atendieron con desgano y el {dish} llegó helado",
    ),
    ("the cocktails were lovely", "the {dish} tasted off and nobody apologised"),
    ("la vista al mar increíble", "el {dish} salado a más no poder"),
]


# The shipped default (second round) misses these; the third round's candidate (structure
# features) reads them right, but it did not become the default (docs/text.md, "Third
# round"). Strict: the day the default reads them right, the mark must go.
MISSED_BY_DEFAULT = {
    ("the cocktails were lovely", "the {dish} tasted off and nobody apologised"),
    "La atención con el {dish} no fue lo que se dice amable.",
}


def known_misses(cases: list[Any]) -> list[Any]:
    """``cases`` with those the shipped default misses marked as strict expected failures."""
    miss = pytest.mark.xfail(strict=True, reason="the shipped default misses it (docs/text.md)")
    return [
        pytest.param(*(c if isinstance(c, tuple) else (c,)), marks=miss)
        if c in MISSED_BY_DEFAULT
        else c
        for c in cases
    ]


@pytest.mark.parametrize(("good", "bad"), known_misses(TURNS))
def test_directional__what_follows_the_turn_weighs_more(
    analyzer: SentimentAnalyzer, good: str, bad: str
) -> None:
    bad = bad.format(dish=DISHES[3])
    not_praise_and_below(analyzer, f"{good}, pero {bad}.", f"{bad}, pero {good}.")


# ---- litotes and understatement -----------------------------------------------------------

UNDERSTATED = [
    "El {dish} no fue precisamente barato.",
    "La atención con el {dish} no fue lo que se dice amable.",
    "The {dish} was not exactly quick to arrive.",
]


@pytest.mark.parametrize("template", known_misses(UNDERSTATED))
def test_directional__an_understatement_is_not_praise(
    analyzer: SentimentAnalyzer, template: str
) -> None:
    not_praise_and_below(
        analyzer, template.format(dish=DISHES[0]), f"El {DISHES[0]} estuvo buenazo."
    )


@pytest.mark.parametrize("dish", DISHES)
def test_invariance__a_negated_complaint_is_praise_with_any_dish(
    analyzer: SentimentAnalyzer, dish: str
) -> None:
    assert labels(analyzer, f"El {dish} no estuvo nada mal, me sorprendió gratamente.") == [
        "positive"
    ]


# ---- "ni … tan": another place that would never serve this --------------------------------


@pytest.mark.parametrize(
    ("worse", "better"),
    [
        (
            "Ni en la cafetería de mi trabajo sirven un {dish} tan desabrido.",
            "Ni en casa de mi mamá comí un {dish} tan sabroso.",
        ),
        (
            "Not even the bus terminal diner makes a {dish} so greasy.",
            "Not even my aunt makes a {dish} so tasty.",
        ),
    ],
)
def test_directional__ni_tan_reads_the_adjective_not_its_negation(
    analyzer: SentimentAnalyzer, worse: str, better: str
) -> None:
    not_praise_and_below(analyzer, worse.format(dish=DISHES[2]), better.format(dish=DISHES[2]))


# ---- safety: a firm complaint phrase is never praise --------------------------------------

FIRM = [
    "Lindo local y buena música, pero me intoxiqué con el {dish}.",
    "Todo se veía apetitoso; el {dish} vino crudo por dentro.",
    "Beautiful place and great cocktails, but the {dish} gave me food poisoning.",
    "Súper atentos y rápidos, una lástima que el {dish} sea una estafa.",
]


@pytest.mark.parametrize("template", FIRM)
@pytest.mark.parametrize("dish", DISHES[:2])
def test_safety__a_firm_complaint_is_never_praise(
    analyzer: SentimentAnalyzer, template: str, dish: str
) -> None:
    [result] = score(analyzer, template.format(dish=dish))
    assert result.label != "positive"
    assert result.score < 0.5


# ---- the sentences are not borrowed from an evaluation or training set ------------------


def _grams(text: str, n: int = 4) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = " " + re.sub(r"\W+", " ", folded).strip() + " "
    return {folded[i : i + n] for i in range(len(folded) - n + 1)}


def _ours() -> list[str]:
    fill = {"dish": DISHES[0]}
    return [
        *(q.format(**fill) + " " + a for q in QUESTIONS for a in (*NO, *YES)),
        *(t for t in SHORT_NO if isinstance(t, str)),
        *(q.format(**fill) + i for q in QUOTED for i in IRONY),
        *(f"Hace unos años el {DISHES[1]} era {a}, ahora es {b}." for a, b in STATES),
        *(t.format(**fill) for t in (*FAINT, *IMPLICIT)),
        *(f"{g}, pero {b.format(**fill)}." for g, b in TURNS),
        *(t.format(**fill) for t in (*UNDERSTATED, *FIRM)),
    ]


def test_no_sentence_here_is_in_an_evaluation_or_training_set() -> None:
    theirs: list[set[str]] = []
    for path in (
        ROOT / "bench" / "data" / "sentiment_hard" / "dev.csv",
        ROOT / "bench" / "data" / "sentiment_hard" / "test.csv",
        ROOT / "bench" / "data" / "sentiment_hard" / "test_b.csv",
        ROOT / "bench" / "data" / "sentiment_hard" / "test_c.csv",
        ROOT / "bench" / "data" / "peru_reviews_test.csv",
    ):
        with path.open(encoding="utf-8") as fh:
            theirs += [_grams(r["text"]) for r in csv.DictReader(fh)]
    for name in (TRAINING_FILE, *HARD_TRAINING_FILES, *CANDIDATE_HARD_FILES):
        raw = resources.files("sazon.text").joinpath("data", name).read_text("utf-8")
        theirs += [_grams(r["text"]) for r in csv.DictReader(raw.splitlines())]
    # Each sentence's grams once, not once per comparison (that took over a minute).
    ours = {text: _grams(text) for text in _ours()}
    close = [
        text
        for text, mine in ours.items()
        if any(len(mine & g) / len(mine | g) >= 0.5 for g in theirs if g)
    ]
    assert close == []
