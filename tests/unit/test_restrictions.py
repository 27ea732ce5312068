from __future__ import annotations

import pytest

from sazon.knowledge import parse_restrictions


@pytest.mark.parametrize(
    ("written", "allergens", "excludes"),
    [
        ("mariscos", {"crustaceans", "molluscs"}, {"crustacean", "mollusc"}),
        ("alergia al maní", {"peanuts"}, set()),
        ("intolerante a la lactosa", {"milk"}, {"dairy"}),
        ("frutos secos", {"tree_nuts"}, set()),
        ("celíaco", {"gluten"}, set()),
        ("no seafood", {"crustaceans", "molluscs", "fish"}, {"crustacean", "mollusc", "fish"}),
        ("tree nuts", {"tree_nuts"}, set()),
        ("Shellfish allergy", {"crustaceans", "molluscs"}, {"crustacean", "mollusc"}),
        ("sin cerdo", set(), {"pork"}),
        ("sin alcohol", set(), {"alcohol"}),
    ],
)
def test_parse__common_ways_people_write_restrictions(
    written: str, allergens: set[str], excludes: set[str]
) -> None:
    profile = parse_restrictions(written)
    assert profile.allergens == allergens
    assert profile.excludes == excludes
    assert profile.unknown == []


def test_parse__vegan_excludes_all_animal_classes() -> None:
    p = parse_restrictions("Vegana")
    assert {"meat", "fish", "dairy", "egg", "honey", "gelatin"} <= p.excludes


def test_parse__vegetarian_allows_dairy_and_egg() -> None:
    p = parse_restrictions("vegetariana")
    assert "meat" in p.excludes
    assert "fish" in p.excludes
    assert "dairy" not in p.excludes
    assert "egg" not in p.excludes


def test_parse__pregnancy_sets_the_flag_and_no_alcohol() -> None:
    p = parse_restrictions("embarazada (5 meses)")
    assert "pregnancy" in p.flags
    assert "alcohol" in p.excludes


def test_parse__several_in_one_cell_with_mixed_separators() -> None:
    p = parse_restrictions("Alérgica a los mariscos y al maní; vegetariana")
    assert {"crustaceans", "molluscs", "peanuts"} <= p.allergens
    assert "vegetarian" in p.labels


def test_parse__unknown_words_are_kept_and_reported() -> None:
    p = parse_restrictions("mariscos, no le gusta el culantro")
    assert p.unknown == ["no le gusta el culantro"]
    assert "crustaceans" in p.allergens


def test_parse__typos_are_tolerated() -> None:
    assert "peanuts" in parse_restrictions("cacahuates").allergens
    assert "vegan" in parse_restrictions("vegnao").labels


def test_parse__none_means_nothing() -> None:
    assert parse_restrictions("ninguna").is_empty
    assert parse_restrictions(None, "").is_empty
