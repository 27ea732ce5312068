"""Return visits: for each guest, expected visits in the next N days and P(returns within N).

The model is BG/NBD (:mod:`sazon.experience.bgnbd`), fitted on the visits up to the
calibration end; ``bench/bench_returns.py`` measured the alternatives on CDNOW and none beat
it on the development cut-offs (docs/experience.md, «Return visits»). Times are in weeks inside the
model, as in the literature; callers speak in days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from sazon.errors import InvalidInput
from sazon.experience.bgnbd import BgNbd
from sazon.experience.returns_data import summarise

UNIT_DAYS = 7.0
#: Most days ahead a forecast may look: beyond two years the model says little.
MAX_HORIZON_DAYS = 730


@dataclass(frozen=True)
class ReturnForecast:
    """One guest's forecast and what drives it (all as of the calibration end)."""

    guest_id: str
    expected_visits: float | None
    p_return: float | None
    visits: int
    last_visit: date | None
    days_since_last: int | None
    usual_interval_days: float | None
    p_active: float | None


def check_horizon(horizon_days: int) -> None:
    if not 1 <= horizon_days <= MAX_HORIZON_DAYS:
        raise InvalidInput(
            f"horizon of {horizon_days} days: give between 1 and {MAX_HORIZON_DAYS} days"
        )


def fit_model(summary: pd.DataFrame, penalizer: float = 0.0) -> BgNbd:
    """BG/NBD on a :func:`summarise` table; at least two guests and one repeat visit."""
    if len(summary) < 2 or float(summary["x"].sum()) == 0:
        raise InvalidInput(
            "too little history to learn return visits: it needs at least two guests and one "
            "repeat visit before the calibration end"
        )
    return BgNbd(penalizer=penalizer).fit(summary["x"], summary["t_x"], summary["T"])


def forecast(
    visits: pd.DataFrame,
    calibration_end: date,
    horizon_days: int,
    *,
    penalizer: float = 0.0,
    model: BgNbd | None = None,
) -> list[ReturnForecast]:
    """A forecast for every guest in ``visits`` (``guest_id``, ``date`` one row per day).

    Only visits up to ``calibration_end`` are read. A guest whose first visit comes later
    has no history at that date: their numbers are ``None``, not a guess.
    """
    check_horizon(horizon_days)
    summary = summarise(visits, calibration_end, UNIT_DAYS)
    if model is None:
        model = fit_model(summary, penalizer)
    t = horizon_days / UNIT_DAYS
    x, t_x, t_cal = summary["x"], summary["t_x"], summary["T"]
    expected = model.expected_visits(t, x, t_x, t_cal)
    p_return = model.p_return(t, x, t_x, t_cal)
    p_active = model.p_alive(x, t_x, t_cal)
    end = pd.Timestamp(calibration_end)
    known: dict[str, ReturnForecast] = {}
    for i, (guest, row) in enumerate(summary.iterrows()):
        last = pd.Timestamp(row["last"])
        interval = row["t_x"] * UNIT_DAYS / row["x"] if row["x"] > 0 else None
        known[str(guest)] = ReturnForecast(
            guest_id=str(guest),
            expected_visits=round(float(expected[i]), 4),
            p_return=round(float(p_return[i]), 4),
            visits=int(row["visits"]),
            last_visit=last.date(),
            days_since_last=int((end - last).days),
            usual_interval_days=None if interval is None else round(float(interval), 1),
            p_active=round(float(p_active[i]), 4),
        )
    out = []
    for guest in pd.unique(visits["guest_id"]):
        key = str(guest)
        out.append(known.get(key) or ReturnForecast(key, None, None, 0, None, None, None, None))
    return out
