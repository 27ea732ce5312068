"""The rule scorer: lexicon look-ups, negation, intensity, contrast, aspects, patterns."""

from __future__ import annotations

import time

import pytest

from sazon.text.sentiment import RuleScorer, aspects_of, load_lexicon
from sazon.text.sentiment.clauses import split_clauses
from sazon.text.sentiment.lexicon import ASPECTS, word_key
from sazon.text.sentiment.model import marked_tokens, negators

SCORER = RuleScorer()


def hits(text: str, lang: str = "es") -> list[tuple[str, float, tuple[str, ...]]]:
    return [(h.term, h.valence, h.aspects) for h in SCORER.analyse(text, lang).hits]


def aspect_labels(text: str, lang: str = "es") -> dict[str, str]:
    return {a.aspect: a.label for a in aspects_of(SCORER.analyse(text, lang))}


# ---- words and keys ------------------------------------------------------------------


def test_key__merges_the_spellings_of_a_hurry() -> None:
    assert word_key("delisioso") == word_key("Delicioso") == word_key("DELICIOSO")
    assert word_key("buenaso") == word_key("buenazo")
    assert word_key("estubo") == word_key("estuvo")
    assert word_key("q") == word_key("que")


def test_key__keeps_words_that_only_look_alike_apart() -> None:
    assert word_key("pollo") != word_key("polo")
    assert word_key("poor") != word_key("por")
    assert word_key("año") != word_key("ano")


@pytest.mark.parametrize(
    ("word", "base"),
    [("ricas", "rico"), ("riquísimo", "rico"), ("jugosito", "jugoso"),
     ("fresquito", "fresco"), ("rapidísimo", "rápido"), ("cremosito", "cremoso")],
)  # fmt: skip
def test_lexicon__derives_inflections_from_the_base_word(word: str, base: str) -> None:
    lex = load_lexicon()
    found = lex.opinion_word(word_key(word))
    # A direct entry for the inflected form would do too.
    found_entry = lex.opinions[(word_key(word),)] if found is None else found.opinion
    assert found_entry.term == base or word_key(found_entry.term) == word_key(base)


def test_lexicon__superlatives_weigh_more_than_their_word() -> None:
    [(_, plain, _)] = hits("rico")
    [(_, superlative, _)] = hits("riquísimo")
    assert superlative > plain > 0


def test_lexicon__a_fried_dish_is_not_a_cold_one() -> None:
    assert hits("la trucha frita") == []


def test_lexicon__every_entry_names_a_known_aspect() -> None:
    lex = load_lexicon()
    assert {o.aspect for o in lex.opinions.values()} <= {*ASPECTS, None}
    assert set(lex.cues.values()) <= set(ASPECTS)
    assert all(-4 <= o.valence <= 4 for o in lex.opinions.values())


def test_lexicon__knowledge_base_names_are_aspect_words() -> None:
    cues = load_lexicon().cues
    assert cues[(word_key("pachamanca"),)] == "food"
    assert cues[tuple(word_key(w) for w in ["pisco", "sour"])] == "drinks"
    assert cues[(word_key("chicha"),)] == "drinks"
    # "bonito" is a fish in the knowledge base and "pretty" in a review: not an aspect word.
    assert (word_key("bonito"),) not in cues


# ---- clauses ---------------------------------------------------------------------------


def test_clauses__split_at_contrast_commas_and_sentences() -> None:
    clauses = split_clauses("Rico el ceviche, pero caro. Volveremos.")
    assert [(c.evidence, c.kind, c.sentence) for c in clauses] == [
        ("Rico el ceviche", "plain", 0),
        ("pero caro", "contrast", 0),
        ("Volveremos", "plain", 1),
    ]


def test_clauses__prices_and_times_are_not_sentence_ends() -> None:
    assert len(split_clauses("S/. 45.50 el menú a las 9:15")) == 1


def test_clauses__offsets_point_into_the_original_text() -> None:
    text = "La comida rica 😋 y la atención lenta"
    for clause in split_clauses(text):
        assert text[clause.start : clause.end] == clause.text


# ---- negation --------------------------------------------------------------------------


def test_negation__flips_praise_into_a_complaint() -> None:
    assert SCORER.analyse("no estaba rico").score < 0
    assert SCORER.analyse("nada rico").score < 0
    assert SCORER.analyse("no me gustó para nada").score < 0


def test_negation__a_negated_complaint_is_mild_praise() -> None:
    [(_, value, _)] = hits("no estaba mal")
    assert 0 < value < 1.5


def test_negation__spanish_double_negatives_flip_once() -> None:
    assert SCORER.analyse("no estuvo nada mal").score > 0


def test_negation__reaches_over_a_few_words_only() -> None:
    assert SCORER.analyse("no fuimos el sábado, fuimos el domingo y todo rico").score > 0


def test_negation__fixed_expressions_are_not_negated_again() -> None:
    assert SCORER.analyse("no vuelvo").score < -0.5
    assert SCORER.analyse("no podía estar más rico").score > 0.5
    assert SCORER.analyse("no tengo ninguna queja").score > 0


def test_negation__no_muy_is_a_mild_complaint() -> None:
    mild = SCORER.analyse("no muy rico").score
    assert SCORER.analyse("no rico").score < mild < 0


# ---- intensity ----------------------------------------------------------------------


def test_intensity__muy_and_super_strengthen_un_poco_softens() -> None:
    base = SCORER.analyse("caro").score
    assert SCORER.analyse("muy caro").score < base < SCORER.analyse("un poco caro").score < 0


def test_intensity__bien_before_an_adjective_is_very() -> None:
    assert SCORER.analyse("bien rico").score > SCORER.analyse("rico").score


def test_intensity__un_monton_after_the_word() -> None:
    assert SCORER.analyse("demoraron un montón").score < SCORER.analyse("demoraron").score


def test_intensity__capitals_and_stretched_words() -> None:
    assert SCORER.analyse("RICO el ceviche").score > SCORER.analyse("rico el ceviche").score
    assert SCORER.analyse("riiiiico").score > SCORER.analyse("rico").score


# ---- contrast and aspects -----------------------------------------------------------


def test_contrast__rico_pero_caro_is_food_positive_price_negative() -> None:
    assert aspect_labels("rico pero caro") == {"food": "positive", "price": "negative"}


def test_contrast__the_clause_after_pero_weighs_more() -> None:
    assert SCORER.analyse("caro pero riquísimo").score > 0
    assert SCORER.analyse("riquísimo pero caro").score < SCORER.analyse("riquísimo").score


def test_aspects__mixed_language_review() -> None:
    labels = aspect_labels("la comida super good pero el service lento")
    assert labels["food"] == "positive"
    assert labels["service"] == "negative"
    assert labels["waiting_time"] == "negative"


def test_aspects__a_cold_beer_is_good_a_cold_soup_is_not() -> None:
    assert aspect_labels("la chela bien fría") == {"drinks": "positive"}
    assert aspect_labels("la sopa llegó fría") == {"food": "negative"}


def test_aspects__the_head_noun_names_the_aspect() -> None:
    assert aspect_labels("el jugo de fresa con leche delicioso") == {"drinks": "positive"}


def test_aspects__a_general_word_takes_the_aspect_of_the_clause_before() -> None:
    assert aspect_labels("el ceviche, excelente") == {"food": "positive"}


def test_aspects__a_mention_without_an_opinion_is_neutral() -> None:
    [aspect] = aspects_of(SCORER.analyse("pedimos el menú del día"))
    assert (aspect.aspect, aspect.label, aspect.score) == ("food", "neutral", 0.0)


def test_aspects__evidence_is_the_clause_as_written() -> None:
    [food, price] = aspects_of(SCORER.analyse("Riiico el lomo 😋, pero CARO"))
    assert food.evidence == "Riiico el lomo 😋"
    assert price.evidence == "pero CARO"


# ---- patterns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sign"),
    [("10/10", 1), ("0/10", -1), ("cinco estrellas", 1), ("una estrella", -1), ("2 de 10", -1)],
)
def test_patterns__ratings(text: str, sign: int) -> None:
    assert SCORER.analyse(text).score * sign > 0.3


@pytest.mark.parametrize(
    ("text", "sign"),
    [("esperamos una hora", -1), ("45 minutos para dos cafés", -1),
     ("una hora y media para el fondo", -1), ("todo llegó en diez minutos", 1),
     ("We waited over an hour", -1)],
)  # fmt: skip
def test_patterns__waiting_times(text: str, sign: int) -> None:
    lang = "en" if text.startswith("We") else "es"
    labels = aspect_labels(text, lang)
    assert labels["waiting_time"] == ("positive" if sign > 0 else "negative")


def test_patterns__a_short_wait_without_context_says_nothing() -> None:
    assert "waiting_time" not in aspect_labels("abren a las 10, el local es amplio")


def test_patterns__emoji_and_smileys() -> None:
    assert SCORER.analyse("el ceviche 😋😋").score > 0.3
    assert SCORER.analyse("la atención 😡").score < -0.3
    assert SCORER.analyse("todo bien :)").score > SCORER.analyse("todo bien").score


def test_patterns__scare_quotes_turn_praise_around() -> None:
    assert SCORER.analyse('muy "económico", 200 soles por dos platos').score < 0


# ---- features -----------------------------------------------------------------------


def test_features__fixed_length_and_finite() -> None:
    from sazon.text.sentiment.rules import FEATURE_NAMES

    for text in ("", "ok", "rico pero caro", "😡😡😡", "pésimo, no vuelvo nunca más"):
        values = SCORER.analyse(text).features()
        assert values.shape == (len(FEATURE_NAMES),)
        assert all(abs(v) < 1e6 for v in values)


# ---- exceptions and "lo único bueno" --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "aspect", "label"),
    [
        ("todo bien menos el precio", "price", "negative"),
        ("Todo bien, menos el precio", "price", "negative"),
        ("todo excelente excepto la atención", "service", "negative"),
        ("excepto la atención, todo excelente", "service", "negative"),
        ("todo riquísimo salvo el ambiente", "ambience", "negative"),
        ("everything was great except the service", "service", "negative"),
        ("everything was great except for the music", "ambience", "negative"),
        ("todo pésimo menos la atención", "service", "positive"),
    ],
)
def test_exception__menos_excepto_salvo_except_turn_the_opinion_around(
    text: str, aspect: str, label: str
) -> None:
    assert aspect_labels(text)[aspect] == label


@pytest.mark.parametrize(
    "text",
    ["menos mal que la comida estuvo rica", "al menos la comida estuvo rica",
     "por lo menos la comida estuvo rica", "llegó en menos de diez minutos y rico"],
)  # fmt: skip
def test_exception__menos_that_is_not_an_exception_changes_nothing(text: str) -> None:
    assert [c.kind for c in split_clauses(text)].count("exception") == 0
    assert aspect_labels(text).get("food") == "positive"


def test_exception__an_exception_with_its_own_opinion_keeps_it() -> None:
    assert aspect_labels("todo mal, salvo el ceviche que estaba buenazo")["food"] == "positive"


@pytest.mark.parametrize(
    ("text", "aspect"),
    [("lo único bueno fue el pisco", "drinks"), ("el pisco fue lo único rescatable", "drinks"),
     ("lo único rico fue el postre", "food"), ("the only good thing was the pisco sour", "drinks")],
)  # fmt: skip
def test_only_good__praises_what_it_names_and_condemns_the_rest(text: str, aspect: str) -> None:
    analysis = SCORER.analyse(text, "en" if text.startswith("the") else "es")
    assert {a.aspect: a.label for a in aspects_of(analysis)}[aspect] == "positive"
    assert analysis.score < 0  # the visit as a whole
    assert all(h.valence < 0 for h in analysis.hits)  # the praise is for the aspect only


# ---- long texts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["ab" * 25_000, "a" * 50_000, "AB" * 25_000, "riiico " * 7_000, "1" * 50_000,
     "x.y+" * 12_500, "rico, pero caro y " * 2_800, "😋" * 50_000],
    ids=["letters", "one-letter", "capitals", "elongations", "digits", "address-like",
         "clauses", "emoji"],
)  # fmt: skip
def test_rules__long_texts_take_linear_time(text: str) -> None:
    """Regression guard: the elongation and e-mail patterns used to backtrack quadratically
    (16,000 letters took 6 s). The analyzer reads 5,000 characters of a text, but the rules
    alone must stay fast on ten times that; the bound is loose for a busy 2-core machine."""
    SCORER.analyse("riiico", "es")  # the lexicons load outside the timing
    start = time.perf_counter()
    SCORER.analyse(text[:50_000], "es")
    assert time.perf_counter() - start < 5


# ---- the model's negation marks ------------------------------------------------------


def test_model_negators__are_the_lexicons() -> None:
    lexicon = load_lexicon()
    written = {k[0] for k, m in lexicon.modifiers.items() if m.kind == "negator" and len(k) == 1}
    assert negators() == written
    assert {word_key(w) for w in ("ningún", "nadie", "dont", "didnt", "hardly", "nor")} <= written
    marked = marked_tokens("ningún plato rico; nadie amable; didnt like it", "en").split()
    assert {"neg_plato", "neg_rico", "neg_amable", "neg_like"} <= set(marked)
    assert "neg_rico" in marked_tokens("never rico", "en").split()  # "never" is keyed "neber"
