"""A pairing for a whole menu: per course or as a flight, no repeats, within budget."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sazon.errors import InvalidInput
from sazon.knowledge import KnowledgeBase
from sazon.pairing import MenuCourse, pair_menu, read_wines
from sazon.pairing.menu import intensity
from sazon.pairing.training import kb_dish

WINELIST = Path(__file__).resolve().parents[2] / "bench" / "data" / "pairing_winelist.csv"
MENU = ("ceviche_clasico", "causa_limena", "lomo_saltado", "seco_de_cabrito", "suspiro_a_la_limena")


def courses(kb: KnowledgeBase, ids: tuple[str, ...] = MENU) -> list[MenuCourse]:
    return [MenuCourse(course=kb.dishes[i].course, dish=kb_dish(kb.dishes[i])) for i in ids]


def test_flight__light_to_full_no_repeats_dessert_wine_last(kb: KnowledgeBase) -> None:
    wines = read_wines(WINELIST)
    menu = pair_menu(courses(kb), wines, mode="flight", kb=kb)
    picks = [c.wine for c in menu.courses]
    assert all(p is not None for p in picks)
    ids = [p.wine_id for p in picks if p]
    assert len(set(ids)) == len(ids)
    levels = [intensity(p.wine) for p in picks[:-1] if p and p.wine]
    assert all(b >= a - 0.5 for a, b in itertools.pairwise(levels))
    last = picks[-1]
    assert last is not None and last.wine is not None and last.wine.sweetness >= 3.5
    assert all(c.non_alcoholic is not None for c in menu.courses)
    assert menu.total_price_pen == pytest.approx(sum(p.price_pen or 0 for p in picks if p))


def test_per_course__budget_is_respected_or_reported(kb: KnowledgeBase) -> None:
    wines = read_wines(WINELIST)
    menu = pair_menu(courses(kb), wines, budget_pen=600, kb=kb)
    assert menu.total_price_pen <= 600 and not menu.warnings
    tight = pair_menu(courses(kb), wines, budget_pen=50, lang="en", kb=kb)
    assert any("budget" in w for w in tight.warnings)


def test_menu__max_price_and_by_the_glass_filter_every_course(kb: KnowledgeBase) -> None:
    wines = read_wines(WINELIST)
    menu = pair_menu(courses(kb), wines, max_price_pen=120, kb=kb)
    assert all(c.wine and (c.wine.price_pen or 0) <= 120 for c in menu.courses)


def test_menu__a_guest_who_does_not_drink_gets_only_drinks_without_alcohol(
    kb: KnowledgeBase,
) -> None:
    menu = pair_menu(courses(kb), read_wines(WINELIST), non_alcoholic=True, kb=kb)
    assert menu.non_alcoholic_only
    assert all(c.wine is None and c.non_alcoholic for c in menu.courses)
    names = [c.non_alcoholic.wine_id for c in menu.courses if c.non_alcoholic]
    assert all(n.startswith("na:") for n in names) and len(set(names)) == len(names)


def test_menu__repeats_only_when_the_list_is_too_short(kb: KnowledgeBase) -> None:
    two = read_wines(WINELIST)[:2]
    menu = pair_menu(courses(kb), two, kb=kb)
    assert all(c.wine for c in menu.courses) and menu.warnings


def test_menu__bad_requests(kb: KnowledgeBase) -> None:
    with pytest.raises(InvalidInput, match="no courses"):
        pair_menu([], read_wines(WINELIST), kb=kb)
    with pytest.raises(InvalidInput, match="mode"):
        pair_menu(courses(kb), read_wines(WINELIST), mode="tasting", kb=kb)  # type: ignore[arg-type]
