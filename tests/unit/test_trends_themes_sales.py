"""Themes over every text of the window, and the lead of a trend over a product's sales."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from sazon.timeutil import LIMA
from sazon.trends import MarketItem, find_themes, read_sales_rows
from sazon.trends.sales import MIN_WEEKS, demo_sales, lead_of, parse_week, pick_product

START = date(2026, 5, 4)
GROUPS = {
    # theme → (words people use, the source that writes it most)
    "precio": (("precio", "caro", "oferta", "soles", "promo"), "review"),
    "envase": (("tapa", "botella", "chorrea", "plástico", "envase"), "tiktok"),
    "calor": (("calor", "playa", "helada", "verano", "sol"), "instagram"),
}
FILL = ("hoy", "la verdad", "en la bodega", "con mis patas", "otra vez", "uf")


def _texts(per_group: int = 40) -> list[MarketItem]:
    rng = random.Random(5)
    out = []
    for name, (vocab, source) in sorted(GROUPS.items()):
        for n in range(per_group):
            picked = rng.sample(vocab, 3)
            text = f"{rng.choice(FILL)} {picked[0]} y {picked[1]}, {picked[2]}"
            day = START + timedelta(days=n % 28)
            at = datetime(day.year, day.month, day.day, 9 + n % 12, tzinfo=LIMA)
            src = source if n % 4 else "x"
            out.append(MarketItem(f"{name}-{n}", at, text, src, f"Yaku {name}", region="Lima"))
    return out


def test_themes_group_every_text_by_what_it_is_about_and_say_who_writes_it() -> None:
    items = _texts()
    scores: list[float | None] = [-0.5 if i.id.startswith("envase") else 0.5 for i in items]
    found = find_themes(items, scores, k=3)
    assert found.texts == len(items) and found.outliers < len(items) // 10
    assert len(found.items) == 3
    for theme in found.items:
        # Each theme is one planted group: its products (one per group) say which.
        assert len(theme.products) == 1, theme
        group = theme.products[0][0].split()[-1]
        assert theme.texts >= 36 and any(w in theme.name for w in GROUPS[group][0])
        assert theme.who["source"][0][0] == GROUPS[group][1] and theme.who["source"][0][2] > 1
        assert theme.sentiment == (-0.5 if group == "envase" else 0.5)
        assert len(theme.examples) == 3 and theme.last_7_days > 0
    data = found.to_json()
    assert data["outlier_share"] < 0.1 and data["items"][0]["who"]["source"][0]["lift"] > 1


def test_too_few_texts_make_no_themes() -> None:
    found = find_themes(_texts(3), [None] * 9)
    assert found.items == [] and found.to_json()["outliers"] == 9


def test_sales_rows_take_both_week_forms_and_name_the_bad_ones() -> None:
    assert parse_week("2026-W10") == date(2026, 3, 2) == parse_week("2026-03-05")
    read = read_sales_rows([
        {"producto": "Yaku Zero", "semana": "2026-W10", "unidades": "120"},
        {"producto": "Yaku Zero", "semana": "2026-03-04", "unidades": "30"},  # same week: adds
        {"product": "", "week": "2026-W11", "units": "5"},
        {"product": "Yaku Zero", "week": "2026-W60", "units": "5"},
        {"product": "Yaku Zero", "week": "2026-W12", "units": "muchas"},
        {"product": "Yaku Zero", "week": "2026-W12", "units": "-4"},
        {"product": "Yaku Zero", "week": "2026-W12"},
    ])  # fmt: skip
    assert read.weekly == {"Yaku Zero": {date(2026, 3, 2): 150.0}}
    assert [b.line for b in read.bad] == [4, 5, 6, 7, 8]
    assert "producto" in str(read.bad[0]) and "2026-W10" in read.bad[1].reason
    assert "no es un número" in read.bad[2].reason and "negativa" in read.bad[3].reason
    assert pick_product(read, ["Otra"], None) == "Yaku Zero"  # the file's only product
    with pytest.raises(ValueError, match="Yaku Zero"):
        pick_product(read, [], "Inca Kola")


def _volume(weeks: int, seed: int = 2) -> dict[date, int]:
    rng = random.Random(seed)
    level = 5.0
    out = {}
    for w in range(weeks):  # a walk with bursts, so lags are told apart
        level = max(0.0, level + rng.uniform(-3, 3) + (12 if rng.random() < 0.15 else 0))
        out[START + timedelta(weeks=w)] = round(level)
    return out


def test_a_trend_that_leads_sales_by_two_weeks_is_found_with_its_lag() -> None:
    volume = _volume(40)
    rows = demo_sales(volume, "Yaku Zero", lag=2)
    sales = read_sales_rows(rows).weekly["Yaku Zero"]
    lead = lead_of(volume, sales, "Yaku Zero")
    assert lead.lag_weeks == 2 and lead.r is not None and lead.r > 0.8
    assert lead.p is not None and lead.p < 0.01 and lead.weeks == 38
    assert [lag for lag, _, _ in lead.per_lag] == list(range(9))
    assert "se adelanta 2 semanas" in lead.sentence("es")
    assert "leads sales by 2 weeks" in lead.sentence("en")
    # Sales that ignore the trend: no significant lead, said as such.
    rng = random.Random(9)
    flat = {w: rng.uniform(100, 200) for w in volume}
    unrelated = lead_of(volume, flat, "Agua")
    assert unrelated.p is not None and unrelated.p > 0.01
    assert "sin relación significativa" in unrelated.sentence("es")


def test_too_few_weeks_say_so_instead_of_a_correlation() -> None:
    volume = _volume(MIN_WEEKS - 1)
    lead = lead_of(volume, {w: 10.0 + v for w, v in volume.items()}, "Yaku Zero")
    assert not lead.enough and lead.r is None and lead.weeks == MIN_WEEKS - 1
    assert "muy pocas semanas" in lead.sentence("es") and "not enough weeks" in lead.sentence("en")
    assert lead.to_json()["enough_weeks"] is False
