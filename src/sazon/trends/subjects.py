"""What a text is about, for sentiment shifts and briefs: the product it names and the
flavours it mentions, matched on the detector's own normal forms (accents, plurals, lemmas),
so "maracuyás" and "Maracuyá" are one flavour."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from sazon.timeutil import LIMA
from sazon.trends.model import MarketItem
from sazon.trends.terms import words

# Flavours and ingredients a Peruvian beverage maker works with (fruits of the coast, the
# Andes and the Amazon, herbs and grains); extendable, never exhaustive.
FLAVOURS = (
    "maracuyá", "camu camu", "chicha morada", "tumbo", "aguaymanto", "lúcuma", "coco",
    "jengibre", "kion", "maca", "muña", "hierba luisa", "cocona", "guanábana", "mango",
    "piña", "limón", "naranja", "durazno", "fresa", "manzana", "quinua", "cebada",
    "chirimoya", "granadilla", "sauco", "uña de gato", "cacao", "café", "matcha",
)  # fmt: skip


@cache
def flavour_keys() -> dict[str, str]:
    """Normal form → the flavour as written."""
    return {" ".join(words(f)): f for f in FLAVOURS}


def flavours_in(text: str) -> list[str]:
    """The flavours ``text`` names, as written in :data:`FLAVOURS`, sorted."""
    ws = words(text)
    keys = flavour_keys()
    found = set()
    for n in (1, 2, 3):
        for i in range(len(ws) - n + 1):
            hit = keys.get(" ".join(ws[i : i + n]))
            if hit:
                found.add(hit)
    return sorted(found)


def subjects(item: MarketItem) -> list[tuple[str, str]]:
    """(kind, name) of what ``item`` is about: its product and its flavours."""
    out = [("producto", item.product)] if item.product else []
    return out + [("sabor", f) for f in flavours_in(item.text)]


def day_of(item: MarketItem) -> date:
    return item.created_at.astimezone(LIMA).date()


def week_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
