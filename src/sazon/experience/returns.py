"""Return visits: for each guest, expected visits in the next N days and P(returns within N).

The model is BG/NBD (:mod:`sazon.experience.bgnbd`), fitted on the visits up to the
calibration end. ``recent_factor=True`` scales its expected visits by the population's recent
repeat rate against the model's own in-sample fit (:func:`recent_rate_factor`, the last 26
weeks), the challenger the CDNOW development cut-offs chose; it is off by default because it
leaves P(return) as it is, so a guest could be given fewer expected visits than their chance
of coming back at all (docs/experience.md, «Return visits»). Times are in weeks inside the
model, as in the literature; callers speak in days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from sazon.errors import InvalidInput
from sazon.experience.bgnbd import BgNbd
from sazon.experience.returns_data import summarise

UNIT_DAYS = 7.0
#: Most days ahead a forecast may look: beyond two years the model says little.
MAX_HORIZON_DAYS = 730
#: The recent window of :func:`recent_rate_factor`, in weeks (chosen on CDNOW's development
#: cut-offs among 13, 13 shrunk halfway, and 26).
RECENT_WEEKS = 26
#: Fewer expected repeat visits than this in the window make the factor mostly noise: 1.
MIN_RECENT_EXPECTED = 30.0


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


def recent_rate_factor(
    visits: pd.DataFrame,
    summary: pd.DataFrame,
    model: BgNbd,
    calibration_end: date,
    weeks: int = RECENT_WEEKS,
) -> float:
    """Actual repeat visits in the last ``weeks`` before the calibration end over the model's
    in-sample expectation for the same weeks (each guest between ages T - weeks and T).

    Above 1 the population has lately visited more often than the fitted, stationary model
    says, below 1 less. Reads nothing after the calibration end; 1 when the window expects
    too few visits to tell.
    """
    t_cal = summary["T"].to_numpy(dtype=float)
    expected = float(
        np.sum(model.expected_repeats(t_cal) - model.expected_repeats(np.maximum(t_cal - weeks, 0)))
    )
    if expected < MIN_RECENT_EXPECTED:
        return 1.0
    end = pd.Timestamp(calibration_end)
    seen = visits[visits["date"] <= end]
    first = seen.groupby("guest_id")["date"].transform("min")
    start = end - pd.Timedelta(days=UNIT_DAYS * weeks)
    recent = int(((seen["date"] > start) & (seen["date"] > first)).sum())
    return recent / expected


def forecast(
    visits: pd.DataFrame,
    calibration_end: date,
    horizon_days: int,
    *,
    penalizer: float = 0.0,
    model: BgNbd | None = None,
    recent_factor: bool = False,
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
    factor = recent_rate_factor(visits, summary, model, calibration_end) if recent_factor else 1.0
    expected = model.expected_visits(t, x, t_x, t_cal) * factor
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
