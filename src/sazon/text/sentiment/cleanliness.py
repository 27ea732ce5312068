"""Cleanliness: the baños, the tables, the cockroaches, reported beside the six aspects.

The rules read cleanliness words as **ambience** (``sentiment_aspects.tsv`` and
``sentiment_lexicon.tsv``), and the hand-labelled sentiment sets label them so. Splitting them
into an aspect of their own would move those labels and the learned model's inputs (it counts
the aspects judged positive and negative). So cleanliness is read *from* the ambience
judgements instead: a judgement counts for it when its clause holds a cleanliness word
(``sentiment_cleanliness.tsv``: "baños", "limpieza", "cucarachas", "bathroom"…) and it was
read as ambience, or when its opinion word is itself one ("el plato sucio"). Ambience keeps
every judgement it had.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from sazon.text.normalise import fold
from sazon.text.sentiment.rules import RuleAnalysis

__all__ = ["CLEANLINESS", "cleanliness_judgements", "is_cleanliness_text"]

CLEANLINESS = "cleanliness"
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _terms() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    text = resources.files("sazon.text").joinpath("data", "sentiment_cleanliness.tsv")
    lines = [ln.strip() for ln in text.read_text("utf-8").splitlines()]
    terms = [fold(ln) for ln in lines if ln and not ln.startswith("#")][1:]  # the header
    words = frozenset(t for t in terms if " " not in t)
    phrases = frozenset(tuple(t.split()) for t in terms if " " in t)
    return words, phrases


def is_cleanliness_text(text: str) -> bool:
    """Whether ``text`` holds a cleanliness word or phrase."""
    words, phrases = _terms()
    tokens = _WORD.findall(fold(text))
    if words.intersection(tokens):
        return True
    return any(tuple(tokens[i : i + len(p)]) == p for p in phrases for i in range(len(tokens)))


def cleanliness_judgements(analysis: RuleAnalysis) -> tuple[float, list[str], list[str]]:
    """The weighted valences the review gives cleanliness, the clauses they come from, and the
    clauses that name it without judging it."""
    words, _ = _terms()
    total = 0.0
    judged: list[str] = []
    named: list[str] = []
    for clause_score in analysis.clauses:
        text = clause_score.clause.evidence
        here = is_cleanliness_text(clause_score.clause.text)
        hits = [
            h
            for h in clause_score.hits
            if (here and "ambience" in h.aspects) or fold(h.term) in words
        ]
        for hit in hits:
            total += clause_score.weight * hit.valence
            judged.append(text)
        if here and not hits:
            named.append(text)
    return total, judged, named
