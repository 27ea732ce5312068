"""Behaviour of the default sentiment model (Made-With-ML style).

- invariance: names, dish names, punctuation, accents and elongations do not change a label;
- directional: adding a complaint lowers the score and marks its aspect, negating flips;
- minimum functionality: Peruvian slang, negation, contrast, English and mixed reviews.
"""

from __future__ import annotations

import pytest

from sazon.text.sentiment import SentimentAnalyzer, SentimentResult, default_model


@pytest.fixture(scope="module")
def analyzer() -> SentimentAnalyzer:
    return SentimentAnalyzer(default_model())


def score(analyzer: SentimentAnalyzer, *texts: str) -> list[SentimentResult]:
    return analyzer.analyse_texts(list(texts))


def aspect(result: SentimentResult, name: str) -> str | None:
    return next((a.label for a in result.aspects if a.aspect == name), None)


# ---- invariance ------------------------------------------------------------------------

BASES = [
    "{name} nos atendió súper bien y el {dish} estaba buenazo",
    "el {dish} llegó frío y {name} ni nos miraba",
    "pedimos {dish}, normal nomás",
    "{name} fue muy amable pero el {dish} estaba salado",
]
NAMES = ["Juan", "Rosa", "el señor Quispe", "Mike"]
DISHES = ["ceviche", "lomo saltado", "ají de gallina", "tacu tacu"]


@pytest.mark.parametrize("template", BASES)
def test_invariance__names_and_dishes_do_not_change_the_label(
    analyzer: SentimentAnalyzer, template: str
) -> None:
    texts = [template.format(name=n, dish=d) for n in NAMES for d in DISHES]
    labels = {r.label for r in score(analyzer, *texts)}
    assert len(labels) == 1, labels


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("la comida estaba rica", ["La comida estaba rica!!!", "la comida estaba riiiiica",
                                   "LA COMIDA ESTABA RICA", "la comida estaba rica 😋"]),
        ("la atención fue pésima", ["La atención fue pésima.", "la atencion fue pesima",
                                    "la atención fue pésimaaaa", "la atención fue pésima 😡"]),
        ("rico pero caro", ["Rico, pero caro.", "rico pero caaaro", "RICO pero caro"]),
        ("demoraron un montón", ["demoraron un monton!!", "demoraron un montóóón"]),
    ],
)  # fmt: skip
def test_invariance__punctuation_accents_and_elongation(
    analyzer: SentimentAnalyzer, text: str, variants: list[str]
) -> None:
    [base, *others] = score(analyzer, text, *variants)
    assert [r.label for r in others] == [base.label] * len(others)


# ---- directional -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["el ceviche buenazo", "todo riquísimo", "la causa espectacular", "qué rico el lomo"],
)
def test_directional__adding_pero_carisimo_marks_price_and_lowers_the_score(
    analyzer: SentimentAnalyzer, text: str
) -> None:
    before, after = score(analyzer, text, f"{text}, pero carísimo")
    assert aspect(after, "price") == "negative"
    assert aspect(after, "food") == "positive"
    assert after.score < before.score


@pytest.mark.parametrize(
    ("text", "negated"),
    [("el lomo estaba rico", "el lomo no estaba rico"),
     ("me gustó el ceviche", "no me gustó el ceviche"),
     ("los mozos fueron amables", "los mozos no fueron amables"),
     ("the food was good", "the food was not good"),
     ("estaba mal el arroz", "no estaba mal el arroz")],
)  # fmt: skip
def test_directional__negation_flips_the_polarity(
    analyzer: SentimentAnalyzer, text: str, negated: str
) -> None:
    plain, flipped = score(analyzer, text, negated)
    assert plain.label != "neutral" and flipped.label != plain.label
    assert (plain.score > 0) != (flipped.score > 0)


@pytest.mark.parametrize(
    ("text", "complaint", "name"),
    [("la comida rica", "pero el mozo fue un patán", "service"),
     ("todo bien", "pero esperamos una hora", "waiting_time"),
     ("el pisco sour rico", "pero el local sucio", "ambience"),
     ("buen ambiente", "pero la chela llegó caliente", "drinks")],
)  # fmt: skip
def test_directional__a_complaint_lowers_the_score_and_names_its_aspect(
    analyzer: SentimentAnalyzer, text: str, complaint: str, name: str
) -> None:
    before, after = score(analyzer, text, f"{text}, {complaint}")
    assert after.score < before.score
    assert after.label != "positive"
    assert aspect(after, name) == "negative"


def test_directional__a_recommendation_raises_the_score(analyzer: SentimentAnalyzer) -> None:
    before, after = score(analyzer, "el lomo normal", "el lomo normal, igual lo recomiendo")
    assert after.score > before.score


# ---- minimum functionality -----------------------------------------------------------

SLANG = {
    "positive": [
        "bacán el sitio", "chévere la atención", "está paja la comida", "asu mare, qué rico todo",
        "para chuparse los dedos", "mostro el anticucho", "buenazo el chicharrón",
        "de la pm el ceviche", "un huarique caleta y buenazo", "los chilcanos al polo, bravazo",
        "riquísimo todo 😋", "10/10", "no estaba nada mal", "me encantó", "100% recomendado",
        "volveremos seguro", "la atención de lujo",
    ],
    "negative": [
        "demoraron un montón", "la atención dejó mucho que desear", "una estafa", "te clavan",
        "nada rico", "no me gustó para nada", "los mozos jateando", "pucha, todo frío",
        "muy huachafo el local", "pésimo, nunca más", "asu mare qué caro y feo",
        "el ceviche no estaba fresco", "me cayó mal", "0/10 😡", "no lo recomiendo",
        "una hora esperando el fondo",
    ],
    "neutral": [
        "ni fu ni fa", "normal nomás", "más o menos", "pedimos el menú del día",
        "abren de lunes a sábado", "rico pero caro", "nada del otro mundo",
    ],
}  # fmt: skip


@pytest.mark.parametrize(("label", "text"), [(lab, t) for lab, ts in SLANG.items() for t in ts])
def test_minimum__peruvian_usage(analyzer: SentimentAnalyzer, label: str, text: str) -> None:
    [result] = score(analyzer, text)
    assert result.label == label, (text, result.score)


ENGLISH = {
    "positive": ["Amazing ceviche, highly recommend", "Friendly staff and great food",
                 "Not bad at all", "Best pisco sour in Lima"],
    "negative": ["Terrible service, never again", "The food was cold and bland",
                 "Way overpriced", "I didn't like it at all"],
    "neutral": ["It was okay", "We had lunch there on Tuesday"],
}  # fmt: skip


@pytest.mark.parametrize(("label", "text"), [(lab, t) for lab, ts in ENGLISH.items() for t in ts])
def test_minimum__english(analyzer: SentimentAnalyzer, label: str, text: str) -> None:
    [result] = score(analyzer, text)
    assert result.label == label, (text, result.score)


def test_minimum__mixed_spanish_and_english(analyzer: SentimentAnalyzer) -> None:
    [mixed] = score(analyzer, "la comida super good pero el service lento")
    assert mixed.label != "positive"
    assert aspect(mixed, "food") == "positive"
    assert aspect(mixed, "service") == "negative"


def test_minimum__a_complaint_never_reads_as_praise(analyzer: SentimentAnalyzer) -> None:
    complaints = [
        "rico todo, pero nos trataron pésimo y no volvemos",
        "la comida buena pero nos intoxicamos, nunca más",
        "bonito local, lástima que la comida llegó cruda",
        "excelente ubicación, pésimo servicio, no vuelvo",
    ]
    assert [r.label for r in score(analyzer, *complaints)].count("positive") == 0
