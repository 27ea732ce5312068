"""Feature tables for the recommender, and the wine rules for one guest (fail closed)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

from sazon.experience.features import encode, haversine_km
from sazon.knowledge import KnowledgeBase, profile_of
from sazon.pairing import WineInput, drink_allergens, wine_is_safe


def test_encode__numbers_categories_several_rows_and_places() -> None:
    frame = pd.DataFrame(
        {
            "placeID": ["p1", "p1", "p2", "p3"],
            "latitude": ["-12.1", None, "-13.5", None],
            "longitude": ["-77.0", None, "-71.9", None],
            "price": ["10", None, "30", "bajo"],  # one word: the column is a category
            "cuisine": ["Peruvian", "Seafood", "Andina", None],
        }
    )
    table = encode(frame, ["p1", "p2", "p3", "p9"])
    assert table.tokens[0] == {"cuisine=peruvian", "cuisine=seafood", "price=10"}
    assert table.tokens[3] == frozenset()  # an id the file does not have
    assert np.allclose(table.coords[0], [-12.1, -77.0]) and np.isnan(table.coords[2]).all()
    assert table.numeric.shape == (4, 0)  # latitude/longitude are kept apart as a place


def test_haversine__lima_to_cusco_is_about_575_km() -> None:
    lima, cusco = np.array([[-12.046, -77.043]]), np.array([[-13.532, -71.967]])
    assert haversine_km(lima, cusco)[0, 0] == pytest.approx(575, abs=10)


@dataclass
class Needs:
    allergies_text: str | None = None
    diet_text: str | None = None
    allergies: list[str] = field(default_factory=list)
    diets: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@pytest.mark.parametrize(
    ("needs", "safe"),
    [
        (Needs(), True),
        (Needs(diet_text="embarazada"), False),
        (Needs(diet_text="sin alcohol"), False),
        (Needs(allergies=["sulphites"]), False),
        (Needs(diet_text="vegana"), False),  # fining: not known to be vegan
        (Needs(unknown=["lo de siempre no"]), False),  # unread words: fail closed
    ],
)
def test_wine_is_safe__fails_closed(kb: KnowledgeBase, needs: Needs, safe: bool) -> None:
    wine = WineInput(wine_id="t", name="Tannat Reserva", grapes=["Tannat"])
    assert wine_is_safe(profile_of(needs, kb), drink_allergens(wine, kb)) is safe


def test_pair_features__visits_nearby_and_each_guests_own_ranks() -> None:
    import scipy.sparse as sp

    from sazon.experience.features import FeatureTable
    from sazon.experience.pairs import FEATURES, ItemSide, pair_features
    from sazon.experience.scorers import cosine_columns, popularity

    # Three places: two a block apart in Miraflores, one in Cusco; guest 0 went to the first.
    coords = np.array([[-12.120, -77.030], [-12.121, -77.031], [-13.52, -71.97]])
    train = sp.csr_matrix(np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]))
    side = ItemSide(
        train=train, sim=cosine_columns(train),
        factors=np.array([[1.0, 0.2], [0.9, 0.3], [0.1, 1.0]]),  # no ALS fit in a unit test
        popularity=popularity(train), rating=np.zeros(3), content=np.zeros((3, 1)),
        coords=coords, tokens=[frozenset()] * 3,
    )  # fmt: skip
    feats = pair_features(
        train[:1], side, FeatureTable.empty(["g0"]), regularization=0.1, alpha=2.0, neighbours=2
    )
    col = {name: j for j, name in enumerate(FEATURES)}
    assert feats[0, :, col["visits_nearby"]].tolist() == [1.0, 1.0, 0.0]
    knn_rank = feats[0, :, col["item_knn_rank"]]
    assert knn_rank.min() == 0.0 and knn_rank[1] < knn_rank[2]  # the neighbour before Cusco


def test_pair_features__taste_share_counts_only_tastes_a_place_can_meet() -> None:
    import scipy.sparse as sp

    from sazon.experience.features import FeatureTable
    from sazon.experience.pairs import FEATURES, ItemSide, pair_features
    from sazon.experience.scorers import cosine_columns, popularity

    train = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0]]))
    side = ItemSide(
        train=train, sim=cosine_columns(train), factors=np.eye(2), popularity=popularity(train),
        rating=np.zeros(2), content=np.zeros((2, 1)), coords=np.full((2, 2), np.nan),
        tokens=[frozenset({"cuisine=peruvian", "price=low"}), frozenset({"cuisine=bar"})],
    )  # fmt: skip
    # One guest states one cuisine and that they smoke (no place has a ``smoker`` column),
    # the other three cuisines.
    guests = FeatureTable(
        ids=["g0", "g1"], numeric=np.zeros((2, 0)), coords=np.full((2, 2), np.nan),
        tokens=[frozenset({"cuisine=peruvian", "smoker=true"}),
                frozenset({"cuisine=peruvian", "cuisine=bar", "cuisine=thai"})],
    )  # fmt: skip
    feats = pair_features(train, side, guests, regularization=0.1, alpha=2.0, neighbours=1)
    share = feats[:, :, FEATURES.index("taste_share")]
    assert share[0].tolist() == [1.0, 0.0]
    assert np.allclose(share[1], [1 / 3, 1 / 3])
