"""Aspect-level polarity: what the rules found about food, service, ambience, price,
waiting time and drinks, with the clause each judgement comes from; and cleanliness, read
from the ambience judgements (see :mod:`sazon.text.sentiment.cleanliness`).

An aspect's score is its opinions' valences (weighted like their clauses) squashed into
[-1, 1]; below :data:`NEUTRAL_BAND` in size it is neutral. An aspect the text names without
judging it ("pedimos el menú") is reported as neutral with a score of 0.
"""

from __future__ import annotations

from sazon.text.sentiment.cleanliness import CLEANLINESS, cleanliness_judgements
from sazon.text.sentiment.lexicon import ASPECTS
from sazon.text.sentiment.rules import RuleAnalysis, squash
from sazon.text.sentiment.schemas import AspectSentiment, Label

__all__ = ["NEUTRAL_BAND", "aspect_label", "aspects_of"]

NEUTRAL_BAND = 0.2
_ALPHA = 4.0
_MAX_EVIDENCE = 300


def aspect_label(score: float) -> Label:
    """The label of an aspect score."""
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def _evidence(parts: list[str]) -> str:
    text = "; ".join(dict.fromkeys(p for p in parts if p))
    return text if len(text) <= _MAX_EVIDENCE else text[: _MAX_EVIDENCE - 1] + "…"


def aspects_of(analysis: RuleAnalysis) -> list[AspectSentiment]:
    """The aspects of one analysed text, in :data:`ASPECTS` order, then cleanliness."""
    totals: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    mentioned: dict[str, list[str]] = {}
    for clause_score in analysis.clauses:
        text = clause_score.clause.evidence
        for hit in clause_score.hits:
            for aspect in hit.aspects:
                totals[aspect] = totals.get(aspect, 0.0) + clause_score.weight * hit.valence
                evidence.setdefault(aspect, []).append(text)
        for aspect in clause_score.cues:
            mentioned.setdefault(aspect, []).append(text)
    out: list[AspectSentiment] = []
    for aspect in ASPECTS:
        if aspect in totals:
            score = round(squash(totals[aspect], _ALPHA), 4)
            out.append(
                AspectSentiment(
                    aspect=aspect,
                    label=aspect_label(score),
                    score=score,
                    evidence=_evidence(evidence[aspect]),
                )
            )
        elif aspect in mentioned:
            out.append(
                AspectSentiment(
                    aspect=aspect,
                    label="neutral",
                    score=0.0,
                    evidence=_evidence(mentioned[aspect]),
                )
            )
    total, judged, named = cleanliness_judgements(analysis)
    if judged:
        score = round(squash(total, _ALPHA), 4)
        label = aspect_label(score)
        out.append(
            AspectSentiment(
                aspect=CLEANLINESS, label=label, score=score, evidence=_evidence(judged)
            )
        )
    elif named:
        out.append(
            AspectSentiment(
                aspect=CLEANLINESS, label="neutral", score=0.0, evidence=_evidence(named)
            )
        )
    return out
