"""The sentiment lexicon: opinion words, modifiers and aspect words, read from package data.

Three tab-separated files in ``sazon/text/data`` hold what the rules know, all authored by us
for Peruvian Spanish and English restaurant and beverage reviews:

- ``sentiment_lexicon.tsv``: opinion words and fixed expressions with a valence from -4 to +4
  and the aspect they speak about ("caro" → price, "amable" → service);
- ``sentiment_modifiers.tsv``: negators, intensifiers, dampeners and contrast words;
- ``sentiment_aspects.tsv``: words that name an aspect ("mozo" → service, "chela" → drinks),
  to which the knowledge base adds its dish, ingredient and drink names.

Words are compared by :func:`~sazon.text.sentiment.wordforms.word_key` (folded, spelling
slips merged), so one entry covers "delicioso", "delisioso" and "DELICIOSSO"; inflections
("ricas", "riquísimo", "calientito") are derived at look-up (see
:mod:`~sazon.text.sentiment.wordforms`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from sazon.errors import InvalidInput
from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.text.normalise import fold
from sazon.text.sentiment.wordforms import (
    SUFFIXES,
    gender_number_variants,
    number_variants,
    phrase_key,
    phrase_variants,
    stems,
    word_key,
)

__all__ = [
    "ASPECTS",
    "Lexicon",
    "Modifier",
    "Opinion",
    "load_lexicon",
    "phrase_key",
    "word_key",
]

#: The aspects of a restaurant or beverage experience, in the order they are reported.
ASPECTS: tuple[str, ...] = ("food", "service", "ambience", "price", "waiting_time", "drinks")

MODIFIER_KINDS = frozenset(
    {"negator", "intensifier", "dampener", "contrast", "concession", "exclaim", "skip"}
)


@dataclass(frozen=True, slots=True)
class Opinion:
    """An opinion word or fixed expression from the lexicon."""

    term: str
    valence: float
    aspect: str | None = None
    #: The word names its aspect by itself: it is not moved to a nearby aspect word.
    strong: bool = False
    overrides: Mapping[str, float] = field(default_factory=dict)

    def valence_for(self, aspect: str | None) -> float:
        """The valence when the word speaks about ``aspect`` ("fría" is good for a beer)."""
        if aspect is not None and aspect in self.overrides:
            return self.overrides[aspect]
        return self.valence


@dataclass(frozen=True, slots=True)
class Modifier:
    """A word that changes the opinion words around it."""

    term: str
    kind: str
    factor: float


@dataclass(frozen=True, slots=True)
class Derived:
    """A single word found through its inflection: the entry and how much stronger it is."""

    opinion: Opinion
    factor: float


def _rows(name: str) -> Iterator[list[str]]:
    text = resources.files("sazon.text").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)  # the header
    for row in reader:
        yield [cell.strip() for cell in row]


def _parse_overrides(cell: str, term: str) -> dict[str, float]:
    overrides: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in cell.split(","))):
        aspect, _, value = part.partition(":")
        if aspect not in ASPECTS:
            raise InvalidInput(f"sentiment lexicon: {term!r} overrides unknown aspect {aspect!r}")
        overrides[aspect] = float(value)
    return overrides


class Lexicon:
    """Opinion words, modifiers and aspect words, keyed by :func:`word_key` tuples."""

    def __init__(
        self,
        opinions: Mapping[tuple[str, ...], Opinion],
        modifiers: Mapping[tuple[str, ...], Modifier],
        cues: Mapping[tuple[str, ...], str],
        *,
        names: Mapping[tuple[str, ...], str] | None = None,
    ) -> None:
        self.opinions = dict(opinions)
        self.modifiers = dict(modifiers)
        self.cues = dict(cues)
        #: Dish, drink and ingredient names (from the knowledge base) and their aspect.
        self.names = dict(names or {})
        # Computed once: taking it per call cost more than the rest of scoring a review.
        self._longest_name = max((len(k) for k in self.names), default=0)
        self.max_len = max(len(k) for k in (*self.opinions, *self.modifiers, *self.cues))
        self._derived: dict[str, Derived | None] = {}

    def __len__(self) -> int:
        return len(self.opinions)

    def mask_names(self, keys: list[str]) -> list[str]:
        """``keys`` with dish, drink and ingredient names replaced by ``_food_``/``_drinks_``.

        A model should learn that "el ceviche estaba salado" is a complaint, not that
        "ceviche" is a happy word because the training reviews liked theirs.
        """
        out: list[str] = []
        longest = self._longest_name
        i = 0
        while i < len(keys):
            for n in range(min(longest, len(keys) - i), 0, -1):
                aspect = self.names.get(tuple(keys[i : i + n]))
                if aspect is not None:
                    out.append(f"_{aspect}_")
                    i += n
                    break
            else:
                out.append(keys[i])
                i += 1
        return out

    def opinion_word(self, key: str) -> Derived | None:
        """The entry for one word key, found directly or through its inflection."""
        if key in self._derived:
            return self._derived[key]
        found = self._derive(key)
        self._derived[key] = found
        return found

    def _derive(self, key: str) -> Derived | None:
        entry = self.opinions.get((key,))
        if entry is not None:
            return Derived(entry, 1.0)
        if len(key) < 5:
            return None
        for suffix, factor in SUFFIXES:
            if not key.endswith(suffix) or len(key) - len(suffix) < 3:
                continue
            for candidate in stems(key[: -len(suffix)]):
                entry = self.opinions.get((candidate,))
                if entry is not None:
                    return Derived(entry, factor)
        return None


class _Table:
    """Entries by key tuple: the terms as written first, then their derived forms.

    A written term always wins over a form derived from another one ("fría" is its own
    entry, not a form of "frío"), and among derived forms the first one wins.
    """

    def __init__(self, forms: Callable[[str], set[str]]) -> None:
        self.forms = forms
        self.written: dict[tuple[str, ...], Any] = {}
        self.derived: dict[tuple[str, ...], Any] = {}

    def add(self, words: tuple[str, ...], value: Any, source: str) -> None:
        if not words:
            raise InvalidInput(f"{source}: an empty term")
        self.written.setdefault(words, value)
        for variant in phrase_variants(words, self.forms):
            self.derived.setdefault(variant, value)

    def merged(self) -> dict[tuple[str, ...], Any]:
        return {**self.derived, **self.written}


def _kb_cues(kb: KnowledgeBase) -> dict[str, str]:
    cues: dict[str, str] = {}
    for dish in kb.dishes.values():
        aspect = "drinks" if dish.course == "bebida" else "food"
        for name in (dish.name_es, dish.name_en):
            cues.setdefault(name, aspect)
        # People name a dish by its first word: "la pachamanca", "el ceviche", "un chupe".
        head = dish.name_es.split()[0]
        if len(head) >= 3 and fold(head) not in _AMBIGUOUS_NAMES:
            cues.setdefault(head, aspect)
    for ing in kb.ingredients.values():
        aspect = "drinks" if ing.category in ("beverage", "alcohol") else "food"
        for name in (ing.name_es, ing.name_en, *ing.synonyms):
            if len(name) >= 4 and fold(name) not in _AMBIGUOUS_NAMES:
                cues.setdefault(name, aspect)
    return cues


# Knowledge-base names that are also everyday words in a review: "bonito" is a fish and
# "pretty", "piña" is a pineapple and bad luck, "cola" is a horsetail and a queue.
_AMBIGUOUS_NAMES = frozenset(
    {
        "bonito",
        "piña",
        "lima",
        "limo",
        "coca",
        "pasa",
        "pasas",
        "maduro",
        "coco",
        "royal",
        "clavo",
        "clavos",
        "amargo",
        "jarabe",
        "mero",
        "raya",
        "chita",
        "perico",
        "dorado",
        "orange",
        "port",
        "cola",
        "fondo de ave",
        "pepper",
        "caracol",
        "corazon",
        "lengua",
        "pata",
        "cabeza",
        "crema",
        "cancha",
        "papa",
        "mote",
        "sour orange",
        "ham",
        "clasico",
        "tres",
        "helado",
        "picante",
        "seco",
        "king",
        "pie",
    }
)


def build_lexicon(kb: KnowledgeBase | None = None) -> Lexicon:
    """Read the three data files (and the knowledge base's names) into a :class:`Lexicon`."""
    opinions = _Table(gender_number_variants)
    for row in _rows("sentiment_lexicon.tsv"):
        row += [""] * (5 - len(row))
        term, valence, aspect, strong, overrides = row[:5]
        if aspect and aspect not in ASPECTS:
            raise InvalidInput(f"sentiment lexicon: {term!r} has unknown aspect {aspect!r}")
        opinion = Opinion(
            term=term,
            valence=float(valence),
            aspect=aspect or None,
            strong=strong == "1",
            overrides=MappingProxyType(_parse_overrides(overrides, term)),
        )
        opinions.add(phrase_key(term), opinion, "sentiment lexicon")
    modifiers: dict[tuple[str, ...], Modifier] = {}
    for row in _rows("sentiment_modifiers.tsv"):
        term, kind, factor = ([*row, "", "", "1"])[:3]
        if kind not in MODIFIER_KINDS:
            raise InvalidInput(f"sentiment modifiers: {term!r} has unknown kind {kind!r}")
        modifiers.setdefault(phrase_key(term), Modifier(term, kind, float(factor)))
    cues = _Table(number_variants)
    for row in _rows("sentiment_aspects.tsv"):
        term, aspect = ([*row, ""])[:2]
        if aspect not in ASPECTS:
            raise InvalidInput(f"sentiment aspects: {term!r} has unknown aspect {aspect!r}")
        cues.add(phrase_key(term), aspect, "sentiment aspects")
    known = cues.merged()
    kb_cues = _Table(number_variants)
    names = _Table(number_variants)
    for term, aspect in _kb_cues(kb or load_knowledge()).items():
        words = phrase_key(term)
        if not words:
            continue
        names.add(words, aspect, "knowledge base")
        if words not in known:
            kb_cues.add(words, aspect, "knowledge base")
    return Lexicon(
        opinions.merged(), modifiers, {**kb_cues.merged(), **known}, names=names.merged()
    )


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon, built once per process."""
    return build_lexicon()
