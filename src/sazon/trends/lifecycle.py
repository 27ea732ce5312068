"""The stage of a trend from its own share of texts, bucket by bucket.

- ``spike``: at most two buckets above its old level, and back down since (a match, a
  holiday): reported as such and ranked below sustained trends;
- ``emerging``: detected in the last three buckets and not yet shown to last or to fall;
- ``growing``: still high and rising over the last week;
- ``peaking``: high and flat, or just off its top;
- ``declining``: falling well below its top, still above where it was;
- ``stable``: a new level held for weeks, or back to where it was after a lasting run.

Shares are read over a few buckets at a time when a term is thin (a handful of texts a day
make a day's share noise), so the same rules hold on the demo's 5 texts a day and on a
bench's 1,500.
"""

from __future__ import annotations

from sazon.trends.model import Episode

_ENOUGH = 30  # texts naming the term a smoothing window should hold


def _smoothing(series: list[tuple[int, int, int]]) -> int:
    counts = [c for _, c, _ in series[-14:]]
    per_bucket = sum(counts) / max(len(counts), 1)
    for width in (1, 3, 7):
        if per_bucket * width >= _ENOUGH:
            return width
    return 7


def shares(series: list[tuple[int, int, int]], width: int) -> list[float]:
    """The share of texts naming the term, over ``width`` buckets ending at each bucket."""
    out = []
    for i in range(len(series)):
        part = series[max(0, i - width + 1) : i + 1]
        vol = sum(v for _, _, v in part)
        out.append(sum(c for _, c, _ in part) / vol if vol else 0.0)
    return out


def stage(ep: Episode, now: int) -> str:
    """The stage of ``ep`` as of bucket ``now`` (its series must reach ``now``)."""
    series = [s for s in ep.series if s[0] <= now]
    if not series:
        return "emerging"
    width = _smoothing(series)
    share = shares(series, width)
    raw = shares(series, 1)
    high = max(2.5 * ep.base_share, 1e-9)
    after = [s for s, b in zip(raw, (x[0] for x in series), strict=True) if b >= ep.first]
    elevated = [b for (b, _, _), s in zip(series, raw, strict=True) if s > high and b >= ep.first]
    since_last = now - max(elevated) if elevated else now - ep.last
    # A burst of one or two buckets that fell back: a spike, once a bucket has shown the fall.
    short = len(elevated) <= 2 and (not elevated or max(elevated) - min(elevated) <= 1)
    if short and since_last >= 1 and raw[-1] <= high and len(ep.hits) <= 2:
        return "spike"
    if now - ep.first < 2:
        return "emerging"
    top = max(share[-len(after) :]) if after else max(share)
    current = share[-1]
    week_ago = share[-8] if len(share) >= 8 else share[0]
    if current <= high / 1.5:  # back where it was
        return "declining" if since_last <= 7 else "stable"
    if current >= 0.8 * top and current > 1.15 * week_ago:
        return "growing" if now - ep.first >= 3 or current > 1.5 * week_ago else "emerging"
    if current < 0.6 * top:
        return "declining"
    return "peaking" if now - ep.first < 21 else "stable"
