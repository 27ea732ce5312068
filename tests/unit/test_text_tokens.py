"""Tokens, stop words, lemmas and stems."""

from __future__ import annotations

import pytest

from sazon.errors import InvalidInput
from sazon.text import NEVER_STOP, lemmatise, remove_stopwords, stem, stopwords, tokenise
from sazon.text.stopwords import _AUTHORED, _stock_list

OPINION_WORDS = {
    "es": ["no", "nunca", "jamás", "nada", "ni", "tampoco", "sin", "bien", "mal", "muy", "pero"],
    "en": ["not", "never", "no", "nor", "without", "very", "good", "bad", "well", "but", "didn't"],
}


def test_tokenise__lowercases_keeps_accents_and_splits_hyphen_chains() -> None:
    assert tokenise("¡No-me-GUSTÓ el Ají!") == ["no", "me", "gustó", "el", "ají"]


def test_tokenise__keeps_negations_and_intensifiers() -> None:
    tokens = tokenise("No estaba nada rico, muy caro y sin sal")
    assert {"no", "nada", "muy", "sin"} <= set(tokens)


@pytest.mark.parametrize(
    ("raw", "price"),
    [
        ("S/ 45,50", "s/45.50"),
        ("S/.45.50", "s/45.50"),
        ("s/45", "s/45"),
        ("S/ 1,200", "s/1200"),
        ("S/1.200,50", "s/1200.50"),
        ("S/. 12.5", "s/12.5"),
    ],
)
def test_tokenise__prices_in_soles_are_one_token(raw: str, price: str) -> None:
    assert tokenise(f"El lomo a {raw} nomás") == ["el", "lomo", "a", price, "nomás"]


def test_tokenise__hashtags_ratings_numbers_and_placeholders() -> None:
    tokens = tokenise("10/10 #LomoSaltado 3.5 estrellas 50% @pepe http://x.pe")
    assert tokens == ["10/10", "#lomosaltado", "3.5", "estrellas", "50%", "<user>", "<url>"]
    split = tokenise("#NoVuelvoMás", hashtags="split")
    assert split == ["no", "vuelvo", "más"]


def test_tokenise__english_contractions_and_emoji() -> None:
    assert tokenise("I didn't like it 👎", lang="en") == ["i", "didn't", "like", "it", "bad"]
    assert tokenise("Qué rico 😋") == ["qué", "rico", "delicioso"]


def test_tokenise__rejects_unknown_languages() -> None:
    with pytest.raises(InvalidInput, match="use 'es' or 'en'"):
        tokenise("hola", lang="pt")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_stopwords__never_contain_negations_or_opinion_words(lang: str) -> None:
    stop = stopwords(lang)
    assert not stop & NEVER_STOP[lang]
    for word in OPINION_WORDS[lang]:
        assert word not in stop


@pytest.mark.parametrize("lang", ["es", "en"])
def test_stopwords__the_stock_list_had_them_and_they_were_removed(lang: str) -> None:
    # The stock list (spaCy's when installed, else ours, built the same way) does contain
    # negations and opinion words: the subtraction is what keeps them out.
    stock = _stock_list(lang)
    assert stock & NEVER_STOP[lang], "the stock list should show the problem we fix"
    assert stopwords(lang) == stock - NEVER_STOP[lang]
    assert set(_AUTHORED[lang].split()) & NEVER_STOP[lang]


def test_stopwords__still_remove_function_words() -> None:
    assert {"de", "la", "que", "el", "los", "con"} <= stopwords("es")
    assert {"the", "of", "and", "is", "to"} <= stopwords("en")
    kept = remove_stopwords(tokenise("el lomo no estaba bien"), "es")
    assert kept == ["lomo", "no", "bien"]


def test_lemmatise_and_stem() -> None:
    assert lemmatise(["gustó", "estaban", "platos", "s/45"], "es") == [
        "gustar",
        "estar",
        "plato",
        "s/45",
    ]
    assert lemmatise(["was", "dishes"], "en") == ["be", "dish"]
    assert stem(["deliciosos", "deliciosa", "#ají"], "es") == ["delici", "delici", "#ají"]
    assert stem(["waiting", "waited"], "en") == ["wait", "wait"]
