"""What the grounding check (:mod:`sazon.generate.grounding`) recognises, and how it reads a
text: the lexicon of dish, wine and ingredient names (from the knowledge base) and of
allergen, diet and claim words (from ``data/grounding.toml``), and the scan that finds each
mention in a text with the claim around it (free from, allergy, contains).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from sazon.generate.grammar import singular_es
from sazon.knowledge import ALLERGENS, KnowledgeBase, fold

Mode = Literal["none", "free", "free_weak", "allergy", "contains"]

_TOKEN = re.compile(r"[^\W_]+|[.;!?\n,:()«»\"“”]")
_RESET = frozenset(".;!?\n")
_EVERY_ALLERGEN = frozenset(ALLERGENS)


@dataclass(frozen=True, slots=True)
class _Entry:
    keys: frozenset[str] = frozenset()  # dish:<id>, head:<words>, wine:<id>, ing:<id>
    allergens: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    diets: frozenset[str] = frozenset()
    idiom: bool = False
    people: bool = False  # names people ("celíacos"): "para celíacos" is a claim

    def merge(self, other: _Entry) -> _Entry:
        return _Entry(
            self.keys | other.keys,
            self.allergens | other.allergens,
            self.classes | other.classes,
            self.diets | other.diets,
            self.idiom or other.idiom,
            self.people or other.people,
        )

    @property
    def weak_claim(self) -> bool:
        """Whether "para"/"for" before it makes a claim (diets and people, not foods)."""
        return bool(self.diets) or self.people


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # folded; punctuation as itself
    start: int
    end: int
    punct: bool
    capital: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    entry: _Entry
    mode: Mode
    start: int
    end: int


@dataclass
class _Lexicon:
    entries: dict[tuple[str, ...], _Entry] = field(default_factory=dict)
    markers: dict[tuple[str, ...], Mode] = field(default_factory=dict)
    after: dict[tuple[str, ...], Mode] = field(default_factory=dict)
    joiners: frozenset[str] = frozenset()
    longest: int = 1
    # Dish names that are also everyday words ("Aeropuerto"): a dish only when capitalised
    # in mid-sentence.
    capitalised: dict[str, _Entry] = field(default_factory=dict)


def _words_of(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        if raw.isalnum():
            folded = fold(raw)
            if folded:
                out.append(_Token(folded, match.start(), match.end(), False, raw[0].isupper()))
        else:
            out.append(_Token(raw, match.start(), match.end(), True))
    return out


@cache
def _grounding_words() -> dict[str, object]:
    text = resources.files("sazon.generate").joinpath("data", "grounding.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def lexicon(kb: KnowledgeBase) -> _Lexicon:
    raw = _grounding_words()
    ambiguous = {_words_of(w) for w in raw["ambiguous"]}  # type: ignore[attr-defined]
    lex = _Lexicon()

    def add(name: str, entry: _Entry, *, everyday_ok: bool = False) -> None:
        # Ingredient and dish names skip the everyday words; allergen, class and diet words
        # are added as they are ("pescado" is an allergen word, never an ingredient name).
        tokens = _words_of(name)
        if not tokens or (tokens in ambiguous and not everyday_ok):
            return
        variants = {tokens, tuple(singular_es(w) for w in tokens)}
        for variant in variants:
            if variant != tokens and variant in ambiguous and not everyday_ok:
                continue
            old = lex.entries.get(variant)
            lex.entries[variant] = old.merge(entry) if old else entry
            lex.longest = max(lex.longest, len(variant))

    one_word_ambiguous = {fold(w) for w in raw["ambiguous_dishes"]}  # type: ignore[attr-defined]
    for dish in kb.dishes.values():
        for name in (dish.name_es, dish.name_en):
            entry = _Entry(keys=frozenset({f"dish:{dish.id}"}))
            if fold(name) in one_word_ambiguous:
                lex.capitalised[fold(name)] = entry
            else:
                add(name, entry)
    for ing in kb.ingredients.values():
        entry = _Entry(
            keys=frozenset({f"ing:{ing.id}"}),
            allergens=frozenset(ing.allergens),
            classes=frozenset(ing.diet),
        )
        for name in (ing.name_es, ing.name_en, *ing.synonyms):
            add(name, entry)
    for wine in kb.wines.values():
        add(wine.name, _Entry(keys=frozenset({f"wine:{wine.id}"})))
    for word in raw["wine_words"]:  # type: ignore[attr-defined]
        add(word, _Entry(keys=frozenset({f"wine:word:{' '.join(_words_of(word))}"})))
    for word in raw["extra_ingredients"]:  # type: ignore[attr-defined]
        add(word, _Entry(keys=frozenset({f"ing:extra:{' '.join(_words_of(word))}"})))
    for head in raw["dish_heads"]:  # type: ignore[attr-defined]
        add(head, _Entry(keys=frozenset({f"head:{' '.join(_words_of(head))}"})))
    people = {fold(w) for w in raw["people_words"]}  # type: ignore[attr-defined]
    for word, codes in raw["allergen_words"].items():  # type: ignore[attr-defined]
        expanded = ALLERGENS if codes == ["*"] else tuple(codes)
        entry = _Entry(allergens=frozenset(expanded), people=fold(word) in people)
        add(word, entry, everyday_ok=True)
    for word, classes in raw["class_words"].items():  # type: ignore[attr-defined]
        add(word, _Entry(classes=frozenset(classes)), everyday_ok=True)
    for word, diet in raw["diet_words"].items():  # type: ignore[attr-defined]
        add(word, _Entry(diets=frozenset({diet})))
        add(word + "s", _Entry(diets=frozenset({diet})))
        if word.endswith("o"):
            add(word[:-1] + "a", _Entry(diets=frozenset({diet})))
            add(word[:-1] + "as", _Entry(diets=frozenset({diet})))
    for idiom in raw["idioms"]:  # type: ignore[attr-defined]
        tokens = _words_of(idiom)
        lex.entries[tokens] = _Entry(idiom=True)
        lex.longest = max(lex.longest, len(tokens))
    markers = raw["markers"]
    assert isinstance(markers, dict)
    for mode in ("free", "free_weak", "allergy", "contains"):
        for marker in markers[mode]:
            lex.markers[_words_of(marker)] = mode
    for marker in markers["free_after"]:
        lex.after[_words_of(marker)] = "free"
    for marker in markers["allergy_after"]:
        lex.after[_words_of(marker)] = "allergy"
    lex.joiners = frozenset(fold(w) for w in markers["joiners"])
    return lex


def _words_at(tokens: list[_Token], i: int, n: int) -> tuple[str, ...] | None:
    chunk = tokens[i : i + n]
    if len(chunk) < n or any(t.punct for t in chunk):
        return None
    return tuple(t.word for t in chunk)


def _entry_at(lex: _Lexicon, tokens: list[_Token], i: int) -> tuple[_Entry, int] | None:
    for n in range(min(lex.longest, len(tokens) - i), 0, -1):
        words_ = _words_at(tokens, i, n)
        if words_ is None:
            continue
        entry = lex.entries.get(words_) or lex.entries.get(tuple(singular_es(w) for w in words_))
        if entry is not None:
            return entry, n
    return None


def _marker_at(
    table: dict[tuple[str, ...], Mode], tokens: list[_Token], i: int
) -> tuple[Mode, int] | None:
    for n in (4, 3, 2, 1):
        words_ = _words_at(tokens, i, n)
        if words_ is not None and words_ in table:
            return table[words_], n
    return None


def scan(lex: _Lexicon, text: str) -> list[Mention]:
    """The named things in a text, each with the claim mode it is in (longest match first)."""
    tokens = _tokens(text)
    out: list[Mention] = []
    mode: Mode = "none"
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.punct:
            if tok.word in _RESET:
                mode = "none"
            i += 1
            continue
        hit = _entry_at(lex, tokens, i)
        mid_sentence = i > 0 and not (tokens[i - 1].punct and tokens[i - 1].word in _RESET)
        if hit is None and tok.capital and tok.word in lex.capitalised and mid_sentence:
            hit = (lex.capitalised[tok.word], 1)
        marker = _marker_at(lex.markers, tokens, i)
        if marker and (hit is None or marker[1] >= hit[1]):
            mode = marker[0]
            i += marker[1]
            continue
        if hit is not None:
            entry, n = hit
            end = i + n
            after = _marker_at(lex.after, tokens, end)
            used: Mode = mode
            if after:
                used = after[0]
                end += after[1]
            if not entry.idiom:
                out.append(Mention(entry, used, tok.start, tokens[end - 1].end))
                if used == "none" and entry.allergens == _EVERY_ALLERGEN:
                    # "Alérgenos: huevo y mostaza" lists what the dish contains.
                    mode = "contains"
            i = end
            continue
        if tok.word not in lex.joiners:
            mode = "none"
        i += 1
    return out


def all_keys(lex: _Lexicon, text: str) -> set[str]:
    """Every key named anywhere in a text, overlapping spans included."""
    tokens = _tokens(text)
    keys: set[str] = set()
    for i in range(len(tokens)):
        for n in range(1, lex.longest + 1):
            words_ = _words_at(tokens, i, n)
            if words_ is None:
                break
            for variant in (words_, tuple(singular_es(w) for w in words_)):
                entry = lex.entries.get(variant)
                if entry is not None:
                    keys |= entry.keys
        if not tokens[i].punct and tokens[i].word in lex.capitalised:
            keys |= lex.capitalised[tokens[i].word].keys
    return keys
