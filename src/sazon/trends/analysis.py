"""What the board, the briefs and the alerts read beside the ranked trends: the segments
behind each trend, topics grouping related terms, themes over every text of the window
(``themes.py``), daily series for the sparklines, and the sentiment shifts per product and
flavour (with their alerts).

    analysis = analyse(items, report, scorer)     # items: the texts the report was built on
    analysis.to_json()

The detector keeps counts, not texts, so this reads the texts of the last weeks again; it
is a second pass over at most ``BEFORE + RECENT`` days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sazon.trends.model import VOLUME, Alert, MarketItem
from sazon.trends.report import TrendReport
from sazon.trends.segments import Segment, drivers
from sazon.trends.shifts import BEFORE, RECENT, Shift, sentiment_shifts, sentiments
from sazon.trends.subjects import day_of, flavours_in
from sazon.trends.terms import grams
from sazon.trends.themes import Themes, find_themes

if TYPE_CHECKING:
    from sazon.trends.detector import Scorer

WINDOW, SPARK = 14, 28  # days of a trend's texts read for segments; days in a sparkline
_JOIN = 0.2  # two trends whose texts overlap this much (Jaccard) are one topic


@dataclass
class Topic:
    name: str
    terms: list[str]  # the trends' terms, the most important first
    texts: int  # texts naming any of them in the last WINDOW days
    sentiment: float | None

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class Analysis:
    report: TrendReport
    shifts: list[Shift] = field(default_factory=list)
    segments: dict[str, list[Segment]] = field(default_factory=dict)  # trend key → drivers
    who: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)
    series: dict[str, list[int]] = field(default_factory=dict)  # trend key → texts a day
    topics: list[Topic] = field(default_factory=list)
    themes: Themes = field(default_factory=Themes)

    @property
    def alerts(self) -> list[Alert]:
        """The detector's alerts and the sentiment-shift alerts, newest first."""
        shifted = [s.alert() for s in self.shifts]
        return sorted([*self.report.alerts, *shifted], key=lambda a: (a.raised, a.id))[::-1]

    def to_json(self) -> dict[str, Any]:
        data = self.report.to_json()
        for t in data["trends"]:
            key = t["key"]
            t["series"] = self.series.get(key, [])
            t["segments"] = [s.to_json() for s in self.segments.get(key, [])]
            t["who"] = {d: [list(v) for v in vs] for d, vs in self.who.get(key, {}).items()}
        data["alerts"] = [a.to_json() for a in self.alerts]
        data["shifts"] = [s.to_json() for s in self.shifts]
        data["topics"] = [t.to_json() for t in self.topics]
        data["themes"] = self.themes.to_json()
        return data


def analyse(
    items: Sequence[MarketItem], report: TrendReport, scorer: Scorer | None = None
) -> Analysis:
    """Segments, topics, series and sentiment shifts as of ``report.as_of``."""
    out = Analysis(report)
    as_of = report.as_of
    if as_of is None:
        return out
    first_day = as_of - timedelta(days=max(BEFORE + RECENT, SPARK, WINDOW) - 1)
    recent = [i for i in items if first_day <= day_of(i) <= as_of]
    scores = sentiments(recent, scorer)
    out.shifts = sentiment_shifts(recent, scores, as_of)
    keys = [t.key for t in report.trends if t.key != VOLUME]
    spark_from, window_from = as_of - timedelta(days=SPARK - 1), as_of - timedelta(days=WINDOW - 1)
    out.series = {k: [0] * SPARK for k in keys}
    texts: dict[str, set[int]] = {k: set() for k in keys}
    window = []
    wanted = set(keys)
    for n, item in enumerate(recent):
        day = day_of(item)
        if day < spark_from:
            continue
        found = wanted & grams(item.text, item.product)
        for k in found:
            out.series[k][(day - spark_from).days] += 1
        if day >= window_from:
            window.append(n)
            for k in found:
                texts[k].add(n)
    for k in keys:
        mine = [recent[n] for n in sorted(texts[k])]
        others = [recent[n] for n in window if n not in texts[k]]
        out.segments[k], out.who[k] = drivers(mine, others)
    out.topics = _topics(report, texts, scores)
    out.themes = find_themes(recent, scores)
    return out


def _topics(
    report: TrendReport, texts: dict[str, set[int]], scores: Sequence[float | None]
) -> list[Topic]:
    """Trends whose texts overlap, or that name the same flavour, are one topic; named by
    the flavour they share, else by their most important term."""
    trends = [t for t in report.trends if t.key in texts and texts[t.key] and not t.copies]
    parent = list(range(len(trends)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tastes = [set(flavours_in(t.term)) for t in trends]
    for i, a in enumerate(trends):
        for j in range(i):
            ta, tb = texts[a.key], texts[trends[j].key]
            if tastes[i] & tastes[j] or len(ta & tb) >= _JOIN * len(ta | tb):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(trends)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        shared = set.intersection(*(tastes[i] for i in members)) if len(members) > 1 else set()
        ids = set().union(*(texts[trends[i].key] for i in members))
        known = [s for n in ids if (s := scores[n]) is not None]
        out.append(
            Topic(
                name=min(shared) if shared else trends[members[0]].term,
                terms=list(dict.fromkeys(trends[i].term for i in members)),
                texts=len(ids),
                sentiment=round(sum(known) / len(known), 3) if known else None,
            )
        )
    out.sort(key=lambda t: (-t.texts, t.name))
    return out
