"""Rises that come back with the calendar: a term as high the same weeks a year before
(weekly buckets), or on the same weekday of the weeks before and not between (daily
buckets: the Saturday barbecue). Such a burst is the period's, not an emerging trend: it is
reported as ``seasonal``, ranked low and never alerted (sazon.trends.alerting)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sazon.trends.detector import TrendDetector


def yearly(det: TrendDetector, row: int, bucket: int, w: int) -> bool:
    """Was the term as high a year ago, in the same window? (pumpkin in October).

    Only when the ring reaches a year back (weekly buckets); daily buckets keep 84 days.
    """
    season = round(365 / det.settings.bucket_days)
    if season + w > det.settings.ring or det.first is None or bucket - season < det.first:
        return False
    now_cols, then_cols = det._columns(bucket, w), det._columns(bucket - season, w)
    now_vol, then_vol = det.volume[now_cols].sum(), det.volume[then_cols].sum()
    if not now_vol or not then_vol:
        return False
    now = det.counts[row, now_cols].sum() / now_vol
    then = det.counts[row, then_cols].sum() / then_vol
    return bool(then >= 0.5 * now)


def share(det: TrendDetector, row: int, bucket: int, w: int) -> float | None:
    cols = det._columns(bucket, w)
    vol = det.volume[cols].sum()
    return float(det.counts[row, cols].sum() / vol) if vol else None


def weekly(det: TrendDetector, row: int, bucket: int, w: int, weeks: int = 3) -> bool:
    """Does the term rise on this weekday every week (the Saturday barbecue)? The same
    days of the weeks before were as high (half its share now, at least two weeks seen),
    and the days between them were not: a rise that comes back every week is the
    period's, not an emerging trend. Checked at a burst's first day only, for daily
    buckets and windows shorter than a week (a trend that has lasted weeks was high a
    week ago too, and is no weekday's)."""
    s = det.settings
    if s.bucket_days != 1 or w >= 7 or det.first is None:
        return False
    now = share(det, row, bucket, w)
    back = [bucket - 7 * k for k in range(1, weeks + 1) if bucket - 7 * k - w >= det.first]
    if not now or len(back) < 2:
        return False
    then = [share(det, row, b, w) or 0.0 for b in back]
    between = [share(det, row, b, 1) or 0.0 for b in range(back[-1], bucket - w + 1)
               if (bucket - b) % 7 >= w]  # fmt: skip
    quiet = not between or sum(between) / len(between) < 0.5 * now
    return min(then) >= 0.5 * now and quiet
