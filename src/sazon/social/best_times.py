"""The best times to post for one page: a 7 × 24 map (Lima time) of expected engagement.

Engagement is read in ``log(1 + n)`` relative to each page's own mean, so a big and a small
account share one pattern. Each slot's effect is a normal posterior in three steps: the
channel's additive weekday + hour pattern (from every page on it), then the other pages of
the same segment in that slot, then the page's own posts in that slot, each level allowed to
differ from the one above by a between-level variance worth ``shrink`` posts. A slot the page
never used stays close to what its segment and channel say, and its band is wide.

Thompson sampling suggests where to explore: one draw per slot from its posterior, and the
highest draws among slots the page has (almost) never used. The draw is seeded by the amount
of history, so the advice is stable until new posts arrive and then moves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, Field

from sazon.monitoring import SOCIAL_SUGGEST_SECONDS
from sazon.social.food_calendar import upcoming
from sazon.social.posts import Post

MIN_OWN_POSTS = 40
Z80 = 1.2816  # the 80 % band of a normal
WAKING = range(7, 24)  # slots suggested to a restaurant: 07:00-23:59
DAYPARTS = (
    ("desayuno", "breakfast", range(7, 11)),
    ("almuerzo", "lunch", range(12, 16)),
    ("lonche", "afternoon tea", range(16, 19)),
    ("cena", "dinner", range(19, 23)),
)
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Observed:
    """One past post and its engagement (likes + comments + shares, or the file's column)."""

    post: Post
    engagement: float


class Slot(BaseModel):
    weekday: int = Field(description="0 = lunes / Monday … 6 = domingo / Sunday, Lima time")
    hour: int = Field(description="0-23, Lima time")
    expected: float = Field(description="expected engagement of a post in this slot")
    low: float = Field(description="lower end of the 80 % band of the expected engagement")
    high: float
    own_posts: int = Field(description="posts the page made in this slot")
    daypart: str | None = None


class Daypart(BaseModel):
    name: str
    hours: str
    expected: float = Field(description="mean expected engagement over its slots, every day")
    best_weekday: int


class FoodDate(BaseModel):
    key: str
    name: str
    starts: date
    days: int
    approximate: bool
    source: str


class BestTimes(BaseModel):
    venue: str
    channel: str
    own_posts: int
    channel_posts: int
    enough_data: bool
    note: str | None = Field(description="what is missing and what would fix it")
    slots: list[Slot] = Field(description="168 slots, Monday 00:00 first")
    top: list[Slot]
    explore: list[Slot] = Field(description="untried slots Thompson sampling suggests trying")
    dayparts: list[Daypart]
    food_calendar: list[FoodDate]


def _daypart(hour: int, lang: str) -> str | None:
    for es, en, hours in DAYPARTS:
        if hour in hours:
            return en if lang == "en" else es
    return None


def _page_means(history: Sequence[Observed], shrink: float) -> dict[str, float]:
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for o in history:
        sums[o.post.page_key] = sums.get(o.post.page_key, 0.0) + math.log1p(o.engagement)
        counts[o.post.page_key] = counts.get(o.post.page_key, 0) + 1
    overall = sum(sums.values()) / max(1, sum(counts.values()))
    return {k: (sums[k] + shrink * overall) / (counts[k] + shrink) for k in sums}


def _slot_sums(
    rows: Sequence[tuple[int, int, float]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    total, n = np.zeros((7, 24)), np.zeros((7, 24))
    for weekday, hour, value in rows:
        total[weekday, hour] += value
        n[weekday, hour] += 1
    return total, n


def _update(
    mean: NDArray[np.float64], var: NDArray[np.float64], total: NDArray[np.float64],
    n: NDArray[np.float64], sigma2: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:  # fmt: skip
    precision = 1.0 / var + n / sigma2
    return (mean / var + total / sigma2) / precision, 1.0 / precision


def slot_posterior(
    history: Sequence[Observed], page: str, segment: str, *, shrink: float = 5.0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    """(mean, variance, own counts) of each slot's effect in log space, and the page's base."""
    means = _page_means(history, shrink)
    rows = [(o.post, math.log1p(o.engagement) - means[o.post.page_key]) for o in history]
    residuals = np.asarray([r for _, r in rows]) if rows else np.zeros(1)
    sigma2 = max(float(residuals.var()), 0.05)
    # The channel's pattern: hour effects, then weekday effects on what hours leave.
    by_hour, n_hour = np.zeros(24), np.zeros(24)
    for p, r in rows:
        by_hour[p.hour] += r
        n_hour[p.hour] += 1
    hour_effect = by_hour / (n_hour + shrink)
    by_day, n_day = np.zeros(7), np.zeros(7)
    for p, r in rows:
        by_day[p.weekday] += r - hour_effect[p.hour]
        n_day[p.weekday] += 1
    day_effect = by_day / (n_day + shrink)
    between = sigma2 / shrink
    mean = day_effect[:, None] + hour_effect[None, :]
    var = np.full((7, 24), between)
    others = [
        (p.weekday, p.hour, r) for p, r in rows if p.segment == segment and p.page_key != page
    ]
    mean, var = _update(mean, var, *_slot_sums(others), sigma2)
    own_total, own_n = _slot_sums([(p.weekday, p.hour, r) for p, r in rows if p.page_key == page])
    mean, var = _update(mean, var + between, own_total, own_n, sigma2)
    overall = float(np.mean(list(means.values()))) if means else 0.0
    return mean, var, own_n, means.get(page, overall)


@SOCIAL_SUGGEST_SECONDS.time()
def best_times(
    history: Sequence[Observed], *, venue: str, channel: str, page: str, segment: str,
    today: date, lang: str = "es", top: int = 5, explore: int = 3,
) -> BestTimes:  # fmt: skip
    """The heatmap, the best and the exploratory slots and the food days ahead for one page.

    ``history`` holds the channel's posts of every page (the pattern others share);
    ``page`` is the page's key among them and ``segment`` its segment.
    """
    on_channel = [o for o in history if o.post.channel == channel]
    mean, var, own_n, base = slot_posterior(on_channel, page, segment)
    sd = np.sqrt(var)
    slots = [
        Slot(
            weekday=w, hour=h, expected=round(math.expm1(base + mean[w, h]), 1),
            low=round(math.expm1(base + mean[w, h] - Z80 * sd[w, h]), 1),
            high=round(math.expm1(base + mean[w, h] + Z80 * sd[w, h]), 1),
            own_posts=int(own_n[w, h]), daypart=_daypart(h, lang),
        )
        for w in range(7) for h in range(24)
    ]  # fmt: skip
    waking = [s for s in slots if s.hour in WAKING]
    best = sorted(waking, key=lambda s: -s.expected)[:top]
    own_total = int(own_n.sum())
    rng = np.random.default_rng(len(on_channel) * 7919 + own_total)
    draws = rng.normal(mean, sd)
    untried = [s for s in waking if s.own_posts == 0]
    tries = sorted(untried, key=lambda s: -draws[s.weekday, s.hour])[:explore]
    return BestTimes(
        venue=venue, channel=channel, own_posts=own_total, channel_posts=len(on_channel),
        enough_data=own_total >= MIN_OWN_POSTS, note=_note(own_total, channel, lang),
        slots=slots, top=best, explore=tries, dayparts=_dayparts(slots, lang),
        food_calendar=[
            FoodDate(key=d.key, name=d.name(lang), starts=d.starts, days=d.days,
                     approximate=d.approximate, source=d.source)
            for d in upcoming(today)
        ],
    )  # fmt: skip


def _note(own: int, channel: str, lang: str) -> str | None:
    if own >= MIN_OWN_POSTS:
        return None
    more = MIN_OWN_POSTS - own
    if lang == "en":
        return (
            f"Not enough data: {own} posts of this page on {channel}. About {more} more, "
            "spread over different days and hours, make the map its own; until then it leans "
            "on the segment and the channel."
        )
    return (
        f"No hay suficientes datos: {own} publicaciones de esta página en {channel}. Con unas "
        f"{more} más, repartidas en distintos días y horas, el mapa será propio; mientras tanto "
        "se apoya en el segmento y el canal."
    )


def _dayparts(slots: Sequence[Slot], lang: str) -> list[Daypart]:
    grid = {(s.weekday, s.hour): s.expected for s in slots}
    found = []
    for es, en, hours in DAYPARTS:
        per_day = [float(np.mean([grid[(w, h)] for h in hours])) for w in range(7)]
        found.append(
            Daypart(
                name=en if lang == "en" else es, hours=f"{hours[0]:02d}:00–{hours[-1] + 1:02d}:00",
                expected=round(float(np.mean(per_day)), 1),
                best_weekday=int(np.argmax(per_day)),
            )
        )  # fmt: skip
    return found
