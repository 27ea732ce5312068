"""What happens when a bucket closes, after the tests: group the terms that rose together,
read their evidence, and raise the few alerts worth a reader's time.

Precision first: a term must be significant in two buckets before it alerts (one bucket is a
spike until shown otherwise), a burst of copies never alerts, every trend alerts once, and
no more than ``alerts_per_day`` alerts a day go out, the most important first; the rest stay
on the board. A complaint (negative texts tied to a product) may alert on a short burst.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sazon.trends.evidence import Recent, examples, gather, surface, texts_of
from sazon.trends.lifecycle import shares, stage
from sazon.trends.model import STAGES_EN, STAGES_ES, Alert, Episode

SEVERITY_EN = {"alta": "high", "media": "medium", "baja": "low"}

if TYPE_CHECKING:
    from sazon.trends.detector import TrendDetector

STAGE_WEIGHT = {
    "growing": 1.0, "emerging": 0.9, "peaking": 0.85, "stable": 0.5, "declining": 0.4,
    "spike": 0.15,
}  # fmt: skip
_OVERLAP = 0.5  # two terms whose texts overlap this much are one burst


def close_bucket(det: TrendDetector, bucket: int) -> None:
    hit = {t: ep for t, ep in det.episodes.items() if ep.last == bucket}
    if not hit:
        return
    found = texts_of(det, set(hit), bucket - 7, bucket)
    leaders = _group(hit, found)
    for label in list(leaders):
        ep = hit[label]
        if not found[label]:
            continue  # its texts are older than the ones kept: the last evidence stands
        ep.ids = [r[1] for r in found[label][:200]]
        earlier = _earlier(det, ep, bucket)
        if earlier is not None:  # the same burst, first told yesterday under another term
            ep.merged_into, ep.alerted = earlier.term, earlier.alerted or ep.alerted
            earlier.related = list(dict.fromkeys([*earlier.related, label]))[:8]
            del leaders[label]
    for label, members in leaders.items():
        ep = hit[label]
        if not found[label]:
            continue
        # Sentiment is read for a burst that may alert now (the scorer is the costly part).
        ev = gather(det, found[label], read=not ep.alerted and len(ep.hits) >= 2)
        ep.label = surface(label, ev.texts[0][2])
        ep.examples = examples(ev)
        if ev.sentiment is not None or ep.sentiment is None:
            ep.sentiment, ep.negative_share = ev.sentiment, ev.negative_share
        ep.products, ep.copies = ev.products, ev.copies
        ep.related = [m for m in members if m != label][:5]
        ep.since = min(hit[m].began for m in members)
    _alert(det, bucket, [hit[t] for t in leaders])


def _group(hit: dict[str, Episode], found: dict[str, list[Recent]]) -> dict[str, list[str]]:
    """Terms of one burst together ("camu", "camu camu", "yaku camu camu"), told by the most
    specific term that still holds most of the burst's texts."""
    ids = {t: {r[1] for r in found[t]} for t in hit}
    groups: list[list[str]] = []
    # Ties (a copied text gives all its terms one score) broken by the term, never by order.
    for term in sorted(hit, key=lambda t: (-hit[t].score, t)):
        for g in groups:
            a, b = ids[term], ids[g[0]]
            if a and b and len(a & b) >= _OVERLAP * min(len(a), len(b)):
                g.append(term)
                break
        else:
            groups.append([term])
    out: dict[str, list[str]] = {}
    for g in groups:
        biggest = max(len(ids[t]) for t in g)
        told = [t for t in g if hit[t].alerted and not hit[t].merged_into]
        # A burst already told keeps its name, so it never alerts twice under two names.
        label = (
            told[0]
            if told
            else min(
                (t for t in g if len(ids[t]) >= 0.7 * biggest),
                key=lambda t: (-len(t.split()), -hit[t].score, t),
            )
        )
        out[label] = g
        for t in g:
            hit[t].merged_into = None if t == label else label
    return out


def _earlier(det: TrendDetector, ep: Episode, bucket: int) -> Episode | None:
    mine = set(ep.ids)
    for other in det.episodes.values():
        if other is ep or other.merged_into or not other.ids or bucket - other.last > 7:
            continue
        if other.first >= ep.first and other.last == bucket:
            continue  # a burst of this same bucket: grouped above
        theirs = set(other.ids)
        if len(mine & theirs) >= _OVERLAP * min(len(mine), len(theirs)):
            return other
    return None


def _told_complaint(det: TrendDetector, ep: Episode, bucket: int) -> Episode | None:
    for other in det.episodes.values():
        if other is ep or not other.alerted or other.merged_into or not complaint(other):
            continue
        if bucket - other.last <= 7 and set(other.products) & set(ep.products):
            return other
    return None


def measures(det: TrendDetector, ep: Episode, now: int) -> tuple[str, int, float]:
    """Stage, texts in the last week and growth over its old share, as of ``now``."""
    at = min(now, ep.series[-1][0]) if ep.series else now
    st = stage(ep, at)
    last = [s for s in ep.series if at - 7 < s[0] <= at]
    volume = sum(c for _, c, _ in last)
    share = shares(last, len(last))[-1] if last else 0.0
    return st, volume, round(share / ep.base_share, 1) if ep.base_share else 0.0


def importance(ep: Episode, st: str, now: int) -> float:
    recency = 0.5 ** (max(0, now - ep.last) / 14)
    # Copies are one voice; a season that comes back every year is no news to a maker.
    weight = STAGE_WEIGHT[st] * (0.05 if ep.copies else 0.3 if ep.seasonal else 1.0)
    boost = 1.2 if complaint(ep) else 1.0
    return round(float(min(ep.score, 60.0) * weight * recency * boost), 3)


def complaint(ep: Episode) -> bool:
    negative = ep.negative_share >= 0.6 or (ep.sentiment is not None and ep.sentiment <= -0.3)
    return negative and bool(ep.products)


def severity(ep: Episode, growth: float) -> str:
    if complaint(ep):
        if ep.negative_share >= 0.7 and growth >= 5:
            return "alta"
        return "media" if ep.negative_share >= 0.5 else "baja"
    return "alta" if growth >= 10 else "media" if growth >= 4 else "baja"


def _alert(det: TrendDetector, bucket: int, leaders: list[Episode]) -> None:
    day = det.day_of(bucket)
    budget = det.settings.alerts_per_day * det.settings.bucket_days
    budget -= sum(1 for a in det.alerts if a.raised == day)
    ready = []
    for ep in leaders:
        if ep.alerted or ep.copies or ep.seasonal or len(ep.hits) < 2:
            continue
        st, volume, growth = measures(det, ep, bucket)
        if st == "spike" and not complaint(ep):
            continue
        told = _told_complaint(det, ep, bucket) if complaint(ep) else None
        if told is not None:  # the same product's complaint, told in other words this week
            ep.alerted, ep.merged_into = True, told.term
            told.related = list(dict.fromkeys([*told.related, ep.term]))[:8]
            continue
        ready.append((importance(ep, st, bucket), ep, st, volume, growth))
    for _, ep, st, volume, growth in sorted(ready, key=lambda r: -r[0])[: max(budget, 0)]:
        ep.alerted = True
        for t in ep.related:
            if t in det.episodes:
                det.episodes[t].alerted = True
        det.alerts.append(make_alert(det, ep, st, volume, growth, bucket))


def make_alert(
    det: TrendDetector, ep: Episode, st: str, volume: int, growth: float, bucket: int
) -> Alert:
    since = det.day_of(ep.began)
    days = det.settings.bucket_days * 7
    name = ep.label or ep.term
    sev = severity(ep, growth)
    if complaint(ep):
        kind = "queja"
        message = (
            f"Quejas sobre {', '.join(ep.products)}: «{name}» desde el "
            f"{since:%d/%m/%Y}, {volume} textos en {days} días, {ep.negative_share:.0%} "
            f"negativos (severidad {sev})."
        )
        english = (
            f"Complaints about {', '.join(ep.products)}: «{name}» since {since:%Y-%m-%d}, "
            f"{volume} texts in {days} days, {ep.negative_share:.0%} negative (severity "
            f"{SEVERITY_EN[sev]})."
        )
    else:
        kind = "tendencia"
        message = (
            f"«{name}» está {STAGES_ES[st]} desde el {since:%d/%m/%Y}: {volume} textos en "
            f"{days} días, {growth:g} veces su nivel habitual."
        )
        english = (
            f"«{name}» has been {STAGES_EN[st]} since {since:%Y-%m-%d}: {volume} texts in "
            f"{days} days, {growth:g} times its usual level."
        )
    return Alert(
        id=f"{kind}:{ep.term}:{since.isoformat()}",
        kind=kind,
        term=name,
        stage=st,
        since=since,
        raised=det.day_of(bucket),
        score=round(ep.score, 2),
        severity=sev,
        message=message,
        examples=ep.examples,
        products=ep.products,
        message_en=english,
    )
