"""Normalisation: noise out, meaning and case kept, and stable when applied twice."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sazon.text import EMAIL, URL, USER, fold, lower, normalise, squeeze_elongations
from sazon.text.emoji_words import EMOJI_WORDS, emoji_word
from sazon.text.normalise import elongated_words, single_runs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("riiiiico", "rico"),
        ("buenaaaa", "buena"),
        ("!!!!!", "!!"),
        ("¿¿¿¿en serio????", "¿¿en serio??"),
        ("muuuuy", "muy"),
        ("siiiii", "si"),
        ("nooooo", "no"),
        ("Holaaaa", "Hola"),
        ("carrrro", "carro"),
        ("arrrroz", "arroz"),
        ("llllama", "llama"),
        ("leeeer", "leer"),
        ("creeeeo", "creo"),
        ("goooood", "good"),
        ("cooool", "cool"),
        ("jajajajaja", "jaja"),
        ("mmmmm", "mm"),
        ("esperé.......", "esperé..."),
    ],
)
def test_squeeze_elongations__shrinks_emphasis(raw: str, expected: str) -> None:
    assert squeeze_elongations(raw) == expected


@pytest.mark.parametrize(
    "word", ["carro", "llama", "arroz", "cool", "good", "coffee", "perro", "leer", "pollo", "calle"]
)
def test_squeeze_elongations__keeps_real_double_letters(word: str) -> None:
    assert squeeze_elongations(word) == word


def test_squeeze_elongations__never_touches_numbers() -> None:
    assert squeeze_elongations("S/ 1000 y 2222 puntos") == "S/ 1000 y 2222 puntos"


def test_squeeze_elongations__language_decides_ambiguous_words() -> None:
    assert squeeze_elongations("malll", lang="es") == "mal"
    assert squeeze_elongations("seeee you", lang="en") == "see you"


def test_normalise__collapses_whitespace_and_keeps_case_and_accents() -> None:
    assert normalise("  El  AJÍ\tde gallina\n\nRICO  ") == "El AJÍ de gallina RICO"


def test_normalise__composes_unicode() -> None:
    decomposed = unicodedata.normalize("NFD", "Ñoquis con ají")
    assert normalise(decomposed) == "Ñoquis con ají"
    assert normalise("it’s great") == "it's great"


def test_normalise__replaces_links_mentions_and_emails() -> None:
    text = "Mira https://sazon.pe/r?id=3, www.carta.pe. Escribe a ana.p@gmail.com o @juanito_93"
    assert normalise(text) == f"Mira {URL}, {URL}. Escribe a {EMAIL} o {USER}"


@pytest.mark.parametrize(
    ("raw", "es", "en"),
    [
        ("Rico 😋", "Rico delicioso", "Rico delicious"),
        ("👎", "malo", "bad"),
        ("🤮🤮", "asqueroso asqueroso", "disgusting disgusting"),
        ("Demora 🐢", "Demora lento", "Demora slow"),
        ("❤️", "encanta", "love"),
        ("👍🏽", "bueno", "good"),
        ("🔥🔥🔥🔥🔥", "increíble increíble", "amazing amazing"),
    ],
)
def test_normalise__opinion_emoji_become_words(raw: str, es: str, en: str) -> None:
    assert normalise(raw) == es
    assert normalise(raw, lang="en") == en


def test_normalise__unknown_emoji_stay_as_they_are() -> None:
    assert normalise("Viva el Perú 🇵🇪") == "Viva el Perú 🇵🇪"


def test_emoji_map__has_the_food_review_emoji_in_both_languages() -> None:
    assert len(EMOJI_WORDS) >= 40
    for symbol in "😋🤤🔥👌👍👎😡🤮💩❤":
        assert emoji_word(symbol, "es") and emoji_word(symbol, "en")
    assert all(es and en and " " not in es + en for es, en in EMOJI_WORDS.values())


def test_fold_and_lower__are_separate_from_normalise() -> None:
    assert lower("AJÍ de Gallina") == "ají de gallina"
    assert fold("AJÍ de Gallina, Ñoquis, pingüino") == "aji de gallina, ñoquis, pinguino"
    assert fold("año") != fold("ano")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aeioulrcsnñáé !?.,#@0123456789", "😋", "🔥", "👍🏽", "\n", "jaja"]),
        max_size=60,
    ).map("".join)
)
def test_normalise__is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_normalise__a_mention_right_after_another_is_stable() -> None:
    """Found by the idempotence property: "@a@a" became "<user>@a", then "<user><user>"."""
    once = normalise("@a@a y @juan@pedro")
    assert normalise(once) == once


@pytest.mark.parametrize(
    "text", ["ab" * 25_000, "a" * 50_000, "x.y+" * 12_500, "riiico " * 7_000, "@" * 50_000],
    ids=["letters", "one-letter", "address-like", "elongations", "ats"],
)  # fmt: skip
def test_normalise__is_linear_on_long_words(text: str) -> None:
    """Regression guard: the elongation and e-mail patterns backtracked quadratically (16,000
    letters took 6 s). Typical time here is a few milliseconds; the bound is loose."""
    normalise("riiico")  # simplemma's dictionary loads outside the timing
    start = time.perf_counter()
    normalise(text)
    assert time.perf_counter() - start < 2


def test_elongated_words__one_implementation_for_normalise_and_the_rules() -> None:
    from sazon.text.sentiment import marks

    assert list(elongated_words("riiico el ceviche, buenaaazo y caro")) == ["riiico", "buenaaazo"]
    assert single_runs("riiicooo") == "rico"
    assert marks.elongated_words is elongated_words and marks.single_runs is single_runs
