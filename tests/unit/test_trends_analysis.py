"""What the board reads beside the ranked trends: sentiment shifts with significance, the
segments behind a trend, topics, the octagon screen of Ley 30021 and the brief."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from sazon.errors import NotFound
from sazon.timeutil import LIMA
from sazon.trends import (
    Analysis,
    Formulation,
    Lead,
    MarketItem,
    Trend,
    TrendReport,
    make_brief,
    screen,
)
from sazon.trends.analysis import _topics
from sazon.trends.segments import drivers
from sazon.trends.shifts import sentiment_shifts
from sazon.trends.subjects import flavours_in

AS_OF = date(2026, 6, 30)


def _at(days_ago: int, hour: int = 15) -> datetime:
    day = AS_OF - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=LIMA)


def _reviews(
    product: str, days: range, stars: tuple[float, ...], rng: random.Random, text: str = "hoy"
) -> list[MarketItem]:
    out = []
    for d in days:
        for k in range(3):
            at, words = _at(d), f"{text} {k}"
            out.append(MarketItem(f"{product}-{d}-{k}", at, words, "review", product or None,
                                  rating=rng.choice(stars)))  # fmt: skip
    return out


def test_only_a_real_sentiment_shift_alerts() -> None:
    rng = random.Random(3)
    items = [
        # A cap that leaks: five stars for a month, then ones and twos this week.
        *_reviews("Yaku Maracuyá 1L", range(7, 35), (4.0, 5.0), rng),
        *_reviews("Yaku Maracuyá 1L", range(7), (1.0, 2.0), rng),
        # Noise: the same mix before and after.
        *_reviews("Voltio Energy", range(35), (2.0, 3.0, 4.0, 5.0), rng),
        # A real drop but too few texts to tell.
        *_reviews("Qollqa IPA", range(7, 9), (5.0,), rng),
        *_reviews("Qollqa IPA", range(2), (1.0,), rng),
        # A flavour named in the text, not the product field.
        *_reviews("", range(7, 35), (2.0,), rng, "el camu camu sabe raro"),
        *_reviews("", range(7), (5.0,), rng, "el camu camu ahora está buenazo"),
    ]
    scores = [None if i.rating is None else (i.rating - 3) / 2 for i in items]
    shifts = sentiment_shifts(items, scores, AS_OF)
    found = {(s.kind, s.subject): s for s in shifts}
    assert set(found) == {("producto", "Yaku Maracuyá 1L"), ("sabor", "camu camu")}
    cap = found["producto", "Yaku Maracuyá 1L"]
    assert cap.delta < -1 and cap.n_after == 21 and cap.n_before == 84 and cap.p < 1e-6
    assert cap.alert().kind == "sentimiento" and "bajó" in cap.alert().message
    assert found["sabor", "camu camu"].delta > 0
    assert [w for w, _, _ in cap.weeks] == sorted(w for w, _, _ in cap.weeks)


def test_a_segment_drives_a_trend_only_when_it_is_over_represented() -> None:
    def text(i: int, source: str, region: str) -> MarketItem:
        return MarketItem(f"t{i}", _at(1, hour=21), "x", source, region=region, segment="fitness")

    mine = [text(i, "tiktok", "Arequipa") for i in range(16)] + [
        text(100 + i, "x", "Lima") for i in range(4)
    ]
    others = [text(200 + i, ("tiktok", "x", "review", "instagram")[i % 4], "Lima")
              for i in range(200)]  # fmt: skip
    found, who = drivers(mine, others)
    assert {(s.dimension, s.value) for s in found} == {("source", "tiktok"), ("region", "Arequipa")}
    assert all(s.lift >= 1.3 and s.p <= 0.01 for s in found)
    # Everybody writes at night and is "fitness": shown in who, never a driver.
    assert who["daypart"] == [("noche", 1.0)] and who["segment"] == [("fitness", 1.0)]


def test_the_octagons_follow_the_drink_thresholds_of_ley_30021() -> None:
    assert screen(Formulation("a", sugar_g=4.9, sodium_mg=99)).octagons == []
    assert screen(Formulation("b", sugar_g=5.0)).octagons == ["ALTO EN AZÚCAR"]
    both = screen(Formulation("c", sugar_g=8, sodium_mg=100, saturated_fat_g=3, trans_fat_g=0.1))
    assert both.octagons == [
        "ALTO EN AZÚCAR", "ALTO EN SODIO", "ALTO EN GRASAS SATURADAS", "CONTIENE GRASAS TRANS"
    ]  # fmt: skip
    assert both.margins["sugar_g"] == 3.0 and "DS 012-2018-SA" in both.source


def _trend(term: str, key: str, **kw: object) -> Trend:
    base: dict[str, object] = {
        "term": term, "key": key, "stage": "growing", "first_detected": date(2026, 6, 20),
        "score": 12.5, "volume": 30, "growth": 6.0, "sentiment": 0.4, "related": [],
        "examples": [f"quiero más {term}"], "products": [], "copies": False, "importance": 10.0,
    }  # fmt: skip
    return Trend(**{**base, **kw})  # type: ignore[arg-type]


def _analysis() -> Analysis:
    trends = [
        _trend("refresco de tumbo", "refresco de tumbo"),
        _trend("tumbo helado", "tumbo helado", importance=5.0),
        _trend("sin azúcar", "sin azucar", products=["Yaku Chicha Morada"], importance=8.0),
    ]
    report = TrendReport(AS_OF, trends, [], 1000, 50)
    series = {t.key: [0] * 14 + [1] * 7 + [4] * 7 for t in trends}
    # Most of its texts come from "fitness" authors, but no more than everybody else's do.
    who = {"refresco de tumbo": {"segment": [("fitness", 0.6)], "source": [("tiktok", 0.5)]}}
    return Analysis(report, series=series, who=who)


def test_a_brief_is_grounded_and_screens_its_formulation() -> None:
    found = _analysis()
    brief = make_brief(found, "Refresco de Tumbo")
    assert brief.stage == "growing" and "Evidencia:" in brief.text
    assert "28 textos en los últimos 7 días, 7 en los 7 anteriores" in brief.text
    assert "quiero más refresco de tumbo" in brief.text and "línea nueva" in brief.text
    assert brief.screen.octagons == [] and "Ley 30021" in brief.text
    assert "tiktok" in brief.text and "fitness" not in brief.text  # not a significant driver
    sugary = make_brief(found, "sin azúcar", Formulation("néctar", sugar_g=9))
    assert sugary.screen.octagons == ["ALTO EN AZÚCAR"] and "Yaku Chicha Morada" in sugary.text
    # The same facts in English, second: same numbers, one line per Spanish line.
    assert len(brief.evidence_en) == len(brief.evidence) and "Evidencia:" in brief.text
    assert "Evidence" not in brief.text and "Stage:" not in brief.text  # one language a text
    english = make_brief(found, "Refresco de Tumbo", lang="en")
    assert "Evidence:" in english.text and "Example texts:" in english.text
    assert "mentions" in english.text and "menciones" not in english.text  # the prose too
    assert "Evidencia" not in english.text and english.evidence_en[1] in english.text
    assert english.evidence == brief.evidence  # both languages' lines stay in the JSON
    assert "Volume: 28 texts in the last 7 days, 7 in the 7 before." in brief.evidence_en
    assert "9 g sugar" in sugary.evidence_en[-1] and "1 warning" in sugary.evidence_en[-1]
    assert make_brief(found, "sin azucar").screen.formulation.sugar_g == 0
    with pytest.raises(NotFound, match="refresco de tumbo"):
        make_brief(found, "lúcuma")
    # With sales: the lead is one more fact in each language, and in the JSON.
    lead = Lead("Yaku Tumbo", 2, 0.91, 0.0005, 30)
    sold = make_brief(found, "Refresco de Tumbo", lead=lead)
    assert sold.evidence[-1] == lead.sentence("es") and sold.evidence_en[-1] == lead.sentence("en")
    assert "se adelanta 2 semanas" in sold.text and "leads sales by 2 weeks" in sold.evidence_en[-1]
    assert sold.to_json()["sales"]["lag_weeks"] == 2 and brief.to_json()["sales"] is None


def test_topics_join_the_trends_of_one_flavour() -> None:
    found = _analysis()
    texts = {"refresco de tumbo": {1, 2}, "tumbo helado": {3}, "sin azucar": {4, 5, 6}}
    topics = _topics(found.report, texts, [None, 0.5, 0.5, 1.0, -1.0, -1.0, -1.0])
    assert [(t.name, t.terms, t.texts) for t in topics] == [
        ("sin azúcar", ["sin azúcar"], 3),
        ("tumbo", ["refresco de tumbo", "tumbo helado"], 3),
    ]
    assert topics[1].sentiment == pytest.approx(2 / 3, abs=1e-3)
    assert flavours_in("Chicha morada y MARACUYÁS") == ["chicha morada", "maracuyá"]
