"""The feature vector of a (dish, wine) pair: every rule's verdict plus a few raw contrasts.

The first ``len(RULE_IDS)`` columns are the rules' verdicts in [-1, 1]; with the rules' own
weights (:data:`PRIOR`) they give exactly the rules-alone score. The extra columns are simple
dish-against-wine contrasts that the rules do not spell out; the learned ranker may use them,
and starts from a weight of zero on each.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sazon.pairing.rule_checks import Hit
from sazon.pairing.rules import RULE_IDS, RULES_BY_ID, evaluate
from sazon.pairing.schemas import DishProfile, WineProfile

EXTRA: tuple[str, ...] = (
    "red_with_seafood",
    "white_with_red_meat",
    "sparkling",
    "rose",
    "body_minus_weight",
    "acid_minus_acid",
    "sweet_minus_sweet",
    "fat_x_tannin",
    "heat_x_alcohol",
    "dessert_x_sweetness",
)
FEATURE_NAMES: tuple[str, ...] = (*RULE_IDS, *EXTRA)
PRIOR: tuple[float, ...] = (*(RULES_BY_ID[r].weight for r in RULE_IDS), *(0.0 for _ in EXTRA))
# Sign constraints for the learned weights: every rule keeps its direction, and more heat
# with more alcohol may never help (the behaviour tests hold the ranker to that).
NONNEGATIVE: tuple[int, ...] = tuple(range(len(RULE_IDS)))
NONPOSITIVE: tuple[int, ...] = (FEATURE_NAMES.index("heat_x_alcohol"),)


def _extra(d: DishProfile, w: WineProfile) -> list[float]:
    seafood = 1.0 if d.has("seafood") else 0.0
    red_meat = 1.0 if d.has("red_meat") else 0.0
    return [
        seafood * (1.0 if w.color == "red" else 0.0),
        red_meat * (1.0 if w.color == "white" else 0.0),
        1.0 if w.style == "sparkling" else 0.0,
        1.0 if w.color == "rose" else 0.0,
        (w.body - d.weight) / 5.0,
        (w.acidity - d.acidity) / 5.0,
        (w.sweetness - d.sweetness) / 5.0,
        (d.fat / 5.0) * (w.tannin / 5.0),
        (d.heat / 5.0) * min(max((w.alcohol - 11.0) / 4.0, 0.0), 1.0),
        (1.0 if d.has("dessert") else 0.0) * (w.sweetness / 5.0),
    ]


def pair_features(d: DishProfile, w: WineProfile) -> tuple[NDArray[np.float64], dict[str, Hit]]:
    """The features of one pair and the rule hits they came from."""
    hits = evaluate(d, w)
    row = [hits[r].value if r in hits else 0.0 for r in RULE_IDS] + _extra(d, w)
    return np.asarray(row, dtype=np.float64), hits


def rules_score(x: NDArray[np.float64]) -> float:
    """The rules-alone score of a feature row (the prior weights)."""
    return float(np.dot(x, np.asarray(PRIOR)))
