"""Which dish is safe for which guest, and why not, read from ingredients conservatively.

A guest's restrictions become :class:`Rule` objects (one per thing they wrote or the store
holds: "sin mariscos", "celíaca", "embarazo"…). A dish becomes :class:`DishFacts`: the
allergens and diet classes of its ingredients, looked up in the knowledge base. A dish is
safe for a guest when no rule finds a :class:`Conflict` in it.

Conservative on purpose:

- an ingredient the knowledge base cannot resolve, or a dish with no ingredient list, is
  unsafe for every guest with any restriction (and reported);
- a guest whose restrictions hold words nobody could read counts as restricted, so the
  first rule applies to them; if such words say "no …" about an ingredient we know
  ("no le gusta el culantro"), that ingredient is avoided too, and "nada picante" avoids
  chillies. Both are reported so a person confirms them;
- pregnancy: no raw or cured fish or shellfish (a seafood dish whose cooking is unknown is
  treated as raw unless we know better) and no alcohol;
- "sin alcohol": no dish with any alcohol among its ingredients, cooked or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sazon.events.schemas import GuestNeeds, MenuDish
from sazon.knowledge import (
    ALLERGENS,
    DIET_EXCLUSIONS,
    KnowledgeBase,
    fold,
    parse_restrictions,
    says_what_they_eat,
)
from sazon.knowledge.vocab import ALLERGEN_OF_DIET

SEAFOOD = frozenset({"fish", "crustacean", "mollusc"})
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
# Words of an unread restriction that mean "do not give me this".
# An allergy or intolerance word says it as clearly as a "no": "alérgica al pulpo".
_ALLERGY = r"alergi\w*|alergic\w*|allerg\w*|intoleran\w*"
_NEGATIVE = re.compile(
    r"\b(no|nada|sin|nunca|odia|odio|evita|evitar|detesta|dislikes?|hates?|never|not|avoid|"
    rf"without|don t|doesn t|cannot|can t|{_ALLERGY}|"
    r"sensib\w*|reaccion\w*|reaction\w*|tampoco|neither)\b"
)
# Articles before a listed ingredient ("el pulpo", "la palta").
_LEADING = re.compile(r"^(?:(?:el|la|los|las|un|una|the|a|an)\s+)+")
_ALLERGY_WORD = re.compile(rf"\b({_ALLERGY})\b")
_SPICY = frozenset({"picante", "picantes", "picoso", "picosa", "spicy", "hot", "aji", "chili"})
# Everyday seasonings a cautious reading must not turn into "exclude every dish".
_UBIQUITOUS = frozenset({"sal", "azucar_blanca", "aceite_vegetal", "agua", "pimienta"})
HOT = 3  # an ingredient this hot (0–5) counts as spicy


@dataclass(frozen=True)
class Rule:
    """One restriction of a guest. ``key`` is a label slug ("no_seafood", "peanuts"…)."""

    key: str
    kind: str  # allergy | diet | pregnancy | unread
    allergens: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()  # ingredient ids, from an unread "no …"
    avoid_heat: bool = False
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
    listed: bool  # False when the dish has no ingredient list at all


@dataclass(frozen=True)
class Conflict:
    """Why a rule forbids a dish. ``items`` are ingredient ids or written words."""

    rule: Rule
    # allergen | diet | raw_seafood | alcohol | unknown_ingredient | unlisted | avoid | heat
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


def _chunk_rules(chunk: str) -> list[Rule]:
    """The rules of one piece people wrote ("alergia a los mariscos", "embarazada").

    The piece's own reading wins over the label's generic meaning: "seafood" includes fish,
    "mariscos" (shellfish in Peru) does not.
    """
    sub = parse_restrictions(chunk)
    labels = sorted(sub.labels - {"pregnancy"})
    rules: list[Rule] = []
    classes = frozenset(sub.excludes)
    if "pregnancy" in sub.labels or "pregnancy" in sub.flags:
        rules.append(Rule("pregnancy", "pregnancy", classes=frozenset({"alcohol"}), written=chunk))
        if not any("alcohol" in DIET_EXCLUSIONS.get(label, ()) for label in labels):
            classes -= {"alcohol"}
    if labels:
        base = _label_rule(labels[0])
        if not (classes or sub.allergens) and base is not None:
            classes = base.classes
        kind = "diet" if labels[0] in DIET_EXCLUSIONS else "allergy"
        allergens = frozenset(sub.allergens) | _implied_allergens(classes)
        rules.append(Rule(labels[0], kind, allergens, classes, written=chunk))
    return rules


def _cautious_rule(chunk: str, kb: KnowledgeBase) -> Rule:
    """An unread restriction: avoid what it names after a "no" or an allergy word, or an
    ingredient listed on its own ("maní, pulpo"), never less; never what a guest says they
    do eat ("le encanta el pulpo", "pescado sí"), which a person reads.

    With an allergy word the ingredient's allergens go too: an octopus allergy is most
    likely a mollusc allergy, and a person confirms it.
    """
    folded = fold(chunk)
    avoid: set[str] = set()
    allergens: set[str] = set()
    heat = False
    bare = kb.find_ingredient(_LEADING.sub("", folded)) is not None
    if not says_what_they_eat(folded) and (bare or _NEGATIVE.search(folded.replace("'", " "))):
        words = folded.split()
        for n in (3, 2, 1):
            for i in range(len(words) - n + 1):
                piece = " ".join(words[i : i + n])
                if n == 1 and piece in _SPICY:
                    heat = True
                    continue
                if len(piece) < 3:
                    continue
                # Never a guessed spelling (find_ingredient has none): it would avoid the
                # wrong thing.
                match = kb.find_ingredient(piece)
                if match is not None and match.id not in _UBIQUITOUS:
                    avoid.add(match.id)
                    info = kb.ingredients.get(match.id)
                    if info is not None and _ALLERGY_WORD.search(folded):
                        allergens |= set(info.allergens)
    return Rule(
        "unread", "unread", frozenset(allergens), avoid=frozenset(avoid), avoid_heat=heat,
        written=chunk,
    )  # fmt: skip


def _named_rules(chunk: str) -> list[Rule]:
    """The restrictions an unread piece still names somewhere in it ("si hay mariscos,
    avisar" names mariscos): applied, since reading too much is safe and too little is not;
    never for a piece that says what the guest eats."""
    if says_what_they_eat(chunk):
        return []
    words = fold(chunk).split()
    for i in range(1, len(words)):
        found, _ = _texts_rules([" ".join(words[i:])])
        if found:
            return found
    return []


def _texts_rules(texts: Iterable[str | None]) -> tuple[list[Rule], list[str]]:
    rules: list[Rule] = []
    unread: list[str] = []
    for text in texts:
        if not text or not text.strip():
            continue
        profile = parse_restrictions(text)
        for chunk in profile.reasons:
            rules.extend(_chunk_rules(chunk))
        unread.extend(profile.unknown)
    return rules, unread


def profile_of(needs: GuestNeeds, kb: KnowledgeBase) -> Profile:
    """Read a guest's restrictions (written text and structured lists) into a profile."""
    rules, unread = _texts_rules((needs.allergies_text, needs.diet_text))
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
        more, left = _texts_rules([word.replace("_", " ")])
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
            more, left = _texts_rules([label.replace("_", " ")])
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
    cautious = (_cautious_rule(w, kb) for w in unread_unique)
    rules.extend(r for r in cautious if r.avoid or r.avoid_heat)
    for word in unread_unique:
        rules.extend(_named_rules(word))
    return Profile(_dedupe(rules), tuple(unread_unique), cautious=bool(unread_unique))


def _dedupe(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """One rule per meaning; sorted so that two guests who wrote the same things in another
    order share a profile."""
    by_meaning: dict[tuple[object, ...], Rule] = {}
    for r in rules:
        key = (r.kind, r.key, r.allergens, r.classes, r.avoid, r.avoid_heat)
        by_meaning.setdefault(key, r)
    return tuple(
        sorted(
            by_meaning.values(), key=lambda r: (r.kind, r.key, sorted(r.allergens), sorted(r.avoid))
        )
    )


# -- dishes -------------------------------------------------------------------------------


def _raw_how(dish: MenuDish) -> str:
    cooking = {fold(c).replace(" ", "_") for c in dish.cooking}
    if "raw" in cooking:
        return "raw"
    if "cured" in cooking:
        return "cured"
    name = fold(" ".join(filter(None, (dish.name_es, dish.name_en))))
    if any(hint in name for hint in _RAW_HINTS):
        return "raw"
    return "" if cooking else "unknown"


def dish_facts(dish: MenuDish, kb: KnowledgeBase) -> DishFacts:
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
    how = _raw_how(dish) if seafood else ""
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
        avoided = sorted(rule.avoid & facts.ingredient_ids)
        if avoided:
            found.append(Conflict(rule, "avoid", tuple(avoided)))
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
