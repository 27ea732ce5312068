"""Training data for the ranker, and the training run behind ``sazon pairing train``.

Two sources, both allowed to train a model we ship:

- **our own sommelier examples** (``data/examples.csv``): Peruvian dishes from the knowledge
  base, plus a few of our own, each with wines from the knowledge base graded excellent (3),
  good (2), poor (1) or wrong (0). None of them is a dish of the evaluation sets A, B or C
  (a test checks it; the 11 dishes set C shared with them were taken out on 2026-12-07,
  ``docs/pairing.md``).
- **X-Wines** (CC0, ``../shared/data/xwines_slim``): each wine lists the food categories it
  "harmonizes" with. Each category becomes a prototype dish (``data/xwines_categories.csv``);
  wines that list it are ranked above wines that do not. "Not listed" is weak evidence, so
  these pairs weigh less. Wines whose id is a multiple of 5 are never trained on: they are
  the X-Wines evaluation fold.

The unlicensed sets in ``wine_food_pairing`` are never read here (evaluation only, in bench).
"""

from __future__ import annotations

import ast
import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sazon.errors import InvalidInput
from sazon.knowledge import DishInfo, KnowledgeBase, WineInfo, wine_facts
from sazon.pairing.features import FEATURE_NAMES, NONNEGATIVE, NONPOSITIVE, PRIOR, pair_features
from sazon.pairing.profile import build_profile
from sazon.pairing.ranker import GOOD, PairingRanker
from sazon.pairing.schemas import DishInput, DishProfile, WineInput
from sazon.pairing.wine_profile import build_wine_profile

GRADES = {"excellent": 3, "good": 2, "poor": 1, "wrong": 0}
XWINES_WEIGHT = 0.3
ALPHAS = (0.03, 0.1, 0.3, 1.0, 3.0)


@dataclass(frozen=True)
class Example:
    group: str
    dish: DishInput
    wine: WineInput
    grade: int
    weight: float = 1.0
    source: str = "own"


def kb_dish(d: DishInfo) -> DishInput:
    return DishInput(
        dish_id=d.id,
        name=d.name_es,
        course=d.course,
        ingredients=list(d.ingredients),
        description=d.description_es,
        cooking=list(d.cooking),
        price_pen=d.price_pen,
    )


def kb_wine(w: WineInfo) -> WineInput:
    return WineInput(wine_id=w.id, **wine_facts(w))


def _data(name: str) -> list[dict[str, str]]:
    text = resources.files("sazon.pairing").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def own_examples(kb: KnowledgeBase) -> list[Example]:
    """Our sommelier-written examples, one row per (dish, wine, grade)."""
    out: list[Example] = []
    for r in _data("examples.csv"):
        if r["name"]:
            dish = DishInput(
                dish_id=r["dish_id"],
                name=r["name"],
                course=r["course"] or None,
                ingredients=[i for i in r["ingredients"].split(";") if i],
            )
        else:
            dish = kb_dish(kb.dishes[r["dish_id"]])
        for label, grade in GRADES.items():
            for wine_id in filter(None, r[label].split("|")):
                out.append(Example(r["dish_id"], dish, kb_wine(kb.wines[wine_id]), grade))
    return out


_BODY = {
    "very light-bodied": 1.0,
    "light-bodied": 2.0,
    "medium-bodied": 3.0,
    "full-bodied": 4.0,
    "very full-bodied": 5.0,
}
_ACIDITY = {"low": 2.0, "medium": 3.0, "high": 4.0}


def xwines_wine(r: dict[str, str]) -> WineInput:
    """An X-Wines row as a list entry: type, grapes, body, acidity and ABV; the rest inferred."""
    kind = r["Type"].lower()
    style, color, sweetness = "still", None, None
    if kind == "red":
        color = "red"
    elif kind == "white":
        color = "white"
    elif kind.startswith("ros"):
        color = "rose"
    elif kind == "sparkling":
        style = "sparkling"
    elif kind == "dessert/port":
        style, color, sweetness = "fortified", "red", 4.0
    elif kind == "dessert":
        sweetness = 4.0
    grapes = [str(g) for g in ast.literal_eval(r["Grapes"])]
    return WineInput(
        wine_id=f"xw{r['WineID']}",
        name=r["WineName"][:200],
        producer=r["WineryName"][:200] or None,
        country=r["Country"][:80] or None,
        region=r["RegionName"][:120] or None,
        grapes=grapes[:12],
        color=color,
        style=style,
        sweetness=sweetness,
        body=_BODY.get(r["Body"].lower()),
        acidity=_ACIDITY.get(r["Acidity"].lower()),
        alcohol=min(float(r["ABV"]), 80.0) if r["ABV"] else None,
    )


def xwines_rows(path: Path) -> list[dict[str, str]]:
    file = path / "XWines_Slim_1K_wines.csv" if path.is_dir() else path
    if not file.exists():
        raise InvalidInput(f"X-Wines not found at {file}: pass --xwines DIR or --no-xwines")
    with file.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def xwines_examples(
    path: Path,
    *,
    fold: str = "train",
    per_category: int = 40,
    random_state: int = 0,
) -> list[Example]:
    """X-Wines as ranking examples; ``fold`` is ``train`` (ids not ÷5) or ``eval`` (÷5)."""
    rows = [r for r in xwines_rows(path) if (int(r["WineID"]) % 5 == 0) == (fold == "eval")]
    rng = np.random.default_rng(random_state)
    out: list[Example] = []
    for proto in _data("xwines_categories.csv"):
        category = proto["category"]
        dish = DishInput(
            dish_id=f"xw-{category}",
            name=proto["name"],
            course=proto["course"],
            ingredients=proto["ingredients"].split(";"),
            cooking=[c for c in proto["cooking"].split("|") if c],
        )
        listed = [r for r in rows if category in ast.literal_eval(r["Harmonize"])]
        other = [r for r in rows if category not in ast.literal_eval(r["Harmonize"])]
        for grade, pool in ((2, listed), (1, other)):
            if len(pool) > per_category:
                pool = [pool[i] for i in sorted(rng.choice(len(pool), per_category, False))]
            for r in pool:
                out.append(
                    Example(f"xw-{category}", dish, xwines_wine(r), grade, XWINES_WEIGHT, "xwines")
                )
    return out


def matrix(
    examples: Sequence[Example], kb: KnowledgeBase
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[Any], NDArray[np.float64]]:
    """Features, grades, groups and weights of the examples (profiles built once per dish)."""
    profiles: dict[str, DishProfile] = {}
    rows = []
    for ex in examples:
        if ex.group not in profiles:
            profiles[ex.group] = build_profile(ex.dish, kb)
        rows.append(pair_features(profiles[ex.group], build_wine_profile(ex.wine))[0])
    X = np.vstack(rows) if rows else np.zeros((0, len(FEATURE_NAMES)))  # noqa: N806
    return (
        X,
        np.array([ex.grade for ex in examples], dtype=np.float64),
        np.array([ex.group for ex in examples]),
        np.array([ex.weight for ex in examples], dtype=np.float64),
    )


def ranking_metrics(
    scores: Iterable[float], grades: Iterable[float], groups: Iterable[Any]
) -> dict[str, float]:
    """Per group: is the top wine good (grade ≥ 2), is one of the top 3 good, is any wrong?"""
    by_group: dict[Any, list[tuple[float, float]]] = {}
    for s, g, q in zip(scores, grades, groups, strict=True):
        by_group.setdefault(q, []).append((s, g))
    top1 = hit3 = wrong3 = 0
    for rows in by_group.values():
        ranked = [g for _, g in sorted(rows, key=lambda r: -r[0])]
        top1 += ranked[0] >= GOOD
        hit3 += any(g >= GOOD for g in ranked[:3])
        wrong3 += any(g == 0 for g in ranked[:3])
    n = max(len(by_group), 1)
    return {"top1": top1 / n, "hit3": hit3 / n, "wrong_in_top3": wrong3 / n, "groups": float(n)}


def _ranker(alpha: float, random_state: int) -> PairingRanker:
    return PairingRanker(
        alpha=alpha,
        prior=PRIOR,
        nonnegative=NONNEGATIVE,
        nonpositive=NONPOSITIVE,
        random_state=random_state,
    )


def cross_validated(
    X: NDArray[np.float64],  # noqa: N803
    y: NDArray[np.float64],
    groups: NDArray[Any],
    weights: NDArray[np.float64],
    own: NDArray[np.bool_],
    alpha: float,
    random_state: int,
) -> dict[str, float]:
    """Five-fold (by dish) metrics of the ranker on our own examples."""
    names = list(dict.fromkeys(groups[own].tolist()))
    fold_of = {g: k % 5 for k, g in enumerate(names)}
    scores = np.zeros(len(y))
    for k in range(5):
        test = np.array([own[i] and fold_of.get(groups[i]) == k for i in range(len(y))])
        model = _ranker(alpha, random_state)
        model.fit(X[~test], y[~test], groups[~test], weights[~test])
        scores[test] = model.decision_function(X[test])
    return ranking_metrics(scores[own], y[own], groups[own])


def train(
    kb: KnowledgeBase,
    *,
    xwines: Path | None = None,
    alpha: float | None = None,
    random_state: int = 0,
) -> tuple[PairingRanker, dict[str, Any]]:
    """Fit the ranker on our examples (+ X-Wines when given); returns it and a report.

    ``alpha`` defaults to the value with the best five-fold top-1 (then hit@3) on our own
    examples; the rules-alone numbers on the same folds are reported next to it.
    """
    examples = own_examples(kb)
    if xwines is not None:
        examples += xwines_examples(xwines, random_state=random_state)
    X, y, groups, weights = matrix(examples, kb)  # noqa: N806
    own = np.array([ex.source == "own" for ex in examples])
    rules_cv = ranking_metrics(X[own] @ np.asarray(PRIOR), y[own], groups[own])
    tried: dict[float, dict[str, float]] = {}
    for a in (alpha,) if alpha is not None else ALPHAS:
        tried[a] = cross_validated(X, y, groups, weights, own, a, random_state)
    best = max(tried, key=lambda a: (tried[a]["top1"], tried[a]["hit3"], -a))
    model = _ranker(best, random_state)
    model.fit(X, y, groups, weights)
    report = {
        "alpha": best,
        "examples_own": int(own.sum()),
        "examples_xwines": int((~own).sum()),
        "dishes_own": len(set(groups[own].tolist())),
        "cv_ranker": tried[best],
        "cv_rules": rules_cv,
        "cv_by_alpha": {str(a): m for a, m in tried.items()},
    }
    return model, report


def example_rows(examples: Sequence[Example]) -> list[dict[str, Any]]:
    """What the training data fingerprint is taken over (dish, wine, grade, weight)."""
    return [
        {
            "group": ex.group,
            "dish": ex.dish.model_dump(),
            "wine": ex.wine.model_dump(),
            "grade": ex.grade,
            "weight": ex.weight,
        }
        for ex in examples
    ]


def packaged_json(
    model: PairingRanker, report: dict[str, Any], fingerprint: str, sources: list[str]
) -> dict[str, Any]:
    """The shipped default model file (``data/pairing_model.json``): weights, not pickle."""
    from sazon.timeutil import utcnow

    return {
        "format": "sazon-pairing-model/1",
        "feature_names": list(FEATURE_NAMES),
        "ranker": model.to_json(),
        "metrics": {
            "cv_ranker_top1": report["cv_ranker"]["top1"],
            "cv_ranker_hit3": report["cv_ranker"]["hit3"],
            "cv_ranker_wrong_in_top3": report["cv_ranker"]["wrong_in_top3"],
            "cv_rules_top1": report["cv_rules"]["top1"],
            "cv_rules_hit3": report["cv_rules"]["hit3"],
            "cv_rules_wrong_in_top3": report["cv_rules"]["wrong_in_top3"],
        },
        "training": {
            "examples_own": report["examples_own"],
            "examples_xwines": report["examples_xwines"],
            "dishes_own": report["dishes_own"],
            "alpha": report["alpha"],
            "sources": sources,
            "data_fingerprint": fingerprint,
        },
        "created_at": utcnow().isoformat(),
    }
