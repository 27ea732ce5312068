"""Read dietary restrictions the way people write them, in Spanish or English.

"Alérgica a los mariscos y al maní; vegetariana" → allergens {crustaceans, molluscs, peanuts},
diet exclusions {meat, pork, fish, …}. A word we do not know is kept in ``unknown`` and reported,
never dropped: the caller decides what to do with it (the planner treats it as unsafe).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from sazon.knowledge.text import fold, keys

_SEPARATORS = re.compile(r"[;,/+\n|]|\s+y\s+|\s+e\s+|\s+and\s+|\s+&\s+|\s+o\s+|\s+or\s+")
# Filler before the word that matters: "alérgico a los", "intolerancia a la", "no come"…
_FILLER = re.compile(
    r"^(?:(?:alergi[ao]s?|alergic[oa]s?|intoleran(?:cia|te)s?|allerg(?:y|ies|ic)|"
    r"intoleran(?:ce|t)|sensib(?:le|ilidad)|severe|severa|grave|leve|mild|"
    r"no come|no puede comer|no consume|evita|avoid(?:s)?|sin|no|without|free of|"
    r"dieta|diet|es|is|soy|i am|i'm|to|a|al|a la|a los|a las|al|de|del|la|el|los|las|the)\s+)+"
)
_PARENS = re.compile(r"\([^)]*\)")
_SUFFIX = re.compile(r"\s+(?:free|allergy|allergies|intolerance|diet)$")


@dataclass(frozen=True)
class Term:
    label: str
    allergens: frozenset[str]
    excludes: frozenset[str]
    flags: frozenset[str]


@dataclass
class RestrictionProfile:
    """What a guest cannot have, plus what we could not read."""

    allergens: set[str] = field(default_factory=set)
    excludes: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.allergens or self.excludes or self.flags or self.unknown)

    def merge(self, other: RestrictionProfile) -> RestrictionProfile:
        return RestrictionProfile(
            self.allergens | other.allergens,
            self.excludes | other.excludes,
            self.flags | other.flags,
            self.labels | other.labels,
            [*self.unknown, *(u for u in other.unknown if u not in self.unknown)],
            {**self.reasons, **other.reasons},
        )


@cache
def _vocabulary() -> dict[str, Term]:
    text = resources.files("sazon.knowledge").joinpath("data", "restrictions.csv").read_text()
    vocab: dict[str, Term] = {}
    for row in csv.DictReader(text.splitlines()):
        term = Term(
            row["label"],
            frozenset(p for p in row["allergens"].split("|") if p),
            frozenset(p for p in row["excludes"].split("|") if p),
            frozenset(p for p in row["flags"].split("|") if p),
        )
        for key in keys(row["term"]):
            vocab.setdefault(key, term)
    return vocab


def _lookup(chunk: str) -> tuple[Term, str] | None:
    vocab = _vocabulary()
    candidates = [chunk, _FILLER.sub("", chunk)]
    candidates.append(_SUFFIX.sub("", candidates[-1]))
    for cand in candidates:
        for key in keys(cand):
            if key in vocab:
                return vocab[key], key
    core = candidates[-1]
    # "embarazada de 5 meses", "mariscos crudos": the leading words carry the restriction.
    words = core.split()
    for n in range(len(words) - 1, 0, -1):
        for key in keys(" ".join(words[:n])):
            if key in vocab:
                return vocab[key], key
    if len(core) >= 5:
        # Damerau-Levenshtein forgives a swapped pair of letters ("vegnao").
        best = process.extractOne(
            core, list(vocab), scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=0.8
        )
        if best:
            return vocab[best[0]], best[0]
    return None


def parse_restrictions(*texts: str | None) -> RestrictionProfile:
    """Parse free-text restrictions (any number of cells) into one profile.

    >>> p = parse_restrictions("Alérgica a los mariscos y al maní", "vegetariana")
    >>> sorted(p.allergens)
    ['crustaceans', 'molluscs', 'peanuts']
    >>> p.labels == {"no_seafood", "peanuts", "vegetarian"}
    True
    """
    profile = RestrictionProfile()
    for text in texts:
        if not text:
            continue
        for raw in _SEPARATORS.split(_PARENS.sub(" ", text)):
            chunk = fold(raw)
            if not chunk or chunk in {"ninguna", "ninguno", "none", "no", "nada", "n a", "na"}:
                continue
            hit = _lookup(chunk)
            if hit is None:
                profile.unknown.append(raw.strip())
                continue
            term, key = hit
            profile.labels.add(term.label)
            profile.allergens |= term.allergens
            profile.excludes |= term.excludes
            profile.flags |= term.flags
            profile.reasons[raw.strip()] = key
    return profile
