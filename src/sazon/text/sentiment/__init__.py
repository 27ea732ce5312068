"""Sentiment of restaurant and beverage texts, overall and per aspect, Spanish and English.

>>> from sazon.text.sentiment import analyse_texts
>>> [r.label for r in analyse_texts(["riquísimo todo", "pésimo, no vuelvo"])]  # doctest: +SKIP
['positive', 'negative']

The pieces, each usable alone (see docs/text.md, "Sentiment"):

- :class:`RuleScorer`: a lexicon and rules written for Peruvian Spanish and English
  (slang, negation, intensity, contrast, emoji, ratings, waiting times), per clause;
- :class:`SentimentModel`: a linear model on the rules' features and the words, for the
  overall label and score;
- :func:`aspects_of`: food, service, ambience, price, waiting time and drinks, with evidence;
- :class:`SentimentServing`: the active registry model, else :func:`default_model`;
- :func:`train_sentiment`: fit on an organisation's labelled or star-rated feedback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.text.sentiment.aspects import aspects_of
    from sazon.text.sentiment.inputs import (
        LabelledRows,
        ReadItems,
        label_of_rating,
        read_items,
        read_labelled,
    )
    from sazon.text.sentiment.lexicon import ASPECTS, Lexicon, load_lexicon
    from sazon.text.sentiment.model import LABELS, SentimentModel
    from sazon.text.sentiment.rules import RuleAnalysis, RuleScorer
    from sazon.text.sentiment.schemas import (
        AspectSentiment,
        SentimentItem,
        SentimentResult,
        SkippedItem,
    )
    from sazon.text.sentiment.service import (
        DEFAULT_MODEL_NAME,
        MODEL_NAME,
        SentimentAnalyzer,
        SentimentServing,
        default_model,
    )
    from sazon.text.sentiment.spans import (
        SpanOpinion,
        aspects_by_rules,
        opinions_at,
        opinions_of_many,
    )
    from sazon.text.sentiment.train import TrainReport, evaluate, train_sentiment

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ASPECTS",
    "DEFAULT_MODEL_NAME",
    "LABELS",
    "MODEL_NAME",
    "AspectSentiment",
    "LabelledRows",
    "Lexicon",
    "ReadItems",
    "RuleAnalysis",
    "RuleScorer",
    "SentimentAnalyzer",
    "SentimentItem",
    "SentimentModel",
    "SentimentResult",
    "SentimentServing",
    "SkippedItem",
    "SpanOpinion",
    "TrainReport",
    "analyse_texts",
    "aspects_by_rules",
    "aspects_of",
    "default_model",
    "evaluate",
    "label_of_rating",
    "load_lexicon",
    "opinions_at",
    "opinions_of_many",
    "read_items",
    "read_labelled",
    "train_sentiment",
]


def analyse_texts(texts: Sequence[str]) -> list[SentimentResult]:
    """Score bare texts with the packaged default model (ids are "0", "1", …)."""
    from sazon.text.sentiment.service import SentimentAnalyzer, default_model

    return SentimentAnalyzer(default_model()).analyse_texts(texts)
