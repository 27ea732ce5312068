"""The grounding check: a generated text may only name what its facts give.

It reads a text the way a careful editor would and lists every place where the text names a
dish, a wine or an ingredient that is not in the input, makes an allergen or diet claim the
input does not make ("sin gluten", "apto para celíacos", "libre de mariscos", "vegano"), or
quotes a price that is not one of the input's prices (``S/ 99``, ``99 soles``, ``precio 99``,
``noventa y nueve soles``: see :mod:`~sazon.generate.amounts`).

What it knows comes from the knowledge base (dish names es/en, ingredient names and synonyms
es/en, wine names) plus ``data/grounding.toml`` (generic dish types, grapes and wine types,
fancy ingredients the knowledge base lacks, allergen-group words, claim markers, everyday
words to leave alone). What is *allowed* comes from the facts: every
string in them is read with the same matcher, so a dish's name grounds the ingredients it
names ("arroz con pollo" grounds "pollo"), and the fields named ``allergens``, ``free_from``,
``diet``, ``restrictions`` and ``*_pen`` say which claims and prices are true.

Claims are read from the words around an allergen or diet word:

- *free* ("sin", "libre de", "apto para", "gluten-free", "no contiene"): the input must mark
  the allergen as ``free_from`` (or the diet in ``diet``);
- *allergy* ("alergia al maní", "peanut allergy", "no come carne"): a guest restriction, or a
  free-from fact, must mention it;
- *contains* ("contiene", "lleva"): a dish must contain it;
- a bare mention ("los mariscos") needs any of those.

It is lexical: it cannot tell which dish a claim is about, and it only knows the names it
was given (an invented ingredient or a producer it has never heard of passes: "Concha y
Toro" does, "un Malbec" does not). See docs/generate.md.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel

from sazon.generate import words
from sazon.generate.amounts import prices_in
from sazon.generate.grammar import singular_es
from sazon.knowledge import ALLERGENS, DIET_EXCLUSIONS, KnowledgeBase, fold, load_knowledge

Mode = Literal["none", "free", "free_weak", "allergy", "contains"]
ViolationKind = Literal["dish", "wine", "ingredient", "allergen", "diet", "price"]

_TOKEN = re.compile(r"[^\W_]+|[.;!?\n,:()«»\"“”]")
_RESET = frozenset(".;!?\n")
_NUMBER = r"\d[\d.,]*\d|\d"
_USD = re.compile(
    rf"(?:US\$|\$|\bUSD\b)\s*({_NUMBER})|({_NUMBER})\s*(?:dólares|dolares|dollars|USD)\b",
    re.IGNORECASE,
)


class Violation(BaseModel):
    """One thing the text says that its facts do not."""

    kind: ViolationKind
    text: str
    start: int
    end: int
    reason: str


class GroundingReport(BaseModel):
    violations: list[Violation] = []

    @property
    def ok(self) -> bool:
        return not self.violations

    def reasons(self) -> list[str]:
        """Why each violation is one; they quote the text, so they are for the caller only."""
        return [v.reason for v in self.violations]

    def summary(self) -> str:
        """How many violations of each kind, quoting nothing (safe to log).

        >>> GroundingReport(violations=[]).summary()
        'no violations'
        """
        if not self.violations:
            return "no violations"
        counts = Counter(v.kind for v in self.violations)
        parts = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
        total = len(self.violations)
        return f"{total} violation{'s' if total > 1 else ''} ({parts})"


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
class _Mention:
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
def _lexicon(kb: KnowledgeBase) -> _Lexicon:
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


def _scan(lex: _Lexicon, text: str) -> list[_Mention]:
    """The named things in a text, each with the claim mode it is in (longest match first)."""
    tokens = _tokens(text)
    out: list[_Mention] = []
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
                out.append(_Mention(entry, used, tok.start, tokens[end - 1].end))
                if used == "none" and entry.allergens == _EVERY_ALLERGEN:
                    # "Alérgenos: huevo y mostaza" lists what the dish contains.
                    mode = "contains"
            i = end
            continue
        if tok.word not in lex.joiners:
            mode = "none"
        i += 1
    return out


def _all_keys(lex: _Lexicon, text: str) -> set[str]:
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


@dataclass
class _Allowed:
    keys: set[str] = field(default_factory=set)
    prices: list[float] = field(default_factory=list)
    contains: set[str] = field(default_factory=set)
    free: set[str] = field(default_factory=set)
    allergy: set[str] = field(default_factory=set)
    mention: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    free_classes: set[str] = field(default_factory=set)
    avoid_classes: set[str] = field(default_factory=set)
    diets: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)


_EVERY_ALLERGEN = frozenset(ALLERGENS)
_CODE_FIELDS = frozenset({"course", "cuisine", "cooking", "color", "kind", "lang", "tone"})


def _restriction(allowed: _Allowed, label: str) -> None:
    table = words.restrictions()
    if label not in table:
        return
    entry = table[label]
    allowed.allergy.update(entry.allergens)
    allowed.avoid_classes.update(DIET_EXCLUSIONS.get(entry.label, ()))
    for d in entry.diet:
        allowed.avoid_classes.update(DIET_EXCLUSIONS.get(d, ()))
        if d in ("vegetarian", "vegan", "pescatarian"):
            allowed.diets.add(d)
    for lang in ("es", "en"):
        allowed.texts += [entry.group(1, lang), entry.group(2, lang), entry.note(lang)]


def _walk(model: BaseModel, allowed: _Allowed, kb: KnowledgeBase) -> None:
    for name in type(model).model_fields:
        _visit(name, getattr(model, name), allowed, kb)


def _visit(name: str, value: object, allowed: _Allowed, kb: KnowledgeBase) -> None:
    if isinstance(value, BaseModel):
        _walk(value, allowed, kb)
    elif isinstance(value, list | tuple):
        for item in value:
            _visit(name, item, allowed, kb)
    elif isinstance(value, dict):
        for key, item in value.items():
            if name == "restrictions":
                _restriction(allowed, str(key))
            else:
                _visit(name, item, allowed, kb)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int | float):
        if name.endswith("_pen"):
            allowed.prices.append(float(value))
    elif isinstance(value, str):
        _text_fact(name, value, allowed, kb)


def _text_fact(name: str, value: str, allowed: _Allowed, kb: KnowledgeBase) -> None:
    if name == "allergens":
        allowed.contains.add(value)
    elif name == "free_from":
        allowed.free.add(value)
    elif name == "diet":
        allowed.diets.add(value)
        allowed.free_classes.update(DIET_EXCLUSIONS.get(value, ()))
    elif name == "aromas":
        allowed.texts += [words.aroma(value, "es"), words.aroma(value, "en")]
    elif name == "restrictions":
        label = words.restriction_label(value)
        if label:
            _restriction(allowed, label)
        allowed.texts.append(value)
    elif name in _CODE_FIELDS:
        return
    else:
        allowed.texts.append(value)
        if name == "ingredients":
            match = kb.find_ingredient(value)
            if match is not None:
                ing = kb.ingredients[match.id]
                allowed.keys.add(f"ing:{ing.id}")
                allowed.contains.update(ing.allergens)
                allowed.classes.update(ing.diet)
        else:
            dish = kb.find_dish(value)
            if dish is not None:
                allowed.keys.add(f"dish:{dish.id}")


def allowed_from(facts: BaseModel, kb: KnowledgeBase | None = None) -> _Allowed:
    """What the facts let a text say (exposed for tests and prompts)."""
    kb = kb or load_knowledge()
    lex = _lexicon(kb)
    allowed = _Allowed()
    _walk(facts, allowed, kb)
    for text in allowed.texts:
        allowed.keys |= _all_keys(lex, text)
        for amount, *_ in prices_in(text):
            if amount is not None:
                allowed.prices.append(amount)
        for m in _scan(lex, text):
            e = m.entry
            if m.mode == "free" or (m.mode == "free_weak" and e.weak_claim):
                allowed.free |= e.allergens
                allowed.free_classes |= e.classes
            elif m.mode == "allergy":
                allowed.allergy |= e.allergens
                allowed.avoid_classes |= e.classes
            elif m.mode == "contains":
                allowed.contains |= e.allergens
            if not e.keys:
                allowed.mention |= e.allergens
                allowed.classes |= e.classes
            allowed.diets |= e.diets
    allowed.mention |= allowed.contains | allowed.free | allowed.allergy
    return allowed


def _names(codes: Iterable[str]) -> str:
    return ", ".join(sorted(codes))


def _judge(m: _Mention, allowed: _Allowed, written: str) -> tuple[ViolationKind, str] | None:
    """Why a mention is not grounded, or ``None`` when it is."""
    e = m.entry
    free_mode = m.mode == "free" or (m.mode == "free_weak" and e.weak_claim)
    if e.diets:
        if e.diets <= allowed.diets:
            return None
        return "diet", f"claims «{written}» ({_names(e.diets)}), which the input does not say"
    if free_mode and (e.allergens or e.classes):
        if e.allergens and not e.allergens <= allowed.free:
            missing = _names(e.allergens - allowed.free)
            return "allergen", (
                f"claims «{written}» (free of {missing}), but the input marks nothing free of it"
            )
        if e.classes and not e.allergens and not e.classes <= allowed.free_classes:
            missing = _names(e.classes - allowed.free_classes)
            return "diet", (
                f"claims «{written}» (free of {missing}), but no dish in the input is marked so"
            )
        return None
    if m.mode == "allergy" and (e.allergens or e.classes):
        if e.allergens & (allowed.allergy | allowed.free):
            return None
        if e.classes & (allowed.avoid_classes | allowed.free_classes):
            return None
        if e.keys & allowed.keys:
            return None
        return "allergen", f"mentions «{written}» as a restriction the input does not have"
    if m.mode == "contains" and e.allergens:
        # "contiene huevo": an allergen statement, true if a dish in the facts contains it.
        if e.allergens & allowed.contains or e.keys & allowed.keys:
            return None
        return "allergen", f"says it contains «{written}», which no dish in the input contains"
    if e.keys:
        if e.keys & allowed.keys:
            return None
        if any(k.startswith("wine:") for k in e.keys):
            return "wine", f"names the wine «{written}», which is not in the input"
        if any(k.startswith(("dish:", "head:")) for k in e.keys):
            return "dish", f"names the dish «{written}», which is not in the input"
        return "ingredient", f"names the ingredient «{written}», which is not in the input"
    if e.allergens:
        if set(e.allergens) == set(ALLERGENS) or e.allergens & allowed.mention:
            return None
        return "allergen", f"mentions «{written}», an allergen the input never mentions"
    if e.classes:
        if e.classes & (allowed.classes | allowed.free_classes | allowed.avoid_classes):
            return None
        return "ingredient", f"mentions «{written}», which no ingredient in the input is"
    return None


def check_grounding(
    text: str | Sequence[str], facts: BaseModel, *, kb: KnowledgeBase | None = None
) -> GroundingReport:
    """Check a generated text (or several parts) against the facts it was written from.

    >>> from sazon.generate import DishFacts, MenuDescriptionFacts
    >>> facts = MenuDescriptionFacts(dish=DishFacts(name="Lomo saltado", price_pen=48))
    >>> check_grounding("Lomo saltado, S/ 48.00.", facts).ok
    True
    >>> [v.kind for v in check_grounding("Lomo saltado sin gluten, S/ 39.", facts).violations]
    ['allergen', 'price']
    """
    kb = kb or load_knowledge()
    lex = _lexicon(kb)
    allowed = allowed_from(facts, kb)
    parts = [text] if isinstance(text, str) else list(text)
    violations: list[Violation] = []
    for part in parts:
        for m in _scan(lex, part):
            written = part[m.start : m.end]
            verdict = _judge(m, allowed, written)
            if verdict is not None:
                kind, reason = verdict
                violations.append(Violation(kind=kind, text=written, start=m.start,
                                            end=m.end, reason=reason))  # fmt: skip
        for amount, start, end, written in prices_in(part):
            if amount is None or not any(abs(amount - p) < 0.005 for p in allowed.prices):
                violations.append(Violation(
                    kind="price", text=written, start=start, end=end,
                    reason=f"quotes the price «{written}», which is not in the input",
                ))  # fmt: skip
        for match in _USD.finditer(part):
            violations.append(Violation(
                kind="price", text=match.group(0), start=match.start(), end=match.end(),
                reason=f"quotes «{match.group(0)}» in dollars; prices come in soles from the input",
            ))  # fmt: skip
    violations.sort(key=lambda v: v.start)
    return GroundingReport(violations=violations)
