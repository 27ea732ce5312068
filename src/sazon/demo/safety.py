"""What a guest may be served: restriction texts people write, and dishes checked against them.

The demo never serves a guest (or the table ordering with them) a dish whose ingredients carry
one of their allergens or belong to a diet class they exclude. Dishes with an ingredient the
knowledge base cannot resolve are treated as unsafe for anyone with a restriction.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from sazon.demo.randomness import pick
from sazon.knowledge import ALLERGEN_OF_DIET, DIET_EXCLUSIONS, KnowledgeBase, parse_restrictions

# (text as written, weight, female-only form?) — Spanish and English, the way guests fill forms.
ALLERGY_ES: tuple[tuple[str, float], ...] = (
    ("mariscos", 4), ("alergia a los mariscos", 3), ("alergia al maní", 3), ("maní", 1),
    ("intolerante a la lactosa", 3), ("lactosa", 1), ("celíaco", 2), ("sin gluten", 2),
    ("frutos secos", 2), ("alergia a los frutos secos", 1), ("pescado", 1), ("huevo", 1),
    ("crustáceos", 1), ("alergia a la soya", 0.5), ("ajonjolí", 0.5), ("mariscos y maní", 0.7),
)  # fmt: skip
ALLERGY_EN: tuple[tuple[str, float], ...] = (
    ("shellfish allergy", 3), ("no seafood", 2), ("peanut allergy", 2), ("tree nuts", 2),
    ("celiac", 1.5), ("gluten free", 1.5), ("lactose intolerant", 2), ("egg allergy", 0.5),
    ("fish", 0.5), ("allergic to peanuts", 1),
)  # fmt: skip
DIET_ES: tuple[tuple[str, float], ...] = (
    ("vegetariano", 4), ("vegano", 2), ("sin cerdo", 2), ("pescetariano", 2), ("embarazada", 1),
    ("sin alcohol", 2), ("halal", 0.5), ("no come carne roja", 1), ("kosher", 0.3),
)  # fmt: skip
DIET_EN: tuple[tuple[str, float], ...] = (
    ("vegetarian", 3), ("vegan", 2), ("pescatarian", 1.5), ("no pork", 1), ("halal", 0.7),
    ("kosher", 0.5), ("pregnant", 0.5), ("no alcohol", 1),
)  # fmt: skip
# Free text the parser cannot read, with the ingredient the guest actually avoids (if any),
# so the unknown-word handling shows while the guest's plate still respects what they meant.
UNREADABLE_ES: tuple[tuple[str, str | None], ...] = (
    ("no le gusta el culantro", "culantro"),
    ("odia la cebolla", "cebolla roja"),
    ("no come nada picante", None),
    ("poca sal por favor", None),
)
UNREADABLE_EN: tuple[tuple[str, str | None], ...] = (
    ("dislikes coriander", "culantro"),
    ("no spicy food please", None),
)

_FEMININE = {
    "vegetariano": "vegetariana",
    "vegano": "vegana",
    "pescetariano": "pescetariana",
    "celíaco": "celíaca",
}


@dataclass(frozen=True)
class Restrictions:
    allergies_text: str
    diet_text: str
    allergens: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    avoid_words: tuple[str, ...] = ()

    @property
    def strict(self) -> bool:
        return bool(self.allergens or self.excludes)


def restrictions_from_text(
    allergies_text: str, diet_text: str, avoid_words: Iterable[str] = ()
) -> Restrictions:
    """Read the texts with the project's own parser, so the demo agrees with the store."""
    profile = parse_restrictions(allergies_text, diet_text)
    excludes = set(profile.excludes)
    for label in profile.labels:
        excludes |= DIET_EXCLUSIONS.get(label, frozenset())
    allergens = set(profile.allergens) | {
        ALLERGEN_OF_DIET[c] for c in excludes if c in ALLERGEN_OF_DIET
    }
    return Restrictions(
        allergies_text,
        diet_text,
        frozenset(allergens),
        frozenset(excludes),
        frozenset(profile.labels),
        tuple(avoid_words),
    )


def _gendered(text: str, female: bool) -> str:
    return _FEMININE.get(text, text) if female else text


def draw_restrictions(rng: random.Random, language: str, female: bool) -> Restrictions:
    """About two in three guests write nothing; the rest a realistic mix."""
    roll = rng.random()
    if roll < 0.65:
        return restrictions_from_text("", "")
    spanish = language == "es"
    allergies: list[str] = []
    diets: list[str] = []
    avoid: list[str] = []
    if roll < 0.68:
        text, word = rng.choice(UNREADABLE_ES if spanish else UNREADABLE_EN)
        diets.append(text)
        avoid += [word] if word else []
    n_items = 2 if rng.random() < 0.2 else 1
    for _ in range(n_items):
        if rng.random() < 0.55:
            text = pick(rng, ALLERGY_ES if spanish else ALLERGY_EN)
            if text not in allergies:
                allergies.append(_gendered(text, female))
        else:
            text = pick(rng, DIET_ES if spanish else DIET_EN)
            if text in {"embarazada", "pregnant"} and not female:
                continue
            if _gendered(text, female) not in diets:
                diets.append(_gendered(text, female))
    joiner = " y " if spanish else " and "
    return restrictions_from_text(
        rng.choice((", ", joiner)).join(allergies), ", ".join(diets), avoid
    )


@dataclass(frozen=True)
class DishFacts:
    """The facts about a dish that matter for safety, from its ingredient words."""

    allergens: frozenset[str]
    diet: frozenset[str]
    words: frozenset[str]
    unresolved: bool
    alcoholic: bool


@dataclass
class SafetyChecker:
    kb: KnowledgeBase
    _cache: dict[tuple[str, ...], DishFacts] = field(default_factory=dict)

    def facts(self, ingredients: Iterable[str]) -> DishFacts:
        key = tuple(ingredients)
        if key not in self._cache:
            allergens: set[str] = set()
            diet: set[str] = set()
            unresolved = False
            for word in key:
                match = self.kb.find_ingredient(word)
                info = self.kb.ingredients.get(match.id) if match else None
                if info is None:
                    unresolved = True
                    continue
                allergens |= set(info.allergens)
                diet |= set(info.diet)
            self._cache[key] = DishFacts(
                frozenset(allergens),
                frozenset(diet),
                frozenset(w.lower() for w in key),
                unresolved,
                "alcohol" in diet,
            )
        return self._cache[key]

    def allowed(self, ingredients: Iterable[str], who: Restrictions) -> bool:
        facts = self.facts(ingredients)
        if facts.allergens & who.allergens or facts.diet & who.excludes:
            return False
        if any(w in facts.words for w in who.avoid_words):
            return False
        return not (facts.unresolved and (who.strict or who.avoid_words))
