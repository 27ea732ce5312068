"""The shared words of the template backend (``data/words.toml``), looked up by code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sazon.generate.grammar import Agreement, Gender, Lang, Noun
from sazon.knowledge import fold, parse_restrictions


@cache
def _words() -> dict[str, Any]:
    text = resources.files("sazon.generate").joinpath("data", "words.toml").read_text("utf-8")
    return tomllib.loads(text)


def _gender(value: str) -> Gender:
    return "f" if value == "f" else "m"


def course_noun(code: str, lang: Lang, plural: bool = False) -> Noun:
    """``entrada`` (f), ``plato de fondo`` (m) / ``starter``: a noun templates can inflect."""
    entry = _words()["course"][code]
    if lang == "es":
        sg, pl, gender = entry["es"]
        return Noun(pl if plural else sg, "es", Agreement(_gender(gender), plural))
    sg, pl = entry["en"]
    return Noun(pl if plural else sg, "en", Agreement("m", plural))


def cooking(code: str, lang: Lang) -> tuple[str | None, str | None]:
    """(adjective that agrees with the dish, invariant phrase) for a cooking method."""
    entry = _words()["cooking"][code]
    if lang == "en":
        return entry["en"], entry.get("en_phrase")
    return entry.get("es_adj"), entry.get("es_phrase")


def aroma(code: str, lang: Lang) -> str:
    es, en = _words()["aroma"][code]
    return str(es if lang == "es" else en)


def allergen(code: str, lang: Lang) -> str:
    es, en = _words()["allergen"][code]
    return str(es if lang == "es" else en)


def diet(code: str, lang: Lang) -> str:
    es, en = _words()["diet"][code]
    return str(es if lang == "es" else en)


def diet_people(code: str, lang: Lang) -> str:
    """Who a diet is for: ``vegetarianos`` / ``vegetarians``."""
    word = diet(code, lang)
    return word + "s"


def format_noun(code: str, lang: Lang) -> Noun:
    entry = _words()["format"][code]
    if lang == "es":
        word, gender = entry["es"]
        return Noun(word, "es", Agreement(_gender(gender), False))
    return Noun(entry["en"], "en", Agreement("m", False))


def cuisine(code: str, lang: Lang) -> dict[str, str]:
    """Theme words of a cuisine: ``adj``, ``of``, ``phrase`` and, when geographic, ``place``."""
    entry = _words()["cuisine"].get(code)
    return dict(entry[lang]) if entry else {}


def guest_noun(lang: Lang) -> tuple[str, str, Gender]:
    entry = _words()["guest"][lang]
    return entry[0], entry[1], _gender(entry[2]) if lang == "es" else "m"


def guest_part(key: str, lang: Lang) -> tuple[str, str, Gender]:
    entry = _words()["guest_part"][key][lang]
    return entry[0], entry[1], _gender(entry[2]) if lang == "es" else "m"


GUEST_PARTS: tuple[str, ...] = ("regulars", "first_timers", "vip", "international", "children")


@dataclass(frozen=True, slots=True)
class RestrictionWords:
    """How one guest restriction reads, and what it means for grounding."""

    label: str
    es: tuple[str, str] | None
    en: tuple[str, str] | None
    es_noun: tuple[str, str, Gender] | None
    en_noun: tuple[str, str] | None
    allergens: tuple[str, ...]
    diet: tuple[str, ...]

    def group(self, n: int, lang: Lang) -> str:
        """``dos comensales vegetarianos`` / ``one guest with a peanut allergy``."""
        from sazon.generate.formatting import number

        if lang == "es":
            if self.es_noun:
                sg, pl, gender = self.es_noun
                return f"{number(n, 'es', gender)} {sg if n == 1 else pl}"
            noun_sg, noun_pl, gender = guest_noun("es")
            assert self.es is not None
            return f"{number(n, 'es', gender)} {noun_sg if n == 1 else noun_pl} {self.es[n != 1]}"
        if self.en_noun:
            return f"{number(n, 'en')} {self.en_noun[n != 1]}"
        noun_sg, noun_pl, _ = guest_noun("en")
        assert self.en is not None
        return f"{number(n, 'en')} {noun_sg if n == 1 else noun_pl} {self.en[n != 1]}"

    def note(self, lang: Lang) -> str:
        """The restriction on one named guest: ``alergia al maní``, ``dieta vegetariana``."""
        if lang == "es":
            if self.label in _ES_NOTES:
                return _ES_NOTES[self.label]
            assert self.es is not None
            return _strip(self.es[0], ("con ", "que "))
        if self.en_noun:
            return "pregnant"
        assert self.en is not None
        return _strip(self.en[0], ("with a ", "with an ", "who is ", "who "))


_ES_NOTES = {
    "vegetarian": "dieta vegetariana",
    "vegan": "dieta vegana",
    "pescatarian": "dieta pescetariana",
    "pregnancy": "embarazada",
}


def _strip(text: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


@cache
def restrictions() -> dict[str, RestrictionWords]:
    """Every restriction label the facts accept (knowledge-base labels plus aliases)."""
    out: dict[str, RestrictionWords] = {}
    for label, entry in _words()["restriction"].items():
        es_noun = entry.get("es_noun")
        words = RestrictionWords(
            label=label,
            es=tuple(entry["es"]) if "es" in entry else None,
            en=tuple(entry["en"]) if "en" in entry else None,
            es_noun=(es_noun[0], es_noun[1], _gender(es_noun[2])) if es_noun else None,
            en_noun=tuple(entry["en_noun"]) if "en_noun" in entry else None,
            allergens=tuple(entry.get("allergens", ())),
            diet=tuple(entry.get("diet", ())),
        )
        out[label] = words
        for alias in entry.get("aliases", ()):
            out[alias] = words
    return out


def restriction_label(written: str) -> str | None:
    """The label of a restriction written as a label ("vegan") or as people write it."""
    table = restrictions()
    key = written.strip().lower()
    if key in table:
        return table[key].label
    profile = parse_restrictions(written)
    if profile.unknown or len(profile.labels) != 1:
        return None
    label = next(iter(profile.labels))
    return table[label].label if label in table else None


def restriction(label: str) -> RestrictionWords:
    return restrictions()[label]


def folded_words(lang: Lang) -> list[str]:
    """Every word this file can put in a text, folded (the grounding tests read them)."""
    out: list[str] = []
    for table in ("aroma", "allergen", "diet"):
        for es, en in _words()[table].values():
            out.append(fold(es if lang == "es" else en))
    return out
