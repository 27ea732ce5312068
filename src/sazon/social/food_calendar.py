"""Peru's food calendar: the days a restaurant's posts ride (Día del Ceviche, Fiestas Patrias…).

The dates and where each rule comes from are in ``data/food_calendar.csv``. Rules are
``fixed MM-DD``, ``first|fourth <weekday> MM``, ``easter <offset days>`` and
``approximate MM`` (a fair whose dates change every edition: the whole month is flagged
approximate, to be confirmed).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from dateutil.easter import easter  # type: ignore[import-untyped]

_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}  # fmt: skip
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@dataclass(frozen=True)
class FoodDay:
    key: str
    name_es: str
    name_en: str
    starts: date
    days: int
    approximate: bool
    source: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_es


@cache
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files("sazon.social").joinpath("data/food_calendar.csv").read_text("utf-8")
    return tuple(csv.DictReader(text.splitlines()))


def _start(rule: str, year: int) -> tuple[date, bool]:
    kind, *args = rule.split()
    if kind == "fixed":
        month, day = (int(x) for x in args[0].split("-"))
        return date(year, month, day), False
    if kind in _NTH:
        weekday, month = _WEEKDAYS[args[0]], int(args[1])
        first = date(year, month, 1)
        first += timedelta(days=(weekday - first.weekday()) % 7)
        return first + timedelta(weeks=_NTH[kind] - 1), False
    if kind == "easter":
        return easter(year) + timedelta(days=int(args[0])), False
    if kind == "approximate":
        return date(year, int(args[0]), 1), True
    raise ValueError(f"unknown food-calendar rule {rule!r}")


def food_days(year: int) -> list[FoodDay]:
    """The food calendar's days in ``year``, in date order."""
    found = []
    for row in _rows():
        starts, approximate = _start(row["rule"], year)
        found.append(
            FoodDay(
                key=row["key"], name_es=row["name_es"], name_en=row["name_en"], starts=starts,
                days=int(row["days"]), approximate=approximate, source=row["source"],
            )
        )  # fmt: skip
    return sorted(found, key=lambda d: d.starts)


def upcoming(today: date, within_days: int = 90) -> list[FoodDay]:
    """The food days that start between ``today`` and ``within_days`` later."""
    end = today + timedelta(days=within_days)
    days = food_days(today.year) + food_days(today.year + 1)
    return [d for d in days if today <= d.starts <= end or d.starts <= today < d.starts
            + timedelta(days=d.days)]  # fmt: skip
