"""Does a trend lead sales? The weekly volume of a trend against a product's weekly sales.

    read = read_sales_file(path)             # product, week, units or amount; bad rows named
    lead = trend_lead(items, trend.key, read, product)
    lead.sentence("es"), lead.sentence("en")

For each lag of 0–:data:`MAX_LAG` weeks, the Pearson correlation of the trend's texts in a
week with the product's sales that many weeks later, over the weeks both are known (at
least :data:`MIN_WEEKS`). The lead is the lag with the highest correlation; its p-value
comes from a permutation test that shuffles the trend's weeks and takes the best lag of
each shuffle too, so trying nine lags is paid for. Shuffling ignores that both series drift
with the season, so a small p says "worth a look", not "causes".
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sazon.trends.model import MarketItem, Trend
from sazon.trends.reading import BadLine
from sazon.trends.subjects import day_of, week_of
from sazon.trends.terms import grams

MAX_LAG, MIN_WEEKS, PERMUTATIONS, ALPHA = 8, 8, 2000, 0.01  # precision first, as the alerts
_PRODUCT = ("product", "producto")
_WEEK = ("week", "semana")
_VALUE = ("units", "unidades", "amount", "monto", "importe")


@dataclass
class SalesRead:
    weekly: dict[str, dict[date, float]] = field(default_factory=dict)  # product → Monday → sold
    bad: list[BadLine] = field(default_factory=list)
    measure: str = "units"


def parse_week(raw: str) -> date:
    """The Monday of ``raw``: an ISO date (any day of the week) or an ISO week ``2026-W07``."""
    text = raw.strip()
    if "W" in text.upper():
        year, _, week = text.upper().partition("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    return week_of(date.fromisoformat(text))


def read_sales_rows(rows: Iterable[dict[str, str | None]], start: int = 2) -> SalesRead:
    """Sales rows (a CSV's dicts, header at line ``start - 1``): a bad row is one line with
    its reason and the rest is read; rows of the same product and week add up."""
    out = SalesRead()
    weekly: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for n, row in enumerate(rows, start=start):
        low = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        product = next((low[k] for k in _PRODUCT if low.get(k)), "")
        week = next((low[k] for k in _WEEK if low.get(k)), "")
        value_key = next((k for k in _VALUE if low.get(k)), None)
        if not product:
            out.bad.append(BadLine(n, "falta el producto / product missing"))
            continue
        if not week or value_key is None:
            out.bad.append(BadLine(n, "falta la semana o las unidades / week or units missing"))
            continue
        try:
            monday = parse_week(week)
        except ValueError:
            out.bad.append(BadLine(n, f"semana ilegible «{week}»: usa 2026-03-02 o 2026-W10 / "
                                      "unreadable week: use an ISO date or YYYY-Www"))  # fmt: skip
            continue
        try:
            value = float(low[value_key].replace(",", ""))
        except ValueError:
            out.bad.append(BadLine(n, f"«{low[value_key]}» no es un número / is not a number"))
            continue
        if value < 0:
            out.bad.append(BadLine(n, f"venta negativa {value:g} / negative sales"))
            continue
        weekly[product][monday] += value
        out.measure = "amount" if value_key in ("amount", "monto", "importe") else "units"
    out.weekly = {p: dict(w) for p, w in weekly.items()}
    return out


def read_sales_file(path: Path) -> SalesRead:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return read_sales_rows(csv.DictReader(f))


def weekly_volume(items: Sequence[MarketItem], key: str) -> dict[date, int]:
    """Texts naming the term ``key`` (normalised) per week (Monday), zero-filled between
    the first and the last week of ``items``."""
    if not items:
        return {}
    days = [day_of(i) for i in items]
    first, last = week_of(min(days)), week_of(max(days))
    out = {first + timedelta(weeks=w): 0 for w in range((last - first).days // 7 + 1)}
    for item, day in zip(items, days, strict=True):
        if key in grams(item.text, item.product):
            out[week_of(day)] += 1
    return out


@dataclass
class Lead:
    product: str
    lag_weeks: int | None  # the best lag; None when not enough weeks
    r: float | None
    p: float | None
    weeks: int  # weeks compared at the best lag (the most at any lag when not enough)
    per_lag: list[tuple[int, int, float]] = field(default_factory=list)  # lag, n, r
    measure: str = "units"

    @property
    def enough(self) -> bool:
        return self.lag_weeks is not None

    def to_json(self) -> dict[str, Any]:
        per_lag = [{"lag": lag, "weeks": n, "r": r} for lag, n, r in self.per_lag]
        return {"product": self.product, "lag_weeks": self.lag_weeks, "r": self.r, "p": self.p,
                "weeks": self.weeks, "enough_weeks": self.enough, "measure": self.measure,
                "per_lag": per_lag}  # fmt: skip

    def sentence(self, lang: str = "es") -> str:
        """One evidence line in ``lang`` (the same facts in each)."""
        w = _SAY[lang]
        if self.lag_weeks is None or self.r is None or self.p is None:
            return w["short"].format(p=self.product, n=self.weeks, need=MIN_WEEKS)
        stats = w["stats"].format(r=self.r, n=self.weeks, pv=self.p)
        lag = self.lag_weeks
        if self.p > ALPHA or self.r <= 0:
            return w["none"].format(p=self.product, most=MAX_LAG, lag=lag, stats=stats)
        if lag == 0:
            return w["same"].format(p=self.product, stats=stats)
        unit = w["week"] if lag == 1 else w["weeks"]
        return w["lead"].format(p=self.product, lag=lag, unit=unit, stats=stats)


_SAY = {
    "es": {
        "short": "Ventas de {p}: muy pocas semanas para comparar ({n}; hacen falta {need} por "
                 "desfase).",
        "stats": "r = {r:+.2f} en {n} semanas; p = {pv:.2g} por permutación",
        "none": "Ventas de {p}: sin relación significativa con la tendencia en desfases de 0 a "
                "{most} semanas (la mejor: {lag}; {stats}).",
        "same": "Ventas de {p}: suben y bajan la misma semana que la tendencia ({stats}).",
        "lead": "Ventas de {p}: la tendencia se adelanta {lag} {unit} a las ventas ({stats}).",
        "week": "semana", "weeks": "semanas",
    },
    "en": {
        "short": "Sales of {p}: not enough weeks to compare ({n}; {need} needed at each lag).",
        "stats": "r = {r:+.2f} over {n} weeks; p = {pv:.2g} by permutation",
        "none": "Sales of {p}: no significant relation to the trend at lags of 0 to {most} "
                "weeks (best: {lag}; {stats}).",
        "same": "Sales of {p}: they move the same week as the trend ({stats}).",
        "lead": "Sales of {p}: the trend leads sales by {lag} {unit} ({stats}).",
        "week": "week", "weeks": "weeks",
    },
}  # fmt: skip


def lead_of(
    volume: dict[date, int], sales: dict[date, float], product: str = "", seed: int = 0
) -> Lead:
    """The lead of ``volume`` (texts a week) over ``sales`` (sold a week), lags 0–MAX_LAG."""
    import numpy as np

    weeks = sorted(volume)
    x = np.array([volume[w] for w in weeks], dtype=float)
    pairs = []  # per lag: the trend's week indices and the sales they meet
    for lag in range(MAX_LAG + 1):
        idx = [i for i, w in enumerate(weeks) if w + timedelta(weeks=lag) in sales]
        y = np.array([sales[weeks[i] + timedelta(weeks=lag)] for i in idx], dtype=float)
        pairs.append((lag, np.array(idx, dtype=int), y))
    usable = [(lag, i, y) for lag, i, y in pairs
              if len(i) >= MIN_WEEKS and y.std() > 0 and x[i].std() > 0]  # fmt: skip
    most = max((len(i) for _, i, _ in pairs), default=0)
    if not usable:
        return Lead(product, None, None, None, most)
    rng = np.random.default_rng(seed)
    shuffled = np.array([rng.permutation(x) for _ in range(PERMUTATIONS)])
    best_perm = np.full(PERMUTATIONS, -np.inf)
    per_lag = []
    for lag, i, y in usable:
        r = float(np.corrcoef(x[i], y)[0, 1])
        per_lag.append((lag, len(i), round(r, 3)))
        xs = shuffled[:, i]
        xs = xs - xs.mean(axis=1, keepdims=True)
        yc = (y - y.mean()) / np.linalg.norm(y - y.mean())
        norms = np.linalg.norm(xs, axis=1)
        r_perm = np.where(norms > 0, xs @ yc / np.where(norms > 0, norms, 1), 0.0)
        best_perm = np.maximum(best_perm, r_perm)
    lag, n, r = max(per_lag, key=lambda t: (t[2], -t[0]))
    p = (1 + int((best_perm >= r - 1e-12).sum())) / (PERMUTATIONS + 1)
    return Lead(product, lag, r, round(p, 4), n, per_lag)


def pick_product(read: SalesRead, products: Sequence[str], wanted: str | None) -> str:
    """The product whose sales to compare: ``wanted``, else the trend's first product in the
    file, else the file's only product; a ValueError names the choices otherwise."""
    names = sorted(read.weekly)
    if not names:
        raise ValueError("el archivo de ventas no tiene filas válidas / no valid sales rows")
    if wanted:
        for name in names:
            if name.lower() == wanted.lower():
                return name
        raise ValueError(f"«{wanted}» no está en las ventas / not in the sales file: "
                         f"{', '.join(names)[:300]}")  # fmt: skip
    for p in products:
        if p in read.weekly:
            return p
    if len(names) == 1:
        return names[0]
    raise ValueError(f"elige un producto con --product / choose one with --product: "
                     f"{', '.join(names)[:300]}")  # fmt: skip


def trend_lead(
    items: Sequence[MarketItem], key: str, read: SalesRead, product: str, seed: int = 0
) -> Lead:
    lead = lead_of(weekly_volume(items, key), read.weekly[product], product, seed)
    lead.measure = read.measure
    return lead


def demo_sales(
    volume: dict[date, int], product: str, lag: int = 2, seed: int = 0
) -> list[dict[str, str]]:
    """Sales rows that follow ``volume`` ``lag`` weeks later, with noise: for demos and tests."""
    rng = random.Random(seed)
    rows = []
    for w in sorted(volume):
        base = 200 + 15 * volume.get(w - timedelta(weeks=lag), 0)
        rows.append({"product": product, "week": w.isoformat(),
                     "units": str(round(base * rng.uniform(0.9, 1.1)))})  # fmt: skip
    return rows


def brief_lead(
    trend: Trend, items: Sequence[MarketItem], read: SalesRead, product: str | None = None
) -> Lead:
    """The lead of ``trend`` (a reported one) over the sales in ``read``: the product is
    ``product``, else the one the trend names, else the file's only one (ValueError else)."""
    chosen = pick_product(read, trend.products, product)
    return trend_lead(items, trend.key or " ".join(trend.term.split()), read, chosen)
