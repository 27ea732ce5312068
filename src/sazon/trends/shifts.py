"""Sentiment shifts per product and flavour: the last 7 days against the 28 before.

A shift is reported only when it is real: at least ``min_n`` scored texts on each side, a
difference of at least ``min_delta`` (on −1…1), and Welch's t-test significant after a
Bonferroni correction over every subject tested (precision first, like the trend alerts).
Each text's sentiment is ``sazon.text``'s model when a scorer is given (the detector's), else
the stars of a review; texts with neither are not counted.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sazon.trends.detector import rating_score
from sazon.trends.model import Alert, MarketItem
from sazon.trends.subjects import day_of, subjects, week_of

if TYPE_CHECKING:
    from sazon.trends.detector import Scorer

RECENT, BEFORE, WEEKS = 7, 28, 8
_BATCH = 500


@dataclass
class Shift:
    subject: str
    kind: str  # "producto" or "sabor"
    before: float  # mean sentiment in the 28 days before
    after: float  # mean sentiment in the last 7 days
    n_before: int
    n_after: int
    p: float  # Welch's t-test, Bonferroni-corrected
    since: date  # the first day of the last 7
    examples: list[str] = field(default_factory=list)  # the week's texts that moved it most
    weeks: list[tuple[str, int, float]] = field(default_factory=list)  # Monday, n, mean

    @property
    def delta(self) -> float:
        return round(self.after - self.before, 3)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"] = self.since.isoformat()
        out["delta"] = self.delta
        out["direction"] = "baja" if self.delta < 0 else "sube"
        return out

    def message(self) -> str:
        verb = "bajó" if self.delta < 0 else "subió"
        return (
            f"El sentimiento sobre {self.subject} {verb} de {self.before:+.2f} a "
            f"{self.after:+.2f} en los últimos 7 días ({self.n_after} textos frente a "
            f"{self.n_before} en las 4 semanas previas; {_p(self.p)})."
        )

    def message_en(self) -> str:
        verb = "fell" if self.delta < 0 else "rose"
        return (
            f"Sentiment about {self.subject} {verb} from {self.before:+.2f} to "
            f"{self.after:+.2f} in the last 7 days ({self.n_after} texts against "
            f"{self.n_before} in the 4 weeks before; {_p(self.p)})."
        )

    def alert(self) -> Alert:
        size = abs(self.delta)
        return Alert(
            id=f"sentimiento:{self.kind}:{self.subject}:{self.since.isoformat()}",
            kind="sentimiento",
            term=self.subject,
            stage="declining" if self.delta < 0 else "growing",
            since=self.since,
            raised=self.since + timedelta(days=RECENT - 1),
            score=round(min(300.0, -_log10(self.p)), 2),
            severity="alta" if size >= 0.6 else "media" if size >= 0.4 else "baja",
            message=self.message(),
            message_en=self.message_en(),
            examples=self.examples,
            products=[self.subject] if self.kind == "producto" else [],
        )


def sentiments(items: Sequence[MarketItem], scorer: Scorer | None) -> list[float | None]:
    """One sentiment per item (None when neither the model nor stars say)."""
    out: list[float | None] = [rating_score(i.rating) for i in items]
    if scorer is not None:
        for start in range(0, len(items), _BATCH):
            chunk = items[start : start + _BATCH]
            for k, s in enumerate(scorer([i.text for i in chunk])):
                out[start + k] = s
    return out


def sentiment_shifts(
    items: Sequence[MarketItem],
    scores: Sequence[float | None],
    as_of: date,
    alpha: float = 0.01,
    min_n: int = 8,
    min_delta: float = 0.25,
) -> list[Shift]:
    """The significant shifts as of ``as_of`` (its 7 days against the 28 before), the
    largest first; ``scores`` line up with ``items`` (:func:`sentiments`)."""
    start = as_of - timedelta(days=RECENT - 1)
    first = start - timedelta(days=BEFORE)
    oldest_week = week_of(as_of) - timedelta(weeks=WEEKS - 1)
    recent: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    before: dict[tuple[str, str], list[float]] = defaultdict(list)
    weekly: dict[tuple[str, str], dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for item, score in zip(items, scores, strict=True):
        day = day_of(item)
        if score is None or day > as_of or day < min(first, oldest_week):
            continue
        for subject in subjects(item):
            if day >= oldest_week:
                weekly[subject][week_of(day)].append(score)
            if day >= start:
                recent[subject].append((score, item.text))
            elif day >= first:
                before[subject].append(score)
    from scipy.stats import ttest_ind  # type: ignore[import-untyped]  # slow to import

    tested = [s for s in sorted(recent) if len(recent[s]) >= min_n and len(before[s]) >= min_n]
    out = []
    for kind, name in tested:
        now = [x for x, _ in recent[kind, name]]
        then = before[kind, name]
        after_mean, before_mean = sum(now) / len(now), sum(then) / len(then)
        if abs(after_mean - before_mean) < min_delta:
            continue
        if len(set(now)) == 1 and len(set(then)) == 1:
            p = 0.0  # every text agrees on each side (stars), and the sides differ
        else:
            with warnings.catch_warnings():  # nearly constant sides: scipy warns, p stands
                warnings.simplefilter("ignore", RuntimeWarning)
                p = float(ttest_ind(now, then, equal_var=False).pvalue)
            p = min(1.0, p * len(tested))
        if p > alpha:
            continue
        down = after_mean < before_mean
        moved = sorted(recent[kind, name], key=lambda r: r[0] if down else -r[0])
        out.append(
            Shift(
                subject=name, kind=kind, before=round(before_mean, 3),
                after=round(after_mean, 3), n_before=len(then), n_after=len(now), p=p,
                since=start, examples=list(dict.fromkeys(t for _, t in moved))[:3],
                weeks=[(w.isoformat(), len(v), round(sum(v) / len(v), 3))
                       for w, v in sorted(weekly[kind, name].items())],
            )
        )  # fmt: skip
    out.sort(key=lambda s: (-abs(s.delta), s.subject))
    return out


def _log10(p: float) -> float:
    from math import log10

    return log10(max(p, 1e-300))


def _p(p: float) -> str:
    return "p < 1e-16" if p < 1e-16 else f"p = {p:.1g}"
