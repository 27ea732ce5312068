"""Third round of challengers to BG/NBD for ``bench_returns.py`` (2026-12-08).

Written and fixed before any was scored. The idea (issue #15's note: the error follows the
holdout's season): BG/NBD assumes every guest's purchase rate is constant while they are
active, so when the whole population buys faster or slower of late than the fitted model
says, the forecast carries the old rate forward. Each challenger measures that inside the
calibration period only and scales BG/NBD's forecast by it:

    factor = actual repeat purchases in the last L weeks of the calibration
             / BG/NBD's expected repeat purchases in the same weeks (the model fitted on the
               whole calibration; each guest's expectation between their ages T - L and T)

- ``bgnbd_recent13``: L = 13 weeks (a quarter), the factor as measured;
- ``bgnbd_recent13_half``: the same, shrunk halfway to 1 (the square root), since a quarter's
  rate is itself noisy and partly seasonal;
- ``bgnbd_recent26``: L = 26 weeks.

The factor reads nothing after the calibration end. Unlike the second round's trend factor
(the actual over forecast total on an inner cut, a model refitted without the last weeks),
this one compares the recent weeks with the in-sample fit of the full calibration, so it
measures the population's recent rate rather than a forecast's error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.special import hyp2f1

from sazon.experience.bgnbd import BgNbd, BgNbdParams
from sazon.experience.returns_data import summarise

Array = NDArray[np.float64]


def expected_repeats(p: BgNbdParams, t: Array) -> Array:
    """E[X(t)]: BG/NBD's expected repeat purchases in t weeks after a first purchase."""
    t = np.asarray(t, dtype=np.float64)
    z = t / (p.alpha + t)
    head = (p.a + p.b - 1.0) / (p.a - 1.0)
    out: Array = head * (
        1.0 - (p.alpha / (p.alpha + t)) ** p.r * hyp2f1(p.r, p.b, p.a + p.b - 1.0, z)
    )
    return out


def _recent(
    visits: pd.DataFrame, end: pd.Timestamp, days: int, weeks: int, power: float
) -> pd.Series:
    s = summarise(visits, end)
    model = BgNbd().fit(s["x"], s["t_x"], s["T"])
    forecast = model.expected_visits(days / 7, s["x"], s["t_x"], s["T"])
    t_cal = s["T"].to_numpy()
    expected = expected_repeats(model.params_, t_cal) - expected_repeats(
        model.params_, np.maximum(t_cal - weeks, 0.0)
    )
    start = end - pd.Timedelta(days=7 * weeks)
    seen = visits[visits["date"] <= end]
    firsts = seen.groupby("guest_id")["date"].transform("min")
    recent = seen[(seen["date"] > start) & (seen["date"] > firsts)]
    factor = float(len(recent) / expected.sum()) ** power
    return pd.Series(forecast * factor, index=s.index)


def bgnbd_recent13(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    return _recent(visits, end, days, 13, 1.0)


def bgnbd_recent13_half(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    return _recent(visits, end, days, 13, 0.5)


def bgnbd_recent26(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    return _recent(visits, end, days, 26, 1.0)
