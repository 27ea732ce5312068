"""The demo's calendar: a fixed end date (never "today"), seasons, weekends and peaks in Lima."""

from __future__ import annotations

import bisect
import random
from datetime import date, datetime, timedelta
from itertools import accumulate

from sazon.timeutil import LIMA

END = date(2026, 11, 20)
"""Last day with data; fixed so that the same seed gives the same files on any day."""

START = END - timedelta(days=2 * 365 - 1)
MARKET_START = END - timedelta(days=364)
TASTING_AT = datetime(2026, 12, 12, 20, 0, tzinfo=LIMA)

# Restaurants in Lima fill up at weekends; Monday is the quiet day.
_WEEKDAY = (0.65, 0.75, 0.85, 1.0, 1.45, 1.7, 1.25)


def restaurant_demand(day: date) -> float:
    """How busy a day is, relative to an ordinary Thursday."""
    factor = _WEEKDAY[day.weekday()]
    if day.month == 12:
        # Year-end lunches with colleagues and family dinners.
        factor *= 1.45 if day.day <= 23 else 1.2
    if day.month == 7 and day.day >= 24:
        factor *= 1.55  # Fiestas Patrias (28–29 July) and the long weekend around it
    if day.month in (1, 2):
        factor *= 0.9  # summer: many Limeños are at the beach
    if (day.month, day.day) in {(2, 14), (5, 10)}:
        factor *= 1.8  # Valentine's and Mother's Day
    return factor


class DaySampler:
    """Draws days between two dates in proportion to :func:`restaurant_demand`."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        self.cumulative = list(accumulate(restaurant_demand(d) for d in self.days))

    def draw(self, rng: random.Random, low: date, high: date) -> date:
        lo = max(0, (low - self.first).days)
        hi = min(len(self.days) - 1, (high - self.first).days)
        if hi <= lo:
            return self.days[max(0, min(lo, len(self.days) - 1))]
        base = self.cumulative[lo - 1] if lo > 0 else 0.0
        target = base + rng.random() * (self.cumulative[hi] - base)
        return self.days[bisect.bisect_left(self.cumulative, target, lo, hi)]


def lima(day: date, minutes: int) -> datetime:
    """A naive Lima wall-clock time ``minutes`` after midnight of ``day``."""
    return datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)
