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
Toro" does, "un Malbec" does not). See docs/generate.md. The lexicon and the scan are in
:mod:`sazon.generate.grounding_lexicon`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from sazon.generate import words
from sazon.generate.amounts import prices_in
from sazon.generate.grounding_lexicon import Mention, all_keys, lexicon, scan
from sazon.knowledge import ALLERGENS, DIET_EXCLUSIONS, KnowledgeBase, load_knowledge
from sazon.monitoring import GENERATE_GROUNDING

ViolationKind = Literal["dish", "wine", "ingredient", "allergen", "diet", "price"]

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
    lex = lexicon(kb)
    allowed = _Allowed()
    _walk(facts, allowed, kb)
    for text in allowed.texts:
        allowed.keys |= all_keys(lex, text)
        for amount, *_ in prices_in(text):
            if amount is not None:
                allowed.prices.append(amount)
        for m in scan(lex, text):
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


def _judge(m: Mention, allowed: _Allowed, written: str) -> tuple[ViolationKind, str] | None:
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
    lex = lexicon(kb)
    allowed = allowed_from(facts, kb)
    parts = [text] if isinstance(text, str) else list(text)
    violations: list[Violation] = []
    for part in parts:
        for m in scan(lex, part):
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
    GENERATE_GROUNDING.labels("rejected" if violations else "ok").inc()
    return GroundingReport(violations=violations)
