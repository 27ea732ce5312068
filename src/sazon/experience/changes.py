"""What changed this week and why: the aspects and dishes of a venue whose share of negative
(or positive) judgements moved beyond chance, week over week, each with the reviews behind it.

For every aspect (food, service, ambience, price, waiting time, drinks, cleanliness) and every
dish named in both periods, and for both the negative and the positive share, the week is
compared with the week before by a two-proportion z-test (pooled, two-sided; Fisher's exact
test when an expected count is under 5, as the z-test's normal approximation then fails), both
from SciPy.
Rows with fewer than :data:`MIN_N` judgements in either period are not tested. The p-values of
all the rows tested for one venue and week are corrected together (Benjamini–Hochberg, SciPy's
``false_discovery_control``), so with twenty-odd rows a change is reported only when its
q-value is under ``alpha`` (0.05): a quiet week reports nothing.

``weeks`` widens both periods (``weeks=4``: the four weeks up to the one asked against the
four before), for changes too slow to show in one week's reviews.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel
from scipy import stats  # type: ignore[import-untyped]
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sazon.experience.dish_report import check_weeks, linked_mentions
from sazon.experience.feedback_reads import (
    FeedbackText,
    aspects_by_feedback,
    feedback_texts,
    iso_week,
    menu_of,
    venue_linker,
    venue_named,
    week_start,
)
from sazon.store.models import Feedback
from sazon.timeutil import to_lima, utcnow

__all__ = ["Change", "Driver", "VenueChanges", "two_proportion_p", "venue_changes"]

MIN_N = 5
DRIVERS = 3
ASPECT_NAMES = {
    "food": ("comida", "food"),
    "service": ("servicio", "service"),
    "ambience": ("ambiente", "ambience"),
    "price": ("precio", "price"),
    "waiting_time": ("espera", "waiting time"),
    "drinks": ("bebidas", "drinks"),
    "cleanliness": ("limpieza", "cleanliness"),
}


class Driver(BaseModel):
    day: date
    sentiment: Literal["positive", "neutral", "negative"]
    text: str


class Change(BaseModel):
    kind: Literal["aspect", "dish"]
    key: str
    name: str
    measure: Literal["negative", "positive"]
    direction: Literal["up", "down"]
    before_n: int
    before_count: int
    before_share: float
    now_n: int
    now_count: int
    now_share: float
    p_value: float
    q_value: float
    test: Literal["z", "fisher"]
    summary: str
    reviews: list[Driver]
    # The other share of the same aspect or dish, when it moved beyond chance too (reported
    # here rather than as a second change: it is the same shift seen from the other side).
    also: str | None = None
    also_measure: Literal["negative", "positive"] | None = None
    also_before_share: float | None = None
    also_now_share: float | None = None
    also_p_value: float | None = None


class VenueChanges(BaseModel):
    venue: str
    venue_name: str
    week: str
    since: date
    until: date
    before_since: date
    before_until: date
    reviews_now: int
    reviews_before: int
    rows_tested: int
    alpha: float
    changes: list[Change]


@dataclass(frozen=True, slots=True)
class _Judgement:
    kind: str
    key: str
    label: str
    feedback: FeedbackText
    evidence: str


def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> tuple[float, str]:
    """Two-sided p-value that k1/n1 and k2/n2 differ, and which test gave it."""
    pooled = (k1 + k2) / (n1 + n2)
    expected = min(n1, n2) * min(pooled, 1 - pooled)
    if expected < 5:
        _, p = stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
        return float(p), "fisher"
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (k2 / n2 - k1 / n1) / se
    return float(2 * stats.norm.sf(abs(z))), "z"


def _judgements(session: Session, venue_id: int, texts: list[FeedbackText]) -> list[_Judgement]:
    out: list[_Judgement] = []
    aspects = aspects_by_feedback(session, texts)
    for t in texts:
        for a in aspects.get(t.id, []):
            out.append(_Judgement("aspect", a["aspect"], a["label"], t, a.get("evidence", "")))
    menu = menu_of(session, venue_id)
    if menu and texts:
        for lm in linked_mentions(venue_linker(session, menu), texts):
            m = lm.mention
            if m.dish is not None:
                out.append(_Judgement("dish", m.dish, m.sentiment, lm.feedback, m.evidence))
    return out


def _groups(items: Iterable[_Judgement]) -> dict[tuple[str, str], list[_Judgement]]:
    groups: dict[tuple[str, str], list[_Judgement]] = defaultdict(list)
    for j in items:
        groups[(j.kind, j.key)].append(j)
    return groups


def venue_changes(
    session: Session,
    venue: str | int,
    *,
    week: date | None = None,
    weeks: int = 1,
    alpha: float = 0.05,
    lang: str = "es",
) -> VenueChanges:
    """The changes of ``week`` (any day of it; default: the week of the venue's latest
    feedback) against the week before (``weeks`` widens both), most significant first."""
    check_weeks(weeks)
    place = venue_named(session, venue)
    monday = week_start(week) if week is not None else _latest_week(session, place.id)
    since = monday - timedelta(weeks=weeks - 1)
    until = monday + timedelta(days=6)
    before_since, before_until = since - timedelta(weeks=weeks), since - timedelta(days=1)
    now_texts = feedback_texts(session, place.id, since, until)
    before_texts = feedback_texts(session, place.id, before_since, before_until)
    now = _groups(_judgements(session, place.id, now_texts))
    before = _groups(_judgements(session, place.id, before_texts))
    names = {d.code: d.name_es for d in menu_of(session, place.id)}
    rows: list[tuple[tuple[str, str], str, int, int, int, int, float, str]] = []
    for group in sorted(set(now) & set(before)):
        n1, n2 = len(before[group]), len(now[group])
        if n1 < MIN_N or n2 < MIN_N:
            continue
        for measure in ("negative", "positive"):
            k1 = sum(j.label == measure for j in before[group])
            k2 = sum(j.label == measure for j in now[group])
            if k1 + k2 in (0, n1 + n2):
                continue  # nobody, or everybody, both weeks: nothing can have moved
            p, test = two_proportion_p(k1, n1, k2, n2)
            rows.append((group, measure, k1, n1, k2, n2, p, test))
    qs = stats.false_discovery_control([r[6] for r in rows]) if rows else []
    found = [
        _change(row, float(q), now[row[0]], names, lang)
        for row, q in zip(rows, qs, strict=True)
        if q < alpha
    ]
    found.sort(key=lambda c: (c.q_value, c.p_value, c.kind, c.key, c.measure))
    changes = _once_each(found, lang)
    return VenueChanges(
        venue=place.code, venue_name=place.name, week=iso_week(monday), since=since,
        until=until, before_since=before_since, before_until=before_until,
        reviews_now=len(now_texts), reviews_before=len(before_texts), rows_tested=len(rows),
        alpha=alpha, changes=changes,
    )  # fmt: skip


def _once_each(found: list[Change], lang: str) -> list[Change]:
    """One change per aspect or dish: a shift usually moves both shares (negatives up and
    positives down), which is one thing that happened, not two. The most significant of
    the two is kept; the other's move is added to its sentence."""
    kept: dict[tuple[str, str], Change] = {}
    for c in found:  # most significant first
        first = kept.get((c.kind, c.key))
        if first is None:
            kept[(c.kind, c.key)] = c
            continue
        kept[(c.kind, c.key)] = first.model_copy(update={
            "also": _also(c, lang == "es"), "also_measure": c.measure,
            "also_before_share": c.before_share, "also_now_share": c.now_share,
            "also_p_value": c.p_value, "summary": f"{first.summary}; {_also(c, lang == 'es')}",
        })  # fmt: skip
    return list(kept.values())


def _also(c: Change, es: bool) -> str:
    if es:
        what = "las negativas" if c.measure == "negative" else "las positivas"
        verb = "subieron" if c.direction == "up" else "bajaron"
        return f"{what} {verb} de {c.before_share:.0%} a {c.now_share:.0%} (p={c.p_value:.3g})"
    what = "negative ones" if c.measure == "negative" else "positive ones"
    verb = "rose" if c.direction == "up" else "fell"
    return f"{what} {verb} from {c.before_share:.0%} to {c.now_share:.0%} (p={c.p_value:.3g})"


def _latest_week(session: Session, venue_id: int) -> date:
    latest = session.scalar(select(func.max(Feedback.submitted_at)).where(
        Feedback.venue_id == venue_id))  # fmt: skip
    return week_start(to_lima(latest).date() if latest else to_lima(utcnow()).date())


def _change(
    row: tuple[tuple[str, str], str, int, int, int, int, float, str],
    q: float,
    judged: list[_Judgement],
    names: dict[str, str],
    lang: str,
) -> Change:
    (kind, key), measure, k1, n1, k2, n2, p, test = row
    before, now = k1 / n1, k2 / n2
    direction: Literal["up", "down"] = "up" if now > before else "down"
    es = lang == "es"
    name = (
        names.get(key, key) if kind == "dish" else ASPECT_NAMES.get(key, (key, key))[0 if es else 1]
    )
    # The reviews behind a move: this period's judgements in the direction it moved.
    wanted = measure if direction == "up" else ("positive" if measure == "negative" else "negative")
    behind = sorted((j for j in judged if j.label == wanted), key=lambda j: j.feedback.day,
                    reverse=True)[:DRIVERS]  # fmt: skip
    return Change.model_validate(
        {
            "kind": kind, "key": key, "name": name, "measure": measure,
            "direction": direction, "before_n": n1, "before_count": k1,
            "before_share": round(before, 4), "now_n": n2, "now_count": k2,
            "now_share": round(now, 4), "p_value": _sig(p), "q_value": _sig(q),
            "test": test, "summary": _summary(name, measure, direction, before, now, n1, n2, p, es),
            "reviews": [
                {"day": j.feedback.day, "sentiment": j.label,
                 "text": j.evidence or j.feedback.text}
                for j in behind
            ],
        }
    )  # fmt: skip


def _sig(x: float) -> float:
    # Three significant digits, not six decimals: a p of 3e-9 is not 0.
    return float(f"{x:.3g}")


def _summary(
    name: str, measure: str, direction: str, before: float, now: float, n1: int, n2: int,
    p: float, es: bool,
) -> str:  # fmt: skip
    if es:
        what = "negativas" if measure == "negative" else "positivas"
        verb = "subieron" if direction == "up" else "bajaron"
        return (f"{name}: las opiniones {what} {verb} de {before:.0%} (n={n1}) a {now:.0%} "
                f"(n={n2}), p={p:.3g}")  # fmt: skip
    what = "negative" if measure == "negative" else "positive"
    verb = "rose" if direction == "up" else "fell"
    return (
        f"{name}: {what} opinions {verb} from {before:.0%} (n={n1}) to {now:.0%} "
        f"(n={n2}), p={p:.3g}"
    )
