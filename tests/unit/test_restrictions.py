from __future__ import annotations

import pytest

from sazon.knowledge import ALLERGENS, parse_restrictions


@pytest.mark.parametrize(
    ("written", "allergens", "excludes"),
    [
        # "mariscos" is read broadly (fail safe): a guest who means shellfish only says so.
        ("mariscos", {"fish", "crustaceans", "molluscs"}, {"fish", "crustacean", "mollusc"}),
        ("alergia al maní", {"peanuts"}, set()),
        ("intolerante a la lactosa", {"milk"}, {"dairy"}),
        ("frutos secos", {"tree_nuts", "peanuts"}, set()),
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


def test_parse__a_dislike_avoids_the_food_it_names() -> None:
    p = parse_restrictions("mariscos, no le gusta el culantro")
    assert "culantro" in p.avoid
    assert "crustaceans" in p.allergens


def test_parse__unknown_words_are_kept_for_a_person() -> None:
    p = parse_restrictions("mariscos, problemas estomacales")
    assert p.unknown == ["problemas estomacales"]
    assert p.to_confirm


def test_parse__typos_are_tolerated() -> None:
    assert "peanuts" in parse_restrictions("cacahuates").allergens
    assert "vegan" in parse_restrictions("vegnao").labels


def test_parse__none_means_nothing() -> None:
    assert parse_restrictions("ninguna").is_empty
    assert parse_restrictions(None, "").is_empty


# -- issue #11: phrasings that failed open ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "must_include"),
    [
        ("Alergia al maní: sí", {"peanuts"}),
        ("come de todo menos mariscos", {"crustaceans", "molluscs"}),
        ("no como nada que venga del mar", {"fish", "crustaceans", "molluscs"}),
        ("sin TACC", {"gluten"}),
        ("¿Alergias? Sí: maní", {"peanuts"}),
        ("todo excepto cerdo", {"pork"}),
        ("everything but shellfish", {"crustaceans", "molluscs"}),
        ("I eat anything except nuts", {"tree_nuts", "peanuts"}),
        ("celiaquía diagnosticada", {"gluten"}),
        ("APLV", {"milk"}),
        ("nada de chancho", {"pork"}),
        ("frutos secos", {"peanuts"}),
        ("alergica a los frutos del mar", {"fish"}),
        ("vegetariana estricta", {"milk", "eggs", "honey", "meat"}),
        ("Alergia al maní (anafilaxia). Lleva epipen.", {"peanuts"}),
        ("Intolerancia: lactosa / Dieta: ninguna", {"milk"}),
    ],
)
def test_parse__restriction_words_anywhere_restrict(written: str, must_include: set[str]) -> None:
    p = parse_restrictions(written)
    atoms = set(p.allergens) | {
        {"dairy": "milk", "egg": "eggs", "crustacean": "crustaceans", "mollusc": "molluscs"}.get(
            c, c
        )
        for c in p.excludes
    }
    assert must_include <= atoms, (written, atoms)


@pytest.mark.parametrize(
    ("written", "eats"),
    [
        ("pescado sí", "pescado"),
        ("sí como mariscos", "mariscos"),
        ("I do eat fish", "fish"),
        ("le encanta el pulpo", "pulpo"),
    ],
)
def test_parse__what_a_guest_says_they_eat_is_kept_apart(written: str, eats: str) -> None:
    p = parse_restrictions(written)
    assert p.eats == [eats]
    assert not (p.allergens or p.excludes or p.avoid)


@pytest.mark.parametrize(
    "written",
    ["Alergia al maní: no", "¿Es celíaco? No.", "Any allergies? No.", "no es alérgico a nada"],
)
def test_parse__a_question_answered_no_is_nothing(written: str) -> None:
    assert parse_restrictions(written).is_empty


def test_parse__an_allergy_to_something_unnamed_keeps_every_allergen_away() -> None:
    p = parse_restrictions("alergia grave")
    assert p.to_confirm and p.allergens == set(ALLERGENS)


def test_parse__an_exception_after_a_rule_keeps_the_rule_and_asks() -> None:
    p = parse_restrictions("vegano excepto miel")
    assert "honey" in p.excludes and p.to_confirm


def test_parse__soy_the_verb_is_not_soy_the_bean() -> None:
    assert "soy" not in parse_restrictions("Soy vegetariana").allergens
    assert "soy" in parse_restrictions("alergia a la soy").allergens


def test_parse__only_eats_keeps_the_rest_away() -> None:
    p = parse_restrictions("Solo come pollo y pescado")
    assert {"pork", "crustacean", "mollusc"} <= p.excludes
    assert "carne_de_res" in p.avoid and "pollo" not in p.avoid and p.to_confirm


def test_parse__fish_a_guest_eats_is_lifted_from_mariscos_but_not_from_a_fish_allergy() -> None:
    assert "fish" not in parse_restrictions("nada de mariscos, pescado sí").excludes
    assert "fish" in parse_restrictions("alergia al pescado y mariscos, pescado sí").excludes


@pytest.mark.parametrize(
    ("written", "must_include"),
    [
        ("Alergias: 🦐❌ 🥜❌", {"crustaceans", "peanuts"}),
        ("No come nada de origen animal", {"milk", "eggs", "honey"}),
        ("no le den nada con pisco, está en tratamiento", {"alcohol"}),
    ],
)
def test_parse__emoji_idioms_and_drinks_restrict(written: str, must_include: set[str]) -> None:
    p = parse_restrictions(written)
    atoms = set(p.allergens) | {{"dairy": "milk", "egg": "eggs"}.get(c, c) for c in p.excludes}
    assert must_include <= atoms, (written, atoms)


@pytest.mark.parametrize(
    ("written", "must_include"),
    [
        ("Alcohol: no toma", {"alcohol"}),  # a drink question answered no is a no
        ("no tomo. tampoco como chancho", {"alcohol", "pork"}),
        ("Gluten: yes, allergic. Lactosa: no problem", {"gluten"}),
        ("Está gestando", {"pregnancy"}),
        ("🌱", {"milk", "eggs", "honey", "meat"}),
        ("Vegetariano strict, nada de huevo ni leche", {"honey"}),
    ],
)
def test_parse__found_by_the_blind_run(written: str, must_include: set[str]) -> None:
    p = parse_restrictions(written)
    atoms = set(p.allergens) | {{"dairy": "milk", "egg": "eggs"}.get(c, c) for c in p.excludes}
    if "pregnancy" in p.flags:
        atoms.add("pregnancy")
    assert must_include <= atoms, (written, atoms)


def test_parse__an_allergy_to_one_chilli_keeps_the_others_away() -> None:
    assert {"aji_amarillo", "rocoto"} <= parse_restrictions("alergia al ají amarillo").avoid
