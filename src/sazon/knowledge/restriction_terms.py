"""Finding what a clause names: the vocabulary's restriction words (a typo in one still counts,
for a person to confirm), the foods the knowledge base knows, and the stretches where the
guest says what they do eat ("le encanta el pulpo").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from sazon.knowledge import restriction_words as w
from sazon.knowledge.base import KnowledgeBase
from sazon.knowledge.restriction_foods import undiminished
from sazon.knowledge.restriction_profile import Term
from sazon.knowledge.text import keys

_MAX_WORDS = 6


@cache
def vocabulary() -> dict[str, Term]:
    text = resources.files("sazon.knowledge").joinpath("data", "restrictions.csv").read_text()
    vocab: dict[str, Term] = {}
    for row in csv.DictReader(text.splitlines()):
        term = Term(
            row["label"],
            frozenset(p for p in row["allergens"].split("|") if p),
            frozenset(p for p in row["excludes"].split("|") if p),
            frozenset(p for p in row["flags"].split("|") if p),
            tuple(p for p in (row.get("avoid") or "").split("|") if p),
        )
        for key in keys(row["term"]):
            vocab.setdefault(key, term)
    return vocab


@cache
def _single_words() -> list[str]:
    return [k for k in vocabulary() if " " not in k and len(k) >= 5]


@dataclass
class FoundTerm:
    start: int
    end: int
    said: str
    label: str
    term: Term | None = None
    ingredient: str | None = None
    guessed: bool = False


def find_terms(
    tokens: list[str], kb: KnowledgeBase, *, allergy: bool = False, restrictive: bool = False
) -> list[FoundTerm]:
    """Restriction words and known foods anywhere in the tokens, longest first."""
    vocab = vocabulary()
    # "soy vegetariana": the verb, not the bean.
    taken = [
        t == "soy" and i + 1 < len(tokens) and tokens[i + 1] not in w.SOY_NOUN_NEXT
        for i, t in enumerate(tokens)
    ]
    items: list[FoundTerm] = []

    def claim(i: int, n: int, item: FoundTerm) -> None:
        for j in range(i, i + n):
            taken[j] = True
        items.append(item)

    for n in range(min(_MAX_WORDS, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(taken[i : i + n]):
                continue
            piece = " ".join(tokens[i : i + n])
            term = next((vocab[k] for k in keys(piece) if k in vocab), None)
            if term is not None:
                claim(i, n, FoundTerm(i, i + n, piece, term.label, term=term))
    for n in range(min(4, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(taken[i : i + n]):
                continue
            piece = " ".join(tokens[i : i + n])
            if n == 1 and (len(piece) < 3 or piece in w.FILLER):
                continue
            match = kb.find_ingredient(piece)
            # Salt, water and oil are in everything: named in passing ("agua sin gas") they
            # say nothing, named in an allergy they are the allergy.
            if match is not None and match.id in w.UBIQUITOUS and not allergy:
                claim(i, n, FoundTerm(i, i + n, piece, "mention", ingredient=match.id))
            elif match is not None:
                claim(i, n, FoundTerm(i, i + n, piece, "ingredient", ingredient=match.id))
    negated = allergy or restrictive or any(t in w.NEGATIONS for t in tokens)
    for i, tok in enumerate(tokens):
        if taken[i]:
            continue
        small = undiminished(tok)
        match = kb.find_ingredient(small) if small != tok else None
        term = next((vocab[k] for k in keys(small) if k in vocab), None) if small != tok else None
        if term is not None:  # "camaroncitos", "pescadito"
            claim(i, 1, FoundTerm(i, i + 1, tok, term.label, term=term))
        elif match is not None:  # "quesito", "cebollita"
            claim(i, 1, FoundTerm(i, i + 1, tok, "ingredient", ingredient=match.id))
        elif tok in w.RAW and negated:  # "nada crudo"; "sushi bar" is not a restriction
            claim(i, 1, FoundTerm(i, i + 1, tok, "no_raw"))
        elif tok in w.SPICY and negated:  # "no picante"; "bien picante" is a wish
            claim(i, 1, FoundTerm(i, i + 1, tok, "no_spicy"))
        elif len(tok) >= 5 and tok not in w.FILLER:
            # A typo in a restriction word ("vegnao", "marsicos") still restricts: reading
            # too much is safe, and a person confirms the guess. Foods are never guessed.
            best = process.extractOne(
                tok, _single_words(), scorer=DamerauLevenshtein.normalized_similarity,
                score_cutoff=0.8,
            )  # fmt: skip
            if best is not None and not best[0].startswith(tok):
                term = vocab[best[0]]
                claim(i, 1, FoundTerm(i, i + 1, tok, term.label, term=term, guessed=True))
    return sorted(items, key=lambda it: it.start)


def eats_scopes(folded: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Token ranges in which the guest says what they eat ("le encanta el pulpo")."""
    starts = _token_starts(folded)
    stops = {
        i for i, t in enumerate(tokens) if t in w.NEGATIONS or w.ALLERGY.fullmatch(t) is not None
    }
    scopes = []
    for m in w.EATS.finditer(folded):
        first = _token_at(starts, m.start())
        last = _token_at(starts, m.end() - 1) + 1
        before = tokens[max(0, first - 3) : first]
        negated = any(t in w.NEGATIONS or t in {"doesn", "don", "didn", "t"} for t in before)
        if negated and not w.EATS_WITH_NO.match(folded[m.start() :]) and m.group(1) != "i do":
            continue
        if w.EATS_WITH_NO.match(folded[m.start() :]):
            stops.discard(first)
        end = next((j for j in sorted(stops) if j >= last), len(tokens))
        scopes.append((last, end))
    return scopes


def _token_starts(folded: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", folded)]


def _token_at(starts: list[int], pos: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= pos)
