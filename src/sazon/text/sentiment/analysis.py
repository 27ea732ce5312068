"""What the rule scorer finds in a text: opinions (hits), clauses and their weights, and
the numbers the learned model reads from them (:data:`FEATURE_NAMES`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sazon.text.sentiment.clauses import Clause
from sazon.text.sentiment.lexicon import ASPECTS

__all__ = ["FEATURE_NAMES", "LUKEWARM", "WORD_RE", "ClauseScore", "Hit", "RuleAnalysis", "squash"]

# Valences this close to zero are lukewarm opinions ("normal", "ni fu ni fa").
LUKEWARM = 0.7
_STRONG_COMPLAINT = -2.4
WORD_RE = re.compile(r"[^\W\d_]+")

FEATURE_NAMES: tuple[str, ...] = (
    "rule_score",
    "praise",
    "complaint",
    "n_praise",
    "n_complaint",
    "n_lukewarm",
    "last_clause",
    "max_praise",
    "max_complaint",
    "contrast",
    "n_negated",
    "n_strong_complaints",
    "aspects_positive",
    "aspects_negative",
    "length",
)


def squash(value: float, alpha: float = 6.0) -> float:
    """Map a sum of valences to (-1, 1), like VADER's normalisation."""
    return value / math.sqrt(value * value + alpha)


@dataclass(frozen=True, slots=True)
class Hit:
    """One opinion found in a review, after negation and intensity."""

    term: str
    valence: float
    aspects: tuple[str, ...]
    clause: int
    negated: bool = False
    #: False for a judgement of one aspect that says nothing of the visit as a whole ("lo
    #: único bueno fue el pisco" praises the pisco, and the overall stays a complaint).
    overall: bool = True

    @property
    def lukewarm(self) -> bool:
        return abs(self.valence) < LUKEWARM


@dataclass(slots=True)
class ClauseScore:
    """A clause, its weight in the whole review, and the opinions in it."""

    clause: Clause
    weight: float = 1.0
    hits: list[Hit] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """The clause's opinions on the visit as a whole (aspect-only praise left out)."""
        return sum(h.valence for h in self.hits if h.overall)


@dataclass(slots=True)
class RuleAnalysis:
    """What the rules found in one text."""

    text: str
    clauses: list[ClauseScore]
    #: The language the text was read as (``es`` or ``en``): what its pieces are read as.
    lang: str = "es"

    @property
    def hits(self) -> list[Hit]:
        """The opinions on the visit as a whole (what the overall score reads)."""
        return [h for c in self.clauses for h in c.hits if h.overall]

    @property
    def weighted_total(self) -> float:
        return sum(c.weight * c.total for c in self.clauses)

    @property
    def score(self) -> float:
        """The rules' polarity of the whole text, from -1 to 1."""
        return squash(self.weighted_total)

    def aspect_totals(self) -> dict[str, list[Hit]]:
        by_aspect: dict[str, list[Hit]] = {}
        for hit in (h for c in self.clauses for h in c.hits):
            for aspect in hit.aspects:
                by_aspect.setdefault(aspect, []).append(hit)
        return {a: by_aspect[a] for a in ASPECTS if a in by_aspect}

    def features(self) -> NDArray[np.float64]:
        """The numbers the learned model reads, in the order of :data:`FEATURE_NAMES`."""
        hits = self.hits
        weighted = [(c.weight, h.valence) for c in self.clauses for h in c.hits if h.overall]
        praise = sum(w * v for w, v in weighted if v >= LUKEWARM)
        complaint = -sum(w * v for w, v in weighted if v <= -LUKEWARM)
        with_hits = [c for c in self.clauses if c.hits]
        last = squash(with_hits[-1].total) if with_hits else 0.0
        aspect_scores = [sum(h.valence for h in hs) for hs in self.aspect_totals().values()]
        n_tokens = sum(len(WORD_RE.findall(c.clause.text)) for c in self.clauses)
        values = (
            self.score,
            math.log1p(praise),
            math.log1p(complaint),
            sum(h.valence >= LUKEWARM for h in hits),
            sum(h.valence <= -LUKEWARM for h in hits),
            sum(h.lukewarm for h in hits),
            last,
            max((h.valence for h in hits if h.valence > 0), default=0.0),
            -min((h.valence for h in hits if h.valence < 0), default=0.0),
            float(any(c.clause.kind == "contrast" for c in self.clauses)),
            sum(h.negated for h in hits),
            sum(h.valence <= _STRONG_COMPLAINT for h in hits),
            sum(s >= LUKEWARM for s in aspect_scores),
            sum(s <= -LUKEWARM for s in aspect_scores),
            math.log1p(n_tokens),
        )
        return np.asarray(values, dtype=np.float64)
