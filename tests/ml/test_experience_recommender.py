"""The hybrid recommender: conformance, its trees against scikit-learn's, and behaviour on
small data the test makes (two groups of guests with their own items)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sazon.errors import NotFitted
from sazon.experience import HybridRecommender, RecData
from sazon.ml import check_estimator, trees_from_sklearn

SMALL = {"inner_splits": 2, "max_iter": 20, "factors": 4}


def two_groups(seed: int = 0) -> RecData:
    """Guests g0, g2… take mostly 'a' items (seafood places); g1, g3… mostly 'b' items."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(40):
        own, other = ("a", "b") if g % 2 == 0 else ("b", "a")
        picks = [f"{own}{i}" for i in rng.choice(10, 5, replace=False)]
        picks.append(f"{other}{rng.integers(10)}")
        rows += [(f"g{g}", item, float(rng.integers(1, 6))) for item in picks]
    frame = pd.DataFrame(rows, columns=["guest_id", "item_id", "rating"])
    items = pd.DataFrame(
        {
            "item_id": [f"{p}{i}" for p in "ab" for i in range(10)],
            "cuisine": ["marina"] * 10 + ["criolla"] * 10,
            "price": [str(i) for i in range(20)],
        }
    )
    return RecData(frame.drop_duplicates(["guest_id", "item_id"]), None, items)


def test_conformance__the_recommender_follows_the_house_rules() -> None:
    ran = check_estimator(lambda: HybridRecommender(**SMALL), two_groups(), None)
    assert "save_load_identical" in ran and "same_seed_same_output" in ran


def test_trees__the_numpy_walk_gives_what_scikit_learn_gives() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(600, 5))
    y = x[:, 0] + x[:, 1] * x[:, 2] > 0
    model = HistGradientBoostingClassifier(max_iter=15, max_leaf_nodes=6, random_state=0).fit(x, y)
    ours = trees_from_sklearn(model).decision_function(x)
    assert np.allclose(ours, model.decision_function(x), atol=1e-9)


def test_recommend__never_an_item_the_guest_already_has() -> None:
    data = two_groups()
    recs = HybridRecommender(**SMALL).fit(data).recommend(data, top=10)
    had = data.interactions.groupby("guest_id")["item_id"].agg(set)
    assert set(recs) == set(had.index)
    for guest, items in recs.items():
        assert len(items) == 10 and not set(items) & had[guest]
        assert len(set(items)) == len(items)


def test_recommend__a_guest_is_offered_what_their_group_takes() -> None:
    data = two_groups()
    recs = HybridRecommender(**SMALL).fit(data).recommend(data, top=3)
    share = np.mean(
        [item[0] == ("a" if int(g[1:]) % 2 == 0 else "b") for g, items in recs.items()
         for item in items]
    )  # fmt: skip
    assert share >= 0.9


def test_predict_before_fit__not_fitted() -> None:
    with pytest.raises(NotFitted):
        HybridRecommender().predict(two_groups())


def test_predict__adds_the_blend_times_item_knn_to_the_trees_log_odds() -> None:
    from sazon.experience.features import encode
    from sazon.experience.pairs import FEATURES
    from sazon.experience.recommend import _matrix

    data = two_groups()
    model = HybridRecommender(**SMALL).fit(data)
    model.knn_blend = 0.0
    without = model.predict(data)
    model.knn_blend = 0.5
    blended = model.predict(data)
    guests = sorted(data.interactions["guest_id"].unique())
    history = _matrix(data.interactions, guests, model.items_)
    feats = model._features(history, model.side_, encode(None, guests))
    knn = feats[:, :, FEATURES.index("item_knn_rel")]
    unseen = np.isfinite(without)
    assert np.allclose(blended[unseen] - without[unseen], 0.5 * knn[unseen])
    assert knn[unseen].max() > 0  # the blend has something to add
