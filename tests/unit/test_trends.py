"""The trend detector on a small stream with a planted trend, a complaint, a one-day decoy
and a bot copy burst; its state round trip; the file reader's bad lines; the terms."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sazon.trends import MarketItem, TrendDetector, read_market_file
from sazon.trends.terms import grams

START = date(2026, 3, 2)
DAYS = 34
PRODUCTS = ("Inca Kola", "Agua Cielo", "Frugos Durazno", "Volt Maca", "Big Cola", "Pulp")
OPINIONS = ("está buenaza", "muy dulce", "bien heladita", "caro para lo que es", "riquísima",
            "le falta gas", "justo lo que necesitaba", "sabe raro")  # fmt: skip
PLACES = ("en la bodega", "en el cole", "en la chamba", "en el parque", "en la playa", "")
TREND_ON, DECOY_ON, BOT_ON, COMPLAINT_ON = 24, 27, 26, 25
INTROS = ("Ya probaron el {}?", "Todos hablan del {}", "Mi nuevo vicio: el {}", "Quiero más {}")
TAILS = ("", " bacán", " 🙌", " causa", " en Lima", " jaja", " pe", " 10/10")
GRIPES = ("La tapa gotea, {}", "Otra vez la tapa gotea y {}", "Cuidado: la tapa gotea, {}")
WHY = ("pésimo", "nunca más", "qué asco", "devuélvanme la plata", "horrible")


def _texts(day: int, rng: random.Random) -> list[tuple[str, str | None, float | None]]:
    out: list[tuple[str, str | None, float | None]] = []
    for _ in range(rng.randint(110, 130)):
        p = rng.choice(PRODUCTS)
        text = f"{rng.choice(PLACES)} tomé {p}, {rng.choice(OPINIONS)}"
        out.append((text, p, rng.choice((None, 4.0, 5.0, 2.0))))
    if day >= TREND_ON:
        for _ in range(12):
            text = rng.choice(INTROS).format("refresco de tumbo") + rng.choice(TAILS)
            out.append((text, None, None))
    if day == DECOY_ON:
        out += [(f"{rng.choice(PRODUCTS)} por la final de la copa", None, None)] * 30
    if BOT_ON <= day < BOT_ON + 2:
        out += [("GANA UN VIAJE A CANCÚN entra al link de mi perfil", None, None)] * 25
    if day >= COMPLAINT_ON:
        for _ in range(10):
            out.append((rng.choice(GRIPES).format(rng.choice(WHY)), "Agua Cielo", 1.0))
    return out


def _stream() -> list[MarketItem]:
    rng = random.Random(5)
    items = []
    for d in range(DAYS):
        day = START + timedelta(days=d)
        for text, product, rating in _texts(d, rng):
            at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
            at += timedelta(minutes=rng.randrange(-400, 400))
            items.append(MarketItem(f"t{len(items)}", at, text, "x", product, rating=rating))
    return items


@pytest.fixture(scope="module")
def items() -> list[MarketItem]:
    return _stream()


@pytest.fixture(scope="module")
def detector(items: list[MarketItem]) -> TrendDetector:
    det = TrendDetector()
    for i in range(0, len(items), 500):
        det.learn_many(items[i : i + 500])
    det.finish()
    return det


def _find(det: TrendDetector, word: str) -> list:
    return [t for t in det.report(top=100).trends if word in t.key or word in t.related]


def test_a_planted_trend_is_found_within_three_days_and_not_called_a_spike(
    detector: TrendDetector,
) -> None:
    found = _find(detector, "tumbo")
    assert found, "the planted trend was not reported"
    assert found[0].stage not in ("spike", "declining")
    assert (found[0].first_detected - (START + timedelta(days=TREND_ON))).days <= 3
    assert any("tumbo" in a.term for a in detector.alerts if a.kind == "tendencia")


def test_a_one_day_decoy_is_a_spike_and_raises_no_alert(detector: TrendDetector) -> None:
    found = _find(detector, "copa")
    assert found and all(t.stage == "spike" for t in found)
    assert not any("copa" in a.term for a in detector.alerts)


def test_a_bot_copy_burst_is_flagged_and_raises_no_alert(detector: TrendDetector) -> None:
    found = _find(detector, "cancun")
    assert found and all(t.copies for t in found)
    assert not any("cancún" in a.term.lower() or "cancun" in a.term for a in detector.alerts)


def test_negative_texts_about_one_product_raise_one_complaint_alert(
    detector: TrendDetector,
) -> None:
    complaints = [a for a in detector.alerts if a.kind == "queja"]
    assert len(complaints) == 1
    assert complaints[0].products == ["Agua Cielo"]
    assert complaints[0].severity in ("alta", "media")
    assert complaints[0].examples and complaints[0].message.startswith("Quejas sobre Agua Cielo")
    # An English line too, with the same facts.
    assert complaints[0].message_en.startswith("Complaints about Agua Cielo")
    assert all(a.message_en for a in detector.alerts)


def test_alerts_are_few_unique_and_within_the_daily_budget(detector: TrendDetector) -> None:
    ids = [a.id for a in detector.alerts]
    assert len(ids) == len(set(ids))
    per_day: dict[date, int] = {}
    for a in detector.alerts:
        per_day[a.raised] = per_day.get(a.raised, 0) + 1
    assert max(per_day.values()) <= detector.settings.alerts_per_day


def test_the_state_survives_a_json_round_trip_mid_stream(
    items: list[MarketItem], detector: TrendDetector
) -> None:
    # A Kafka engine checkpoints the state and resumes: the result must not change.
    half = len(items) // 2
    first = TrendDetector()
    first.learn_many(items[:half])
    resumed = TrendDetector.from_state(json.loads(json.dumps(first.state())))
    resumed.learn_many(items[half:])
    resumed.finish()
    assert resumed.report().to_json() == detector.report().to_json()


def test_bad_lines_are_named_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "textos.jsonl"
    good = {"id": "a", "created_at": "2026-05-04T10:00:00-05:00", "text": "rica", "source": "x"}
    path.write_text(
        "\n".join([
            json.dumps(good),
            "{esto no es json",
            json.dumps({"id": "b", "text": "sin fecha"}),
            json.dumps({**good, "id": "c", "created_at": "2999-01-01T00:00:00-05:00"}),
            json.dumps({**good, "id": "d", "created_at": "ayer"}),
        ]),
        encoding="utf-8",
    )  # fmt: skip
    read = read_market_file(path)
    assert [i.id for i in read.items] == ["a"]
    reasons = {b.line: b.reason for b in read.bad}
    assert set(reasons) == {2, 3, 4, 5}
    assert "JSON" in reasons[2] and "fecha" in reasons[3]
    assert "futuro" in reasons[4] and "ISO 8601" in reasons[5]


def test_spanish_headers_of_the_demo_file_are_read(tmp_path: Path) -> None:
    path = tmp_path / "mercado.csv"
    path.write_text(
        "id,fuente,texto,fecha,producto,estrellas\n"
        "MT-1,review,Rica la chicha,2026-05-04T15:00:00Z,Yaku Chicha Morada,5\n",
        encoding="utf-8",
    )
    (item,) = read_market_file(path).items
    assert (item.source, item.product, item.rating) == ("review", "Yaku Chicha Morada", 5.0)
    assert item.created_at.tzinfo is not None


def test_terms_fold_plurals_keep_products_whole_and_stay_inside_a_clause() -> None:
    terms = grams("Los SABORES sin azúcar. Jarabe puro, Voltio", product="Yaku Maracuyá 1L")
    assert {"sabor", "sin azucar", "yaku maracuya 1l", "jarabe puro"} <= terms
    assert "jarabe puro voltio" not in terms and "sin" not in terms and "los" not in terms


def test_a_term_that_bursts_again_keeps_its_first_burst_in_the_report() -> None:
    # The demo's summer high season and its May complaint are two bursts of the stream's
    # volume: the second must not erase the first from the report.
    det = TrendDetector()
    for week in range(30):
        volume = 2000 if 10 <= week < 13 or 24 <= week < 27 else 1000
        for day in range(7):
            det.learn_counts(week * 7 + day, {"agua": volume // 10}, volume)
    det.finish()
    firsts = [t.first_detected for t in det.report(top=100).trends if t.key == "volumen total"]
    assert len(firsts) == 2, firsts


def test_rows_and_burst_names_do_not_depend_on_the_order_terms_arrive_in() -> None:
    # A text's terms are a set, whose order changes with PYTHONHASHSEED: CI once named the
    # bot burst «entrar al link» under one seed and «viaje a cancún» under another.
    from sazon.trends.alerting import _group
    from sazon.trends.model import Episode

    terms = ["viaje a cancun", "entrar al link", "cancun", "gana", "perfil", "link"]
    dets = []
    for order in (terms, terms[::-1]):
        det = TrendDetector()
        det.learn_counts(0, dict.fromkeys(order, 3), 10)
        det.finish()
        dets.append(det.terms)
    assert dets[0] == dets[1]
    found = {t: [(0, f"t{i}", "x", None, None, frozenset(terms)) for i in range(9)] for t in terms}
    named = []
    for order in (terms, terms[::-1]):
        hit = {t: Episode(t, 0, 0, 0.01, 12.5, 0, 1) for t in order}
        named.append(_group(hit, found))
    assert named[0] == named[1]


def test_a_rise_every_saturday_is_seasonal_and_a_new_one_is_not() -> None:
    """Compared with the same weekday of the weeks before: the Saturday barbecue comes back
    every week (seasonal, never alerted); a drink that starts rising on a Saturday is new."""
    det = TrendDetector()
    start = TrendDetector().bucket_of_day(date(2026, 3, 2))  # a Monday
    for d in range(42):
        saturday = d % 7 == 5
        counts = {"chicha": 30, "parrilla": 60 if saturday else 3}
        if d >= 40:
            counts["kombucha"] = 60  # new on the last Saturday (d = 40)
        det.learn_counts(start + d, counts, 1000)
    det.finish()
    found = {t.term: t for t in det.report(top=50).trends}
    assert found["parrilla"].seasonal and not found["kombucha"].seasonal
    assert found["kombucha"].importance > found["parrilla"].importance
    assert not any(a.term == "parrilla" for a in det.alerts)
