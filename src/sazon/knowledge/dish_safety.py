"""Which dish is safe for which guest, and why not, read from ingredients conservatively.

A guest's restrictions become :class:`Rule` objects (one per thing they wrote or the store
holds: "sin mariscos", "celíaca", "embarazo"…). A dish becomes :class:`DishFacts`: the
allergens and diet classes of its ingredients, looked up in the knowledge base. A dish is
safe for a guest when no rule finds a :class:`Conflict` in it. Every tool that offers food to
a guest uses this one check (DESIGN.md): the event planner and the experience tool's
recommendations.

Conservative on purpose:

- an ingredient the knowledge base cannot resolve, or a dish with no ingredient list, is
  unsafe for every guest with any restriction (and reported);
- a guest whose restrictions hold words nobody could read counts as restricted, so the
  first rule applies to them, and the words are reported so a person confirms them; what the
  reader does make of them (a food named, "nada picante", the cautious default for an
  unnamed allergy) is in :mod:`sazon.knowledge.restrictions`;
- pregnancy: no raw or cured fish or shellfish (a seafood dish whose cooking is unknown is
  treated as raw unless we know better) and no alcohol;
- "sin alcohol": no dish with any alcohol among its ingredients, cooked or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sazon.knowledge.base import KnowledgeBase
from sazon.knowledge.restriction_profile import Restriction
from sazon.knowledge.restrictions import parse_restrictions
from sazon.knowledge.text import fold
from sazon.knowledge.vocab import ALLERGEN_OF_DIET, ALLERGENS, DIET_EXCLUSIONS

SEAFOOD = frozenset({"fish", "crustacean", "mollusc"})
# Cured meats eaten uncooked (kept from pregnant guests with raw fish and shellfish).
CURED_MEATS = frozenset({"jamon_serrano", "salame", "cecina"})
_RAW_COOKING = frozenset({"raw", "cured"})
# Dish names that say the fish is raw or cured even when no cooking method is recorded.
_RAW_HINTS = (
    "ceviche", "cebiche", "seviche", "tiradito", "sashimi", "sushi", "maki", "nigiri", "tartar",
    "tartare", "crudo", "cruda", "poke", "carpaccio", "leche de tigre", "tataki", "acevichad",
    "raw", "cured", "curado", "ahumado en frio", "gravlax",
)  # fmt: skip
# Restriction labels whose meaning is not in DIET_EXCLUSIONS: (allergens, diet classes).
_LABEL_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "no_honey": (frozenset(), frozenset({"honey"})),
    "no_gelatin": (frozenset(), frozenset({"gelatin"})),
    "fish": (frozenset({"fish"}), frozenset({"fish"})),
    "crustaceans": (frozenset({"crustaceans"}), frozenset({"crustacean"})),
    "molluscs": (frozenset({"molluscs"}), frozenset({"mollusc"})),
}
_ALLERGEN_CLASS = {v: k for k, v in ALLERGEN_OF_DIET.items()}
HOT = 3  # an ingredient this hot (0–5) counts as spicy


class GuestRestrictions(Protocol):
    """What a guest wrote and what the store holds about their restrictions (the event
    planner's ``GuestNeeds`` and the experience tool's guests both have these)."""

    @property
    def allergies_text(self) -> str | None: ...
    @property
    def diet_text(self) -> str | None: ...
    @property
    def allergies(self) -> Sequence[str]: ...
    @property
    def diets(self) -> Sequence[str]: ...
    @property
    def unknown(self) -> Sequence[str]: ...


class DishRecipe(Protocol):
    """A dish as safety reads it: its id, names, ingredients as written and cooking."""

    @property
    def dish_id(self) -> str: ...
    @property
    def name_es(self) -> str: ...
    @property
    def name_en(self) -> str | None: ...
    @property
    def ingredients(self) -> Sequence[str]: ...
    @property
    def cooking(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class Rule:
    """One restriction of a guest. ``key`` is a label slug ("no_seafood", "peanuts"…)."""

    key: str
    kind: str  # allergy | diet | pregnancy | avoid | unread
    allergens: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()  # ingredient ids a guest named ("alérgica al pulpo")
    avoid_heat: bool = False  # "nada picante"
    avoid_raw: bool = False  # "nada crudo"
    written: str = field(default="", compare=False)


@dataclass(frozen=True)
class Profile:
    """A guest's rules plus the words nobody could read. Equal profiles plan alike."""

    rules: tuple[Rule, ...] = ()
    unread: tuple[str, ...] = field(default=(), compare=False)
    cautious: bool = False  # unread words: every unknown ingredient is unsafe

    @property
    def restricted(self) -> bool:
        return bool(self.rules) or self.cautious

    @property
    def pregnant(self) -> bool:
        return any(r.kind == "pregnancy" for r in self.rules)


@dataclass(frozen=True)
class DishFacts:
    """What matters for safety in one dish, with the ingredients behind each class."""

    dish_id: str
    allergens: Mapping[str, tuple[str, ...]]
    classes: Mapping[str, tuple[str, ...]]
    ingredient_ids: frozenset[str]
    hot: tuple[str, ...]
    unknown: tuple[str, ...]  # ingredient words the knowledge base does not know
    raw_seafood: tuple[str, ...]  # seafood ingredient ids if raw, cured or not known cooked
    raw_how: str  # raw | cured | unknown | ""
    raw_any: bool  # raw or cured, by cooking or name, whatever the ingredients
    listed: bool  # False when the dish has no ingredient list at all


@dataclass(frozen=True)
class Conflict:
    """Why a rule forbids a dish. ``items`` are ingredient ids or written words."""

    rule: Rule
    # allergen | diet | raw_seafood | alcohol | unknown_ingredient | unlisted | avoid | heat |
    # raw | meat_with_dairy
    what: str
    items: tuple[str, ...] = ()


# -- guests -------------------------------------------------------------------------------


def _implied_allergens(classes: Iterable[str]) -> frozenset[str]:
    return frozenset(ALLERGEN_OF_DIET[c] for c in classes if c in ALLERGEN_OF_DIET)


def _label_rule(label: str, written: str = "") -> Rule | None:
    if label == "pregnancy":
        return Rule("pregnancy", "pregnancy", classes=frozenset({"alcohol"}), written=written)
    if label in DIET_EXCLUSIONS:
        classes = DIET_EXCLUSIONS[label]
        return Rule(label, "diet", _implied_allergens(classes), classes, written=written)
    if label in _LABEL_RULES:
        allergens, classes = _LABEL_RULES[label]
        return Rule(label, "allergy", allergens, classes, written=written)
    return None


def _allergen_rule(allergen: str, written: str = "") -> Rule:
    cls = _ALLERGEN_CLASS.get(allergen)
    return Rule(
        allergen, "allergy", frozenset({allergen}), frozenset({cls} if cls else ()), written=written
    )


def _rule(r: Restriction) -> Rule:
    """The planner's rule for one restriction the reader found."""
    if "pregnancy" in r.flags or r.label == "pregnancy":
        return Rule("pregnancy", "pregnancy", classes=frozenset({"alcohol"}), written=r.written)
    if r.label == "unknown_allergy":
        # The cautious default: every allergen, the animal classes, alcohol and chilli.
        return Rule(
            "unread", "unread", r.allergens, frozenset(r.excludes),
            avoid_heat="no_spicy" in r.flags, written=r.written,
        )  # fmt: skip
    base = _label_rule(r.label)
    classes = frozenset(r.excludes) or (base.classes if base else frozenset())
    if r.label == "ingredient" or (base is None and not classes and not r.allergens):
        kind = "avoid"  # a food named ("alérgica al pulpo"), "nada crudo", "diabético"
    else:
        kind = "diet" if r.label in DIET_EXCLUSIONS else "allergy"
    return Rule(
        r.label, kind, frozenset(r.allergens) | _implied_allergens(classes), classes,
        avoid=r.avoid, avoid_heat="no_spicy" in r.flags, avoid_raw="no_raw" in r.flags,
        written=r.written,
    )  # fmt: skip


def _texts_rules(texts: Iterable[str | None], kb: KnowledgeBase) -> tuple[list[Rule], list[str]]:
    """The rules the shared reader finds in what people wrote, and what it could not read."""
    profile = parse_restrictions(*texts, kb=kb)
    return [_rule(r) for r in profile.restrictions], list(profile.unknown)


def profile_of(needs: GuestRestrictions, kb: KnowledgeBase) -> Profile:
    """Read a guest's restrictions (written text and structured lists) into a profile."""
    rules, unread = _texts_rules((needs.allergies_text, needs.diet_text), kb)
    covered = {a for r in rules for a in r.allergens}
    keys = {r.key for r in rules}
    for word in needs.allergies:
        if word in covered:
            continue
        if word in ALLERGENS:
            rules.append(_allergen_rule(word))
            covered.add(word)
            continue
        # Not a canonical name ("maní", "Peanuts"): read it like free text.
        more, left = _texts_rules([word.replace("_", " ")], kb)
        rules += more
        unread += left if more or left else [word]
    for label in needs.diets:
        if label in keys:
            continue
        rule = _label_rule(label)
        if rule is None:
            if label in covered:
                continue
            # Not a label we know ("gluten_free", "sin lactosa"): read it like free text.
            more, left = _texts_rules([label.replace("_", " ")], kb)
            rules += more
            unread += left if more or left else [label]
            continue
        rules.append(rule)
        keys.add(label)
    unread.extend(needs.unknown)
    seen: set[str] = set()
    unread_unique = []
    for word in unread:
        key = fold(word)
        if key and key not in seen:
            seen.add(key)
            unread_unique.append(word.strip())
    return Profile(_dedupe(rules), tuple(unread_unique), cautious=bool(unread_unique))


def _dedupe(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """One rule per meaning; sorted so that two guests who wrote the same things in another
    order share a profile."""
    by_meaning: dict[tuple[object, ...], Rule] = {}
    for r in rules:
        key = (r.kind, r.key, r.allergens, r.classes, r.avoid, r.avoid_heat, r.avoid_raw)
        by_meaning.setdefault(key, r)
    return tuple(
        sorted(
            by_meaning.values(), key=lambda r: (r.kind, r.key, sorted(r.allergens), sorted(r.avoid))
        )
    )


# -- dishes -------------------------------------------------------------------------------


def _raw_how(dish: DishRecipe) -> str:
    cooking = {fold(c).replace(" ", "_") for c in dish.cooking}
    if "raw" in cooking:
        return "raw"
    if "cured" in cooking:
        return "cured"
    name = fold(" ".join(filter(None, (dish.name_es, dish.name_en))))
    if any(hint in name for hint in _RAW_HINTS):
        return "raw"
    return "" if cooking else "unknown"


def dish_facts(dish: DishRecipe, kb: KnowledgeBase) -> DishFacts:
    """Resolve a dish's ingredients through the knowledge base."""
    allergens: dict[str, list[str]] = {}
    classes: dict[str, list[str]] = {}
    ids: set[str] = set()
    hot: list[str] = []
    unknown: list[str] = []
    for written in dish.ingredients:
        if not written.strip():
            continue
        match = kb.find_ingredient(written)
        # Never a guessed spelling (find_ingredient has none): "harina de maix" is one letter
        # from "harina de maíz" and two from "harina de maní", so it stays unknown (unsafe for
        # restricted guests, reported).
        info = kb.ingredients.get(match.id) if match else None
        if info is None:
            unknown.append(written.strip())
            continue
        if info.id in ids:
            continue
        ids.add(info.id)
        for a in info.allergens:
            allergens.setdefault(a, []).append(info.id)
        for c in info.diet:
            classes.setdefault(c, []).append(info.id)
        if info.flavour.get("heat", 0) >= HOT:
            hot.append(info.id)
    seafood = tuple(i for c in sorted(SEAFOOD) for i in classes.get(c, ()))
    raw_how = _raw_how(dish)
    how = raw_how if seafood else ""
    raw = seafood if how else ()
    return DishFacts(
        dish_id=dish.dish_id,
        allergens={k: tuple(v) for k, v in allergens.items()},
        classes={k: tuple(v) for k, v in classes.items()},
        ingredient_ids=frozenset(ids),
        hot=tuple(hot),
        unknown=tuple(unknown),
        raw_seafood=raw,
        raw_how=how,
        raw_any=raw_how in _RAW_COOKING,
        listed=bool(ids or unknown),
    )


# -- the check ----------------------------------------------------------------------------


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def conflicts(facts: DishFacts, profile: Profile) -> list[Conflict]:
    """Every reason the dish is unsafe for the profile (empty: safe)."""
    found: list[Conflict] = []
    for rule in profile.rules:
        hits = [i for a in sorted(rule.allergens) for i in facts.allergens.get(a, ())]
        hits += [i for c in sorted(rule.classes) for i in facts.classes.get(c, ())]
        if hits:
            alcohol_only = rule.classes & {"alcohol"} and not (
                set(hits) - set(facts.classes.get("alcohol", ()))
            )
            what = "alcohol" if alcohol_only else ("diet" if rule.kind == "diet" else "allergen")
            found.append(Conflict(rule, what, _unique(hits)))
        if rule.kind == "pregnancy" and facts.raw_seafood:
            found.append(Conflict(rule, "raw_seafood", facts.raw_seafood))
        cured = sorted(facts.ingredient_ids & CURED_MEATS)
        if rule.kind == "pregnancy" and cured:
            # Cured, uncooked meats carry the same risk in pregnancy as raw fish.
            found.append(Conflict(rule, "avoid", tuple(cured)))
        avoided = sorted(rule.avoid & facts.ingredient_ids)
        if avoided:
            found.append(Conflict(rule, "avoid", tuple(avoided)))
        if rule.key == "kosher" and facts.classes.get("meat") and facts.classes.get("dairy"):
            # Kosher never serves meat with dairy on one plate.
            both = (*facts.classes["meat"], *facts.classes["dairy"])
            found.append(Conflict(rule, "meat_with_dairy", _unique(both)))
        if rule.avoid_raw and facts.raw_any:
            found.append(Conflict(rule, "raw", (facts.dish_id,)))
        if rule.avoid_heat and facts.hot:
            found.append(Conflict(rule, "heat", facts.hot))
    if profile.restricted:
        guard = Rule("unknown", "unknown")
        if facts.unknown:
            found.append(Conflict(guard, "unknown_ingredient", facts.unknown))
        if not facts.listed:
            found.append(Conflict(guard, "unlisted"))
    return found


def is_safe(facts: DishFacts, profile: Profile) -> bool:
    return not conflicts(facts, profile)
