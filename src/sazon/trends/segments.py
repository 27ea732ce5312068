"""Who is behind a trend: the sources, regions, times of day and author segments that write
about it more than everybody else does in the same days.

A value is a driver when its share among the trend's texts is at least ``MIN_LIFT`` times its
share among the other texts of the window, with at least ``MIN_TEXTS`` texts and a one-sided
binomial test significant after a Bonferroni correction over every value tested. ``who``
keeps the plain shares too (the brief says "mostly on TikTok, 60 %" even when TikTok is not
over-represented).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sazon.timeutil import LIMA
from sazon.trends.model import MarketItem

DIMENSIONS = ("source", "region", "daypart", "segment")
DIMENSIONS_ES = {"source": "canal", "region": "región", "daypart": "momento del día",
                 "segment": "segmento"}  # fmt: skip
MIN_LIFT, MIN_TEXTS, ALPHA = 1.3, 3, 0.01


@dataclass
class Segment:
    dimension: str  # one of DIMENSIONS
    value: str
    texts: int  # the trend's texts with this value
    share: float  # among the trend's texts
    base_share: float  # among the other texts of the same days
    lift: float
    p: float  # Bonferroni-corrected

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "dimension_es": DIMENSIONS_ES[self.dimension]}


def daypart(item: MarketItem) -> str:
    hour = item.created_at.astimezone(LIMA).hour
    return ("madrugada", "mañana", "tarde", "noche")[
        0 if hour < 6 else 1 if hour < 12 else 2 if hour < 19 else 3
    ]


def value_of(item: MarketItem, dimension: str) -> str | None:
    if dimension == "daypart":
        return daypart(item)
    value = getattr(item, dimension)
    return None if value in (None, "", "unknown") else str(value)


def drivers(
    mine: Sequence[MarketItem], others: Sequence[MarketItem]
) -> tuple[list[Segment], dict[str, list[tuple[str, float]]]]:
    """The significant drivers among ``mine`` (against ``others``), strongest first, and the
    top three values of each dimension with their share of ``mine``."""
    from scipy.stats import binomtest  # type: ignore[import-untyped]  # slow to import

    tests = []
    who: dict[str, list[tuple[str, float]]] = {}
    for dim in DIMENSIONS:
        own = Counter(v for i in mine if (v := value_of(i, dim)) is not None)
        base = Counter(v for i in others if (v := value_of(i, dim)) is not None)
        n, n_base = sum(own.values()), sum(base.values())
        if not n:
            continue
        who[dim] = [(v, round(c / n, 3)) for v, c in sorted(own.items(), key=_most)[:3]]
        if not n_base:
            continue
        for value, k in sorted(own.items()):
            p0 = (base[value] + 0.5) / (n_base + 1.0)
            if k >= MIN_TEXTS and k / n >= MIN_LIFT * p0:
                tests.append((dim, value, k, n, p0))
    out = []
    for dim, value, k, n, p0 in tests:
        p = min(1.0, float(binomtest(k, n, p0, alternative="greater").pvalue) * len(tests))
        if p <= ALPHA:
            share = k / n
            out.append(Segment(dim, value, k, round(share, 3), round(p0, 3),
                               round(share / p0, 2), p))  # fmt: skip
    out.sort(key=lambda s: (s.p, -s.lift, s.dimension, s.value))
    return out, who


def _most(kv: tuple[str, int]) -> tuple[int, str]:
    return -kv[1], kv[0]
