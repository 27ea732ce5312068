"""The detector's report: trends ranked by importance, and the alerts raised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sazon.trends.alerting import complaint, importance, measures
from sazon.trends.model import Alert, Trend

if TYPE_CHECKING:
    from sazon.trends.detector import TrendDetector


@dataclass
class TrendReport:
    as_of: date | None
    trends: list[Trend]
    alerts: list[Alert]
    texts: int  # texts counted
    tracked_terms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "trends": [t.to_json() for t in self.trends],
            "alerts": [a.to_json() for a in self.alerts],
            "texts": self.texts,
            "tracked_terms": self.tracked_terms,
        }


def build_report(
    det: TrendDetector, as_of: date | None = None, top: int = 20, horizon: int | None = None
) -> TrendReport:
    """Trends as of ``as_of`` (the last closed bucket by default), most important first.

    ``horizon`` keeps only trends significant in that many buckets before ``as_of``; alerts
    are all those raised up to ``as_of``, newest first.
    """
    if det.current is None:
        return TrendReport(as_of, [], [], 0, 0)
    last_closed = det.current - 1
    now = last_closed if as_of is None else min(last_closed, det.bucket_of_day(as_of))
    trends = []
    for ep in [*det.past, *det.episodes.values()]:
        if ep.merged_into or ep.first > now:
            continue
        if horizon is not None and now - ep.last > horizon:
            continue
        st, volume, growth = measures(det, ep, now)
        trends.append(
            Trend(
                term=ep.label or ep.term,
                key=ep.term,
                stage=st,
                first_detected=det.day_of(ep.began),
                score=round(ep.score, 2),
                volume=volume,
                growth=growth,
                sentiment=ep.sentiment,
                examples=ep.examples,
                related=ep.related,
                products=ep.products,
                copies=ep.copies,
                importance=importance(ep, st, now),
                complaint=complaint(ep),
                seasonal=ep.seasonal,
            )
        )
    trends.sort(key=lambda t: (-t.importance, t.term))
    day = det.day_of(now)
    alerts = sorted((a for a in det.alerts if a.raised <= day), key=lambda a: a.raised)
    return TrendReport(day, trends[:top], alerts[::-1], det.seen, det.tracked)
