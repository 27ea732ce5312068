"""The opinion a text gives about one thing it names: a dish, a drink, a person.

A review often judges several things ("el cebiche buenazo pero el chicharrón grasoso"); the
opinion about each is the clause it sits in. When that clause holds no opinion ("la causa y el
tiradito, lo mejor de la noche") the next clauses of the same sentence that do are read, then
the ones before it: a list shares the judgement that closes or opens it. When no clause of
the sentence holds a word the rules know ("es una bomba", "was refreshing") it is neutral, or,
with ``use_model=True``, the packaged learned model reads the sentence (it knows more words,
but it is fitted in the process on first use: about a minute).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sazon.text.sentiment.analysis import ClauseScore, squash
from sazon.text.sentiment.aspects import aspect_label, aspects_of
from sazon.text.sentiment.rules import RuleScorer
from sazon.text.sentiment.schemas import AspectSentiment, Label

__all__ = ["SpanOpinion", "aspects_by_rules", "opinions_at", "opinions_of_many"]

_ALPHA = 4.0  # as the aspects squash their sums


@dataclass(frozen=True, slots=True)
class SpanOpinion:
    """The polarity of what the text says about the words at ``start:end``."""

    start: int
    end: int
    label: Label
    score: float
    evidence: str


def _clause_at(clauses: Sequence[ClauseScore], start: int) -> int:
    for index, scored in enumerate(clauses):
        if scored.clause.start <= start < scored.clause.end:
            return index
    return max(0, len(clauses) - 1)


def _judging(clauses: Sequence[ClauseScore], index: int) -> ClauseScore | None:
    """The clause whose opinion applies to a name in clause ``index``, if any."""
    here = clauses[index]
    if here.hits:
        return here
    sentence = here.clause.sentence
    after = [c for c in clauses[index + 1 :] if c.clause.sentence == sentence]
    before = [c for c in reversed(clauses[:index]) if c.clause.sentence == sentence]
    for scored in (*after, *before):
        if scored.hits:
            return scored
    return None


def opinions_at(
    text: str,
    spans: Sequence[tuple[int, int]],
    lang: str = "es",
    *,
    scorer: RuleScorer | None = None,
    use_model: bool = False,
) -> list[SpanOpinion]:
    """The opinion about each ``(start, end)`` span of ``text``, in the order given.

    >>> [o.label for o in opinions_at("el cebiche rico pero el pisco caro", [(3, 10), (24, 29)])]
    ... # doctest: +SKIP
    ['positive', 'negative']
    """
    return opinions_of_many([(text, spans, lang)], scorer=scorer, use_model=use_model)[0]


def opinions_of_many(
    items: Sequence[tuple[str, Sequence[tuple[int, int]], str]],
    *,
    scorer: RuleScorer | None = None,
    use_model: bool = False,
) -> list[list[SpanOpinion]]:
    """:func:`opinions_at` over ``(text, spans, lang)`` items, the model called once for all."""
    rules = scorer or _default_scorer()
    out: list[list[SpanOpinion]] = []
    unread: list[tuple[int, int]] = []
    for text, spans, lang in items:
        clauses = rules.analyse(text, lang).clauses if spans else []
        found: list[SpanOpinion] = []
        for start, end in spans:
            if not clauses:
                found.append(SpanOpinion(start, end, "neutral", 0.0, ""))
                continue
            judged = _judging(clauses, _clause_at(clauses, start))
            if judged is None:
                unread.append((len(out), len(found)))
                found.append(SpanOpinion(start, end, "neutral", 0.0, _sentence(clauses, start)))
                continue
            score = round(squash(sum(h.valence for h in judged.hits), _ALPHA), 4)
            found.append(
                SpanOpinion(start, end, aspect_label(score), score, judged.clause.evidence)
            )
        out.append(found)
    if use_model and unread:
        _read_by_model(out, unread)
    return out


def _sentence(clauses: Sequence[ClauseScore], start: int) -> str:
    sentence = clauses[_clause_at(clauses, start)].clause.sentence
    parts = [c.clause.evidence for c in clauses if c.clause.sentence == sentence]
    return ", ".join(p for p in parts if p)


def _read_by_model(out: list[list[SpanOpinion]], unread: list[tuple[int, int]]) -> None:
    from sazon.text.sentiment.service import SentimentAnalyzer, default_model

    texts = [out[i][j].evidence for i, j in unread]
    results = SentimentAnalyzer(default_model()).analyse_texts(texts)
    for (i, j), result in zip(unread, results, strict=True):
        o = out[i][j]
        out[i][j] = SpanOpinion(o.start, o.end, result.label, round(result.score, 4), o.evidence)


_SCORER: list[RuleScorer] = []


def _default_scorer() -> RuleScorer:
    # The lexicon takes a moment to load: once per process.
    if not _SCORER:
        _SCORER.append(RuleScorer())
    return _SCORER[0]


def aspects_by_rules(items: Sequence[tuple[str, str]]) -> list[list[AspectSentiment]]:
    """The aspects of each ``(text, lang)`` read by the rules alone (what the learned model
    adds is the overall label, not the aspects), without fitting or loading any model."""
    rules = _default_scorer()
    return [aspects_of(rules.analyse(text, lang)) for text, lang in items]
