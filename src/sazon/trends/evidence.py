"""The evidence behind a burst: its texts, whether they are copies, their sentiment, products.

Copies are found with word 3-shingles: two texts whose shingle sets overlap by Jaccard ≥ 0.7
are one text copied (a bot, a copy-paste chain). A burst whose largest such family holds
more than half of its texts is flagged: it is one voice, not a trend. ``datasketch``'s MinHash
would estimate the same overlap; a burst holds tens of texts, which exact sets compare in
microseconds, so no dependency is added for it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sazon.trends.terms import CLAUSE, WORD, normal_word, words

if TYPE_CHECKING:
    from sazon.trends.detector import TrendDetector

Recent = tuple[int, str, str, str | None, float | None, frozenset[str]]
_SAMPLE = 60  # texts of a burst read for copies and sentiment
_NEAR = 0.7
_READ = 20  # texts whose sentiment is read


@dataclass
class Evidence:
    texts: list[Recent]  # newest first
    ids: frozenset[str]
    copies: bool
    sentiment: float | None
    negative_share: float
    products: list[str]


def texts_of(
    det: TrendDetector, terms: set[str], since: int, until: int
) -> dict[str, list[Recent]]:
    """The recent texts of each term, newest first, in one pass over the kept texts."""
    out: dict[str, list[Recent]] = {t: [] for t in terms}
    for r in reversed(det.recent):
        if since <= r[0] <= until:
            for t in terms & r[5]:
                out[t].append(r)
    return out


def _shingles(text: str) -> frozenset[str]:
    ws = words(text)
    if len(ws) < 3:
        return frozenset({" ".join(ws)})
    return frozenset(" ".join(ws[i : i + 3]) for i in range(len(ws) - 2))


def copy_share(texts: list[str]) -> float:
    """The share of ``texts`` in the largest family of near-identical ones."""
    if len(texts) < 5:
        return 0.0
    sets = [_shingles(t) for t in texts]
    best = 0
    for a in sets:
        family = sum(1 for b in sets if len(a & b) >= _NEAR * len(a | b))
        best = max(best, family)
        if best * 2 > len(sets):
            break
    return best / len(sets)


def gather(det: TrendDetector, found: list[Recent], read: bool = True) -> Evidence:
    """The evidence of a burst; ``read`` runs the sentiment scorer on its newest texts (the
    costly part, so only for a burst about to alert or to be shown)."""
    sample = found[:_SAMPLE]
    texts = [r[2] for r in sample]
    scores: list[float | None] = [r[4] for r in sample]
    if read and det.scorer is not None and texts:
        scored = det.scorer(texts[:_READ])
        scores = [*scored, *scores[_READ:]]
    known = [s for s in scores if s is not None]
    sentiment = round(sum(known) / len(known), 3) if known else None
    negative = sum(1 for s in known if s <= -0.2) / len(known) if known else 0.0
    products = Counter(r[3] for r in found if r[3])
    named = [p for p, n in products.most_common(3) if n >= max(2, 0.2 * len(found))]
    return Evidence(
        texts=found,
        ids=frozenset(r[1] for r in found),
        copies=copy_share(texts) > 0.5,
        sentiment=sentiment,
        negative_share=round(negative, 3),
        products=named,
    )


def examples(ev: Evidence, n: int = 3) -> list[str]:
    """Distinct example texts, newest first."""
    seen: set[str] = set()
    out: list[str] = []
    for r in ev.texts:
        key = " ".join(words(r[2]))
        if key not in seen:
            seen.add(key)
            out.append(r[2])
        if len(out) == n:
            break
    return out


def surface(term: str, text: str) -> str:
    """``term`` as ``text`` writes it: the words whose normal forms make the term."""
    want = term.split()
    for clause in CLAUSE.split(text):
        raw = [m.group(0) for m in WORD.finditer(clause)]
        normal = [normal_word(w.lower()) for w in raw]
        for i in range(len(raw) - len(want) + 1):
            if normal[i : i + len(want)] == want:
                return " ".join(raw[i : i + len(want)]).lower()
    return term
