"""Putting words into sentences, in Spanish and English: a list joined naturally ("pollo e
hinojo", "siete u ocho"), and a sentence tidied (spacing, a el → al, y/e and o/u, a/an, a
capital first).
"""

from __future__ import annotations

import re

from sazon.generate.grammar import Lang, indefinite_article


def join(items: list[str], lang: Lang, conj: str = "and") -> str:
    """Join a list naturally: "A, B y C" / "A, B and C"; "e" before i-/hi-, "u" before o-/ho-.

    >>> join(["pollo", "hinojo"], "es")
    'pollo e hinojo'
    >>> join(["siete", "ocho"], "es", conj="or")
    'siete u ocho'
    """
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = conj_word(conj, items[-1], lang)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def conj_word(conj: str, next_word: str, lang: Lang) -> str:
    """The conjunction before ``next_word``: and/or in English; y/e, o/u in Spanish."""
    if lang == "en":
        return "or" if conj in ("or", "nor") else "and"
    if conj == "nor":
        return "ni"
    low = next_word.lower().lstrip("«\"'¿¡(")
    if conj == "or":
        return "u" if low.startswith(("o", "ó", "ho", "hó")) else "o"
    if low.startswith(("i", "í")) and low[1:2] not in tuple("aeoáéó"):
        return "e"
    if low.startswith(("hi", "hí")) and low[2:3] not in tuple("aeoáéó"):
        return "e"
    return "y"


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)»])")
_SPACE_AFTER = re.compile(r"([¿¡(«])\s+")
_CONTRACT = re.compile(r"\b([Aa]|[Dd]e) el\b")
_Y_BEFORE = re.compile(r"(?<=\s)y(?=\s+(?:[iíIÍ](?![aeoáéó])|[hH][iíIÍ](?![aeoáéó])))")
_O_BEFORE = re.compile(r"(?<=\s)o(?=\s+(?:[oóOÓ]|[hH][oóOÓ]))")
_A_BEFORE = re.compile(r"\b([Aa]) (?=([A-Za-z]+))")
_DOUBLE_PUNCT = re.compile(r"([.!?])\1+")
_COMMA_PERIOD = re.compile(r",\s*([.!?])")


def tidy(sentence: str, lang: Lang, *, capital: bool = True) -> str:
    """Spacing, contractions (a el → al, de el → del), y/e and o/u, a/an, a capital first."""
    text = _SPACES.sub(" ", sentence.strip())
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = _COMMA_PERIOD.sub(r"\1", text)
    text = _DOUBLE_PUNCT.sub(r"\1", text)
    if lang == "es":
        text = _CONTRACT.sub(_contract, text)
        text = _Y_BEFORE.sub("e", text)
        text = _O_BEFORE.sub("u", text)
    else:
        text = _A_BEFORE.sub(lambda m: _a_or_an(m.group(1), m.group(2)), text)
    return capitalise(text) if capital else text


def _contract(match: re.Match[str]) -> str:
    word = match.group(1)
    if word.lower() == "a":
        return "Al" if word == "A" else "al"
    return "Del" if word == "De" else "del"


def _a_or_an(article: str, word: str) -> str:
    chosen = indefinite_article(word)
    return (chosen.capitalize() if article == "A" else chosen) + " "


def capitalise(text: str) -> str:
    """Upper-case the first letter, after any opening ¿ ¡ « " ( marks."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
        if char.isdigit():
            return text
    return text
