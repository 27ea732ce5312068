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

# Clauses: hard separators, brackets and "pero"/"but" start a new thought, which may be an
# exception ("vegetariana (come huevos y lácteos)", "no carne pero pescado sí").
_CLAUSES = re.compile(r"[;,/+\n|()\[\]]|\s+(?:pero|but)\s+", re.IGNORECASE)
# Within a clause, "y", "ni", "también"… join restrictions: "sin lactosa ni gluten".
_SEPARATORS = re.compile(
    r"\s+(?:y|e|o|u|ni|tambi[eé]n|adem[aá]s|and|or|nor|also|plus|&)\s+", re.IGNORECASE
)
# Words that make a clause say what a guest *does* eat: such a clause is reported for a
# person to read, never turned into a restriction (or an avoidance).
# After a trailing "sí"/"ok" the whole clause is what they eat ("pescado sí"); after the
# other words only what follows ("vegano excepto miel": vegano holds, "excepto miel" is read
# by a person).
POSITIVE = re.compile(
    r"\b(si|ok|come|comen|eats?|excepto|except|salvo|menos|le gusta\w*|le encanta\w*|"
    r"encanta\w*|loves?|likes?|prefiere\w*|prefers?|puede comer|can eat|permitid\w*)\b"
)
_TRAILING_POSITIVE = frozenset({"si", "ok"})
# "no come", "no le gusta", "doesn't eat": a negated positive word is a restriction.
_NEGATORS = frozenset({"no", "nunca", "tampoco", "jamas", "not", "never", "t", "ni"})


def says_what_they_eat(text: str) -> bool:
    """Whether a piece says what a guest *does* eat ("le encanta el pulpo", "pescado sí")."""
    return _positive(fold(text)) is not None


def _positive(folded: str) -> re.Match[str] | None:
    for match in POSITIVE.finditer(folded):
        # "sí"/"ok" affirm only at the end ("pescado sí"); "si hay maní, avisar" is an "if".
        if match.group(1) in _TRAILING_POSITIVE and folded[match.end() :].strip():
            continue
        before = folded[: match.start()].split()
        if not before or before[-1] not in _NEGATORS:
            return match
    return None


# Filler before the word that matters: "alérgico a los", "intolerancia a la", "no come"…
_FILLER = re.compile(
    r"^(?:(?:alergi[ao]s?|alergic[oa]s?|intoleran(?:cia|te)s?|allerg(?:y|ies|ic)|"
    r"intoleran(?:ce|t)|sensib(?:le|ilidad)|severe|severa|grave|leve|mild|"
    r"no come|no puede comer|no consume|no como|no puedo comer|no consumo|no tomo|no bebe|"
    r"no bebo|doesn t eat|does not eat|don t eat|do not eat|can t eat|cannot eat|"
    r"evita|avoid(?:s)?|sin|no|without|free of|"
    r"ni|nor|pero|but|tambien|tampoco|neither|also|ademas|y|and|nada|nada de|"
    r"dieta|diet|es|is|soy|i am|i'm|to|a|al|a la|a los|a las|al|de|del|la|el|los|las|the)\s+)+"
)
# Alone in a piece, these say nothing ("(leve)", "(estricta)").
_BARE = frozenset({
    "leve", "leves", "grave", "graves", "severa", "severo", "severe", "mild", "strict",
    "estricta", "estricto", "estrictamente", "muy", "very", "favor", "por", "please",
    "gracias", "thanks",
})  # fmt: skip
# Left over after a restriction ("de 5 meses", "mariscos crudos"), these say nothing more
# either; "crudo" or "raw" alone may be the restriction itself ("nada crudo"), so they are
# only here.
_QUALIFIERS = _BARE | frozenset({
    "fuerte", "fuertes", "de", "del", "la", "el", "los", "las", "a", "al", "en", "con", "the",
    "of", "to", "for", "in", "meses", "mes", "semanas", "semana", "months", "month", "weeks",
    "week", "crudo", "crudos", "cruda", "crudas", "raw", "poco", "mucho", "todo", "toda",
    "todos", "todas", "any", "all", "kind", "tipo", "tipos",
})  # fmt: skip
_SUFFIX = re.compile(r"\s+(?:free|allergy|allergies|intolerance|diet)$")


_NOTHING = frozenset({
    "ninguna", "ninguno", "none", "no", "nada", "n a", "na", "nothing", "sin alergias",
    "sin restricciones", "no tengo alergias", "no tiene alergias", "ninguna alergia",
    "ninguna restriccion", "no allergies", "no restrictions", "nothing to declare", "-",
})  # fmt: skip


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


def _exact(text: str) -> tuple[Term, str] | None:
    vocab = _vocabulary()
    candidates = [text, _FILLER.sub("", text)]
    candidates.append(_SUFFIX.sub("", candidates[-1]))
    for cand in candidates:
        for key in keys(cand):
            if key in vocab:
                return vocab[key], key
    return None


def _only_qualifiers(text: str) -> bool:
    words = _FILLER.sub("", text + " ").split()
    return all(w in _QUALIFIERS or w.isdigit() for w in words)


Hit = tuple[Term, str, str]  # the term, its vocabulary key, the words that said it


def _lookup(chunk: str) -> tuple[list[Hit], str | None]:
    """The terms in one chunk, and the words of it nobody could read (None: all read).

    Several terms may share a chunk when people leave out the comma ("vegetariana alérgica
    al maní"): after a leading match, the words left over are read again. Left-over words
    that are not mere qualifiers are returned as unread ("mariscos excepto pulpo" keeps the
    seafood rule and reports "excepto pulpo"), so nothing is lost either way.
    """
    vocab = _vocabulary()
    hit = _exact(chunk)
    if hit:
        return [(hit[0], hit[1], chunk)], None
    core = _SUFFIX.sub("", _FILLER.sub("", chunk))
    # "embarazada de 5 meses", "mariscos crudos": the leading words carry the restriction.
    words = core.split()
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        for key in keys(head):
            if key not in vocab:
                continue
            rest = " ".join(words[n:])
            if _only_qualifiers(rest):
                return [(vocab[key], key, head)], None
            more, unread = _lookup(rest)
            return [(vocab[key], key, head), *more], unread
    if len(core) >= 5:
        # Damerau-Levenshtein forgives a swapped pair of letters ("vegnao").
        best = process.extractOne(
            core, list(vocab), scorer=DamerauLevenshtein.normalized_similarity, score_cutoff=0.8
        )
        if best:
            return [(vocab[best[0]], best[0], chunk)], None
    return [], chunk


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
        if fold(text) in _NOTHING:
            continue
        for clause in _CLAUSES.split(text):
            folded = fold(clause)
            positive = _positive(folded)
            if positive is None:
                _read_clause(clause, profile)
                continue
            head = folded[: positive.start()].strip()
            if positive.group(1) in _TRAILING_POSITIVE or not head:
                profile.unknown.append(clause.strip())
                continue
            _read_clause(head, profile)
            profile.unknown.append(folded[positive.start() :])
    return profile


def _read_clause(clause: str, profile: RestrictionProfile) -> None:
    for raw in _SEPARATORS.split(clause):
        chunk = fold(raw)
        # A bare qualifier ("(leve)") says nothing; "alergia grave" alone still says a lot.
        if not chunk or chunk in _NOTHING or all(w in _BARE for w in chunk.split()):
            continue
        hits, unread = _lookup(chunk)
        if unread is not None:
            profile.unknown.append(raw.strip() if unread == chunk else unread)
        for term, key, said in hits:
            profile.labels.add(term.label)
            profile.allergens |= term.allergens
            profile.excludes |= term.excludes
            profile.flags |= term.flags
            # One reason per term: a chunk that held two ("vegetariana alérgica al maní")
            # gives each its own words, so each becomes its own rule downstream.
            profile.reasons[raw.strip() if said == chunk else said] = key
