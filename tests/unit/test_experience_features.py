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
