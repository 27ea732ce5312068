"""The sommelier rules: each says what it should, stays in [-1, 1], and is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.pairing import DishInput, DishProfile, WineInput, build_profile, build_wine_profile
from sazon.pairing.rule_checks import body_for, felt_acidity, sugar_room
from sazon.pairing.rules import RULES, RULES_BY_ID, evaluate, rules_score
from sazon.pairing.schemas import WineProfile
from sazon.pairing.training import kb_dish, kb_wine

KB = load_knowledge()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "pairing.md"


def d(kb_id: str) -> DishProfile:
    return build_profile(kb_dish(KB.dishes[kb_id]), KB)


def w(kb_id: str) -> WineProfile:
    return build_wine_profile(kb_wine(KB.wines[kb_id]))


def verdict(rule: str, dish: DishProfile, wine: WineProfile) -> float:
    hit = RULES_BY_ID[rule].check(dish, wine)
    return hit.value if hit else 0.0


def test_rules__ids_unique_kinds_known_weights_positive_texts_in_both_languages() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.kind in {"congruent", "contrast", "structure", "clash"}
        assert r.weight > 0
        assert r.es.strip() and r.en.strip() and r.es != r.en


def test_rules__docs_list_every_rule_with_its_weight() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for r in RULES:
        row = re.search(rf"^\| `{r.id}` \| (\w+) \| ([\d.]+) \|", text, re.MULTILINE)
        assert row, f"docs/pairing.md has no row for {r.id}"
        assert row.group(1) == r.kind and float(row.group(2)) == r.weight


def test_acid_with_acid__a_sharp_white_for_lime_a_soft_one_goes_flat() -> None:
    ceviche = d("ceviche_clasico")
    assert verdict("acid_with_acid", ceviche, w("leyda_sauvignon_blanc")) > 0.5
    assert verdict("acid_with_acid", ceviche, w("queirolo_perfecto_amor")) < 0


def test_tannin__welcome_with_a_goat_stew_harsh_with_raw_fish() -> None:
    tannat = w("tacama_tannat")
    assert verdict("tannin_fat_protein", d("seco_de_cabrito"), w("tacama_cabernet_sauvignon")) > 0.5
    assert verdict("tannin_fat_protein", d("seco_de_cabrito"), tannat) >= 0  # at its limit
    assert verdict("tannin_fat_protein", d("ceviche_clasico"), tannat) < 0
    assert verdict("umami_raw_fish_tannin", d("ceviche_clasico"), tannat) == -1.0


def test_heat__off_dry_low_alcohol_cools_tannin_and_oak_clash() -> None:
    rocoto = d("rocoto_relleno")
    kabinett = WineInput(
        wine_id="k", name="Riesling Kabinett", grapes=["Riesling"], sweetness=3, alcohol=8.5
    )
    off_dry = build_wine_profile(kabinett)
    big = w("tacama_tannat_petit_verdot_reserva")
    assert verdict("heat_off_dry_low_alcohol", rocoto, off_dry) > 0.5
    assert verdict("heat_off_dry_low_alcohol", rocoto, big) < 0
    assert verdict("heat_vs_tannin_oak", rocoto, big) < -0.5
    assert verdict("heat_vs_tannin_oak", rocoto, off_dry) == 0


KABINETT = WineInput(wine_id="k", name="Riesling Kabinett", grapes=["Riesling"], sweetness=3,
                     acidity=5, body=1, alcohol=8.5)  # fmt: skip
DRY_SHARP = WineInput(wine_id="s", name="Sauvignon Blanc", grapes=["Sauvignon Blanc"],
                      sweetness=0, acidity=5, body=1.5, alcohol=12)  # fmt: skip


def plain(name: str, *ingredients: str, course: str = "fondo") -> DishProfile:
    return build_profile(
        DishInput(dish_id="x", name=name, course=course, ingredients=list(ingredients)), KB
    )


def test_felt_acidity__sugar_rounds_off_the_acid_it_is_compared_with() -> None:
    ceviche = d("ceviche_clasico")
    kabinett, dry = build_wine_profile(KABINETT), build_wine_profile(DRY_SHARP)
    assert felt_acidity(kabinett) < kabinett.acidity == dry.acidity == felt_acidity(dry)
    assert verdict("acid_with_acid", ceviche, kabinett) < verdict("acid_with_acid", ceviche, dry)


def test_residual_sugar__earned_by_heat_salt_or_sweetness_else_a_mild_minus() -> None:
    kabinett = build_wine_profile(KABINETT)
    bland = plain("Corvina al vapor", "corvina", "cebolla china")
    assert bland.heat < 2 and bland.salt < 2 and bland.sweetness < 2
    assert -0.5 < verdict("sweet_wine_savoury", bland, kabinett) < 0  # mild, never zero
    assert verdict("heat_off_dry_low_alcohol", bland, kabinett) <= 0
    # The room for sugar grows with each reason the dish gives, and stops at off-dry.
    rooms = [
        sugar_room(bland.model_copy(update={flavour: level}))
        for flavour in ("heat", "salt", "sweetness")
        for level in (2.5, 3.5, 5.0)
    ]
    assert all(r > sugar_room(bland) for r in rooms) and max(rooms) <= 3.0
    rocoto = d("rocoto_relleno")
    assert verdict("sweet_wine_savoury", rocoto, kabinett) == 0
    assert verdict("heat_off_dry_low_alcohol", rocoto, kabinett) > 0.5
    # Sugar's relief grows with the heat; a gentle warmth earns none.
    reliefs = [
        verdict("heat_off_dry_low_alcohol", bland.model_copy(update={"heat": h}), kabinett)
        for h in (1.0, 2.0, 2.5, 3.0, 4.0, 5.0)
    ]
    assert reliefs[:2] == [0.0, 0.0] and reliefs == sorted(reliefs) and reliefs[-1] > 0.5


def test_sweet_and_sour__off_dry_at_most_never_a_dessert_wine() -> None:
    for dish_id in ("tipakay", "chancho_con_tamarindo", "wantan_frito"):
        dish = d(dish_id)
        assert "sweet_sour" in dish.flags and "dessert" not in dish.flags
        for off_dry in ("ocucaje_blanco_semi_seco", "tacama_espumante_demi_sec"):
            assert verdict("dessert_sweeter", dish, w(off_dry)) > 0.5, (dish_id, off_dry)
        for sweet in ("saracco_moscato_dasti", "concha_y_toro_late_harvest", "queirolo_borgona"):
            assert verdict("dessert_sweeter", dish, w(sweet)) < 0, (dish_id, sweet)
            assert verdict("sweet_wine_savoury", dish, w(sweet)) < 0, (dish_id, sweet)
            assert verdict("heat_off_dry_low_alcohol", dish, w(sweet)) <= 0, (dish_id, sweet)


def test_sharp_wine__tart_with_a_dish_without_acidity_fine_with_lime() -> None:
    aji = d("aji_de_gallina")
    assert aji.acidity < 2
    assert verdict("sharp_wine_mild_dish", aji, build_wine_profile(DRY_SHARP)) < -0.5
    assert verdict("sharp_wine_mild_dish", aji, w("hugel_gewurztraminer")) == 0
    assert verdict("sharp_wine_mild_dish", d("ceviche_clasico"), build_wine_profile(DRY_SHARP)) == 0
    assert (
        verdict("sharp_wine_mild_dish", d("suspiro_a_la_limena"), w("leyda_sauvignon_blanc")) == 0
    )


def test_tannin__red_meat_wants_some_a_white_tastes_thin_poultry_does_not_ask() -> None:
    lomo, chaufa = d("lomo_saltado"), d("arroz_chaufa")
    white = w("leyda_sauvignon_blanc")
    assert -0.5 <= verdict("tannin_fat_protein", lomo, white) < 0
    assert verdict("tannin_fat_protein", lomo, w("trapiche_malbec_rose")) >= 0
    assert verdict("tannin_fat_protein", lomo, w("catena_malbec")) > 0.5
    assert verdict("tannin_fat_protein", chaufa, white) == 0


def test_body_for__light_dishes_want_a_light_wine_not_the_thinnest() -> None:
    levels = [body_for(x / 2) for x in range(11)]
    assert levels == sorted(levels)
    assert 1.5 <= body_for(1.0) <= 2.0 and body_for(0.0) == 1.0
    assert body_for(4.0) == 3.5 and body_for(3.0) == 2.5
    ceviche = d("ceviche_clasico")
    assert verdict("weight_matches_body", ceviche, build_wine_profile(DRY_SHARP)) >= verdict(
        "weight_matches_body", ceviche, build_wine_profile(KABINETT)
    )


def test_dessert__the_wine_at_least_as_sweet_as_the_dessert() -> None:
    suspiro = d("suspiro_a_la_limena")
    assert verdict("dessert_sweeter", suspiro, w("nectar_pedro_ximenez")) == 1.0
    assert verdict("dessert_sweeter", suspiro, w("leyda_sauvignon_blanc")) == -1.0
    assert verdict("dry_wine_dessert_tannin", suspiro, w("tacama_tannat")) < 0


def test_sweet_wine__cloys_with_a_savoury_dish() -> None:
    assert verdict("sweet_wine_savoury", d("lomo_saltado"), w("nectar_pedro_ximenez")) < -0.5


def test_fried__bubbles_and_acidity_scrub_the_oil() -> None:
    jalea = d("jalea_mixta")
    assert verdict("fried_bubbles_acid", jalea, w("chandon_extra_brut")) > 0.5
    assert verdict("fried_bubbles_acid", jalea, w("la_gitana_manzanilla")) > 0.5
    assert verdict("fried_bubbles_acid", jalea, w("queirolo_perfecto_amor")) < 0


def test_weight__light_with_light_heavy_with_heavy() -> None:
    assert verdict("weight_matches_body", d("seco_de_cabrito"), w("tacama_tannat")) > 0.3
    assert verdict("weight_matches_body", d("ceviche_clasico"), w("tacama_tannat")) < 0
    assert verdict("weight_matches_body", d("ceviche_clasico"), w("ameztoi_txakoli")) > 0.5


def test_salt_and_aromas__acidity_balances_salt_citrus_echoes_lime() -> None:
    assert verdict("salt_likes_acid_sweet", d("chinguirito"), w("ameztoi_txakoli")) > 0
    bridge = RULES_BY_ID["aromatic_bridge"].check(d("ceviche_clasico"), w("leyda_sauvignon_blanc"))
    assert bridge is not None and bridge.dish_part == bridge.wine_part == "aroma:citrus"


def test_spirits__kept_aside_for_aperitif_or_digestif() -> None:
    pisco = w("queirolo_pisco_quebranta")
    assert verdict("spirits_aside", d("ceviche_clasico"), pisco) == -1.0
    assert verdict("spirits_aside", d("suspiro_a_la_limena"), pisco) == -0.5


def test_oak__heavy_oak_smothers_a_delicate_raw_dish() -> None:
    assert verdict("oak_smothers_delicate", d("sashimi_de_lenguado"), w("clos_apalta")) < -0.5


def test_rules_score__is_the_weighted_sum(kb: KnowledgeBase) -> None:
    dish, wine = d("lomo_saltado"), w("catena_malbec")
    hits = evaluate(dish, wine)
    assert rules_score(hits) == pytest.approx(
        sum(RULES_BY_ID[r].weight * h.value for r, h in hits.items())
    )


DISHES = sorted(KB.dishes)
WINES = sorted(KB.wines)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DISHES), st.sampled_from(WINES))
def test_rules__every_verdict_in_minus_one_one(dish_id: str, wine_id: str) -> None:
    for hit in evaluate(d(dish_id), w(wine_id)).values():
        assert -1.0 <= hit.value <= 1.0


def test_rules__non_alcoholic_drinks_are_scored_too() -> None:
    from sazon.pairing import drink_profiles

    ceviche = build_profile(DishInput(dish_id="c", name="Ceviche clásico"), KB)
    for drink in drink_profiles("es"):
        assert not drink.alcoholic
        assert "spirits_aside" not in evaluate(ceviche, drink)
