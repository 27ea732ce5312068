"""People search that forgives typos: "Fernado Ramso" finds Fernando Ramos.

Used by :func:`sazon.store.guests.search_guests` only when the exact search finds nobody, so
every search that worked before answers exactly as before.

Two steps, the same on SQLite and PostgreSQL (no ``pg_trgm`` or FTS5 to keep in step):

1. **Candidates, in the store**: every word of the query must share a piece with the guest's
   folded ``search_text`` (a word of 6 letters or more: one of its three-letter runs; of 4 or
   5: one of its two-letter runs; shorter, phones and emails: the word itself). One typo
   leaves such a piece intact, so a guest within the typo budget is never filtered out here
   (except a 4-letter word with its two middle letters swapped). Only ids and texts are read.
2. **Scoring, in Python** with RapidFuzz's optimal string alignment distance (a swap of two
   neighbouring letters is one typo): each query word against each word of the guest, whole
   or as far as it was typed. A guest is found when every query word is within its budget
   (0 typos up to 3 letters, 1 up to 7, 2 beyond); the fewest typos first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from sazon.store.models import Guest

__all__ = ["fuzzy_ids", "typo_budget"]

#: Candidates scored at most: a query whose pieces are in most guests' names (two very short
#: words) is not worth scoring a whole chain's guest list for.
MAX_CANDIDATES = 50_000


def typo_budget(word: str) -> int:
    """How many typos a query word of this length forgives."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 7 else 2


def _exact_only(term: str) -> bool:
    return "@" in term or any(c.isdigit() for c in term) or typo_budget(term) == 0


def _pieces(term: str) -> list[str]:
    size = 3 if len(term) >= 6 else 2
    return list(dict.fromkeys(term[i : i + size] for i in range(len(term) - size + 1)))


def _candidate_filter(terms: Sequence[str]) -> list[ColumnElement[bool]]:
    text = Guest.search_text
    where = []
    for term in terms:
        if _exact_only(term):
            where.append(text.contains(term, autoescape=True))
        else:
            where.append(or_(*(text.contains(p, autoescape=True) for p in _pieces(term))))
    return where


def _fewest_typos(term: str, words: list[str], owner: np.ndarray, n: int) -> np.ndarray:
    """Per candidate (``owner``: the candidate of each word), the fewest typos between
    ``term`` and one of its words, whole or as far as the term goes; budget + 1 when none is
    within it. One RapidFuzz call per term over every word, in C, not a loop per guest."""
    budget = typo_budget(term)
    whole = process.cdist([term], words, scorer=OSA.distance, score_cutoff=budget)[0]
    typed = [w[: len(term)] for w in words]
    start = process.cdist([term], typed, scorer=OSA.distance, score_cutoff=budget)[0]
    best = np.full(n, budget + 1, dtype=np.int64)
    np.minimum.at(best, owner, np.minimum(whole, start))
    return best


def fuzzy_ids(
    session: Session, terms: Sequence[str], where: Sequence[ColumnElement[bool]]
) -> list[int]:
    """The ids of the guests every term finds within its typo budget (``where``: the other
    filters of the search), best first: fewest typos, then by their text, then by id."""
    fuzzy = [t for t in terms if not _exact_only(t)]
    if not fuzzy:
        return []  # nothing to forgive: the exact search already said no
    rows = session.execute(
        select(Guest.id, Guest.search_text)
        .where(*_candidate_filter(terms), *where)
        .limit(MAX_CANDIDATES)
    )
    found = [(int(gid), text or "") for gid, text in rows]
    if not found:
        return []
    words: list[str] = []
    owner: list[int] = []
    for i, (_, text) in enumerate(found):
        split = text.split()
        words.extend(split)
        owner.extend([i] * len(split))
    index = np.asarray(owner, dtype=np.int64)
    typos = np.zeros(len(found), dtype=np.int64)
    within = np.ones(len(found), dtype=bool)
    for term in fuzzy:
        best = _fewest_typos(term, words, index, len(found))
        within &= best <= typo_budget(term)
        typos += best
    scored = [(int(typos[i]), found[i][1], found[i][0]) for i in np.flatnonzero(within)]
    scored.sort()
    return [gid for _, _, gid in scored]
