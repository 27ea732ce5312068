"""A new word's first few texts: tested in a family of its own (weighted Bonferroni), so a
new flavour is found days before it has ``min_count`` texts in a window; a new phrase of
known words is not; and a burst keeps the day its first term was found when a longer term
names it later."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sazon.trends import MarketItem, Settings, TrendDetector

START = date(2026, 3, 2)
ONSET = 24
PRODUCTS = ("Inca Kola", "Agua Cielo", "Frugos Durazno", "Volt Maca", "Big Cola", "Pulp")
OPINIONS = ("está buenaza", "muy dulce", "bien heladita", "caro para lo que es", "riquísima")
PLACES = ("en la bodega", "en el cole", "en la chamba", "en el parque", "")
# Texts a day from the onset: four in its first three days, then more (a slow start).
RAMP = (1, 1, 2, 3, 5, 8, 10)


def _stream(new: str) -> list[MarketItem]:
    rng = random.Random(11)
    items = []
    for d in range(ONSET + len(RAMP)):
        day = START + timedelta(days=d)
        texts = [
            f"{rng.choice(PLACES)} tomé {rng.choice(PRODUCTS)}, {rng.choice(OPINIONS)}"
            for _ in range(rng.randint(110, 130))
        ]
        if d >= ONSET:
            texts += [new] * RAMP[d - ONSET]
        for text in texts:
            at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
            at += timedelta(minutes=rng.randrange(-400, 400))
            items.append(MarketItem(f"t{len(items)}", at, text, "x"))
    return items


def _first(items: list[MarketItem], word: str, settings: Settings) -> date | None:
    det = TrendDetector(settings)
    det.learn_many(items)
    det.finish()
    days = [
        t.first_detected
        for t in det.report(top=100).trends
        if word in t.key or any(word in r for r in t.related)
    ]
    return min(days) if days else None


def test_a_new_word_is_found_from_its_first_few_texts_and_not_without_its_family() -> None:
    items = _stream("probé el refresco de aguaymanto")
    found = _first(items, "aguaymanto", Settings())
    assert found is not None and (found - START).days <= ONSET + 2
    # Without the family the same texts wait for min_count (5) in a window.
    late = _first(items, "aguaymanto", replace(Settings(), rare_alpha_share=0.0))
    assert late is None or (late - START).days > ONSET + 2


def test_a_new_phrase_of_known_words_waits_for_min_count() -> None:
    # "cielo" and "bodega" are everyday words here: their pairing is new, not a new word.
    items = _stream("agua cielo bodega chamba")
    found = _first(items, "cielo bodega", Settings())
    assert found is None or (found - START).days > ONSET + 2


def test_a_burst_named_later_by_a_longer_term_keeps_the_day_it_was_found() -> None:
    items = _stream("probé el refresco de aguaymanto")
    det = TrendDetector()
    det.learn_many(items)
    det.finish()
    trend = next(t for t in det.report(top=100).trends if "aguaymanto" in t.key)
    word = det.episodes["aguaymanto"]
    assert trend.key != "aguaymanto"  # the longer term tells the burst...
    assert trend.first_detected == det.day_of(word.first)  # ...since its word was found
