"""What reading a guest's restrictions gives: each :class:`Restriction` with the words that said
it, gathered in a :class:`RestrictionProfile` with what the guest eats and what nobody could
read; and the vocabulary's :class:`Term`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sazon.knowledge import restriction_words as w
from sazon.knowledge.text import fold


@dataclass(frozen=True)
class Term:
    label: str
    allergens: frozenset[str]
    excludes: frozenset[str]
    flags: frozenset[str]  # pregnancy, no_raw, no_spicy; confirm: a person must ask
    avoid: tuple[str, ...] = ()  # ingredient names ("diabético" → azúcar)


@dataclass(frozen=True)
class Restriction:
    """One thing a guest cannot have, with the words that said it."""

    written: str
    # a vocabulary label, or "ingredient", "only_eats", "unknown_allergy", "no_raw", "no_spicy"
    label: str
    allergens: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()  # ingredient ids


# Labels that name no diet or allergen a store can list (they are read from the text again).
_UNLISTED = frozenset({"ingredient", "unknown_allergy", "no_raw", "no_spicy"})


@dataclass
class RestrictionProfile:
    """What a guest cannot have, what they say they eat, and what nobody could read. The
    sets of allergens, classes, flags, labels and foods are read from the restrictions."""

    restrictions: list[Restriction] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    eats: list[str] = field(default_factory=list)

    @property
    def allergens(self) -> set[str]:
        return {a for r in self.restrictions for a in r.allergens}

    @property
    def excludes(self) -> set[str]:
        return {c for r in self.restrictions for c in r.excludes}

    @property
    def flags(self) -> set[str]:
        return {f for r in self.restrictions for f in r.flags}

    @property
    def avoid(self) -> set[str]:
        return {i for r in self.restrictions for i in r.avoid}

    @property
    def labels(self) -> set[str]:
        return {r.label for r in self.restrictions if r.label not in _UNLISTED}

    @property
    def is_empty(self) -> bool:
        return not (self.restrictions or self.unknown)

    @property
    def to_confirm(self) -> bool:
        """Some words need a person: until then the guest is planned with caution."""
        return bool(self.unknown)

    def add(self, r: Restriction) -> None:
        self.restrictions.append(r)

    def ask(self, words: str) -> None:
        words = " ".join(words.replace(w.FOOD_EMOJI_WORD, "🍽").split())
        if words and fold(words) not in {fold(u) for u in self.unknown}:
            self.unknown.append(words)

    def merge(self, other: RestrictionProfile) -> RestrictionProfile:
        out = RestrictionProfile([*self.restrictions, *other.restrictions])
        for u in [*self.unknown, *other.unknown]:
            out.ask(u)
        out.eats = [*self.eats, *(e for e in other.eats if e not in self.eats)]
        return out
