"""Behaviour of the pairing (issue #5): directional, invariance and minimum-function tests.

Run for rules alone and for rules + learned ranker, over the knowledge base's dishes and two
wine lists (the benchmark's 30 bottles and the demo venues' lists).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.pairing import (
    DishInput,
    PairingFilters,
    WineInput,
    WineProfile,
    build_profile,
    build_wine_profile,
    read_wines,
    suggest,
)
from sazon.pairing.scoring import load_model, score_wines
from sazon.pairing.training import kb_dish, kb_wine

KB = load_knowledge()
BENCH = Path(__file__).resolve().parents[2] / "bench" / "data"
BENCH_LIST = read_wines(BENCH / "pairing_winelist.csv")
SAVOURY = [
    kb_dish(d) for d in KB.dishes.values() if d.course in {"entrada", "sopa", "fondo", "piqueo"}
]
MODES = [pytest.param(False, id="rules"), pytest.param(True, id="rules+ranker")]


def demo_lists() -> list[list[WineInput]]:
    from sazon.demo.safety import SafetyChecker
    from sazon.demo.venues import build_venues

    return [
        [kb_wine(w.wine) for w in venue.wines] for venue in build_venues(7, KB, SafetyChecker(KB))
    ]


LISTS = [BENCH_LIST, *demo_lists()]


def big_reds(wines: list[WineProfile]) -> list[WineProfile]:
    return [w for w in wines if w.color == "red" and w.tannin >= 4 and w.alcohol >= 14]


@pytest.mark.parametrize("learned", MODES)
def test_spicier__heat_alone_never_helps_a_tannic_hot_red(learned: bool) -> None:
    """Directional: raise only the dish's heat; a tannic, high-alcohol red never gains."""
    model = load_model(use_ranker=learned)
    wines = [build_wine_profile(w) for w in BENCH_LIST]
    reds = big_reds(wines)
    assert len(reds) >= 3
    for dish in SAVOURY:
        base = build_profile(dish, KB)
        before = {s.wine.wine_id: (i, s.raw) for i, s in enumerate(
            score_wines(base, wines, model, learned=learned))}  # fmt: skip
        for more in (0.5, 1.5, 3.0):
            hotter = base.model_copy(update={"heat": min(5.0, base.heat + more)})
            after = {s.wine.wine_id: (i, s.raw) for i, s in enumerate(
                score_wines(hotter, wines, model, learned=learned))}  # fmt: skip
            for red in reds:
                rank0, score0 = before[red.wine_id]
                rank1, score1 = after[red.wine_id]
                assert score1 <= score0 + 1e-9, (dish.name, red.name, more)
                assert rank1 >= rank0, (dish.name, red.name, more)


@pytest.mark.parametrize("learned", MODES)
@pytest.mark.parametrize("chilli", ["rocoto", "ají limo", "ají charapita"])
def test_spicier__adding_a_chilli_never_moves_a_tannic_hot_red_up(
    learned: bool, chilli: str
) -> None:
    """With the chilli really added to the recipe: the big red never climbs past a gentler
    wine (lower tannin and lower alcohol) and never enters the top three."""
    model = load_model(use_ranker=learned)
    wines = [build_wine_profile(w) for w in BENCH_LIST]
    checked = 0
    for dish in SAVOURY:
        base, hot = (
            build_profile(dish, KB),
            build_profile(dish.model_copy(update={"ingredients": [*dish.ingredients, chilli]}), KB),
        )
        if hot.heat <= base.heat:
            continue  # already as hot as the scale goes
        checked += 1
        pos0 = {s.wine.wine_id: i for i, s in enumerate(score_wines(base, wines, model))}
        pos1 = {s.wine.wine_id: i for i, s in enumerate(score_wines(hot, wines, model))}
        for red in big_reds(wines):
            assert not (pos1[red.wine_id] < 3 <= pos0[red.wine_id]), (dish.name, red.name)
            for other in wines:
                if other.tannin < red.tannin and other.alcohol < red.alcohol:
                    climbed = pos0[other.wine_id] < pos0[red.wine_id] and (
                        pos1[other.wine_id] > pos1[red.wine_id]
                    )
                    assert not climbed, (dish.name, red.name, other.name)
    assert checked >= 100


@pytest.mark.parametrize("learned", MODES)
def test_dessert__never_gets_a_dry_wine_first(learned: bool, kb: KnowledgeBase) -> None:
    desserts = [kb_dish(d) for d in kb.dishes.values() if d.course == "postre"]
    for wines in LISTS:
        if not any(build_wine_profile(w).sweetness >= 3 for w in wines):
            continue
        for pairing in suggest(desserts, wines, top=1, use_ranker=learned, kb=kb):
            first = pairing.suggestions[0].wine
            assert first is not None and first.sweetness >= 3, (pairing.dish, first.name)


@pytest.mark.parametrize("learned", MODES)
def test_sweet_and_sour_savoury__never_a_dessert_wine_in_the_top_three(
    learned: bool, kb: KnowledgeBase
) -> None:
    """A maracuyá or tamarind sauce on a savoury plate wants off-dry at most."""
    dishes = [d for d in SAVOURY if "sweet_sour" in build_profile(d, kb).flags]
    assert len(dishes) >= 3
    for wines in LISTS:
        for pairing in suggest(dishes, wines, top=3, use_ranker=learned, kb=kb):
            for s in pairing.suggestions:
                assert s.wine is not None and s.wine.sweetness < 4, (pairing.dish, s.name)


@pytest.mark.parametrize("learned", MODES)
def test_sugar__never_helps_a_wine_with_a_dish_that_has_no_heat_salt_or_sweetness(
    learned: bool,
) -> None:
    """Invariance: the same wine made off-dry (3) or sweeter never scores higher with a
    savoury dish that gives its sugar nothing to do."""
    model = load_model(use_ranker=learned)
    dry = [w for w in (build_wine_profile(x) for x in BENCH_LIST) if w.sweetness <= 1]
    checked = 0
    for dish in SAVOURY:
        p = build_profile(dish, KB)
        if p.heat >= 2 or p.salt >= 2 or p.sweetness >= 2:
            continue
        checked += 1
        for sugar in (3.0, 4.0):
            sweeter = [w.model_copy(update={"sweetness": sugar, "wine_id": f"{w.wine_id}+"})
                       for w in dry]  # fmt: skip
            scores = {s.wine.wine_id: s.raw for s in score_wines(p, dry + sweeter, model,
                                                                  learned=learned)}  # fmt: skip
            for w in dry:
                assert scores[f"{w.wine_id}+"] < scores[w.wine_id], (dish.name, w.name, sugar)
    assert checked >= 10


@pytest.mark.parametrize("learned", MODES)
def test_lime_cured_raw_fish__high_acid_white_or_sparkling_first(
    learned: bool, kb: KnowledgeBase
) -> None:
    cured = [
        d for d in (kb_dish(x) for x in kb.dishes.values())
        if {"raw_seafood", "lime_cured"} <= set(build_profile(d, kb).flags)
    ]  # fmt: skip
    assert len(cured) >= 8
    for wines in LISTS:
        for pairing in suggest(cured, wines, top=1, use_ranker=learned, kb=kb):
            w = pairing.suggestions[0].wine
            assert w is not None
            assert w.style == "sparkling" or (w.color == "white" and w.acidity >= 4), (
                pairing.dish,
                w.name,
            )


@pytest.mark.parametrize("learned", MODES)
def test_same_input__same_output_whatever_the_list_order(learned: bool, kb: KnowledgeBase) -> None:
    dishes = SAVOURY[:25]
    first = suggest(dishes, BENCH_LIST, top=5, use_ranker=learned, kb=kb)
    again = suggest(dishes, BENCH_LIST, top=5, use_ranker=learned, kb=kb)
    shuffled = suggest(dishes, list(reversed(BENCH_LIST)), top=5, use_ranker=learned, kb=kb)
    dump = [json.dumps(p.model_dump(), sort_keys=True) for p in first]
    assert dump == [json.dumps(p.model_dump(), sort_keys=True) for p in again]
    assert [[s.wine_id for s in p.suggestions] for p in first] == [
        [s.wine_id for s in p.suggestions] for p in shuffled
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(range(len(BENCH_LIST))), min_size=1, max_size=12, unique=True),
    st.sampled_from(range(len(SAVOURY))),
    st.one_of(st.none(), st.integers(60, 300)),
    st.booleans(),
    st.sampled_from([[], ["red"], ["white"], ["sparkling"], ["white", "rose"]]),
)
def test_nothing_outside_the_list__and_every_filter_holds(
    picks: list[int], dish: int, max_price: int | None, glass: bool, colours: list[str]
) -> None:
    wines = [BENCH_LIST[i].model_copy(update={"by_the_glass": i % 2 == 0}) for i in picks]
    filters = PairingFilters(max_price_pen=max_price, by_the_glass=glass, colors=colours)
    [pairing] = suggest([SAVOURY[dish]], wines, top=5, filters=filters, kb=KB)
    allowed = {w.wine_id for w in wines}
    for s in pairing.suggestions:
        assert s.wine_id in allowed
        assert s.why and 0 <= s.confidence <= 1 and 0 <= s.score <= 1
        assert s.wine is not None
        if max_price is not None:
            assert s.price_pen is not None and s.price_pen <= max_price
        if glass:
            assert s.by_the_glass
        if colours:
            assert s.wine.color in colours or ("sparkling" in colours and s.wine.sparkling)
    if not pairing.suggestions:
        assert pairing.note and "filtros" in pairing.note


def test_unknown_ingredients__are_reported_in_the_output(kb: KnowledgeBase) -> None:
    dish = DishInput(dish_id="x", name="Ceviche del chef", course="entrada",
                     ingredients=["corvina", "limón", "espuma de yacón"])  # fmt: skip
    [pairing] = suggest([dish], BENCH_LIST, kb=kb)
    assert pairing.profile.unknown_ingredients == ["espuma de yacón"]
    assert pairing.note and "espuma de yacón" in pairing.note
    [english] = suggest([dish], BENCH_LIST, lang="en", kb=kb)
    assert english.note and "espuma de yacón" in english.note and "not recognised" in english.note


def test_non_alcoholic__drinks_only_and_they_suit_the_dish(kb: KnowledgeBase) -> None:
    ceviche = kb_dish(kb.dishes["ceviche_clasico"])
    suspiro = kb_dish(kb.dishes["suspiro_a_la_limena"])
    pairings = suggest([ceviche, suspiro], [], top=3, non_alcoholic=True, kb=kb)
    for p in pairings:
        assert all(s.wine_id.startswith("na:") and s.wine and not s.wine.alcoholic
                   for s in p.suggestions)  # fmt: skip
    assert pairings[0].suggestions[0].wine.acidity >= 4  # type: ignore[union-attr]
    assert pairings[1].suggestions[0].wine.sweetness >= 3  # type: ignore[union-attr]
