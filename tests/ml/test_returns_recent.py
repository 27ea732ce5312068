"""The recent-rate factor of the served return model: it follows the population's latest
weeks, reads nothing after the calibration end and stays 1 when there is too little to tell."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from sazon.experience.bgnbd import BgNbd
from sazon.experience.returns import forecast, recent_rate_factor
from sazon.experience.returns_data import daily, summarise
from tests.ml.test_returns_bgnbd import population

END = date(2025, 12, 31)


def _factor(visits: pd.DataFrame, end: date = END) -> float:
    s = summarise(visits, end)
    model = BgNbd().fit(s["x"], s["t_x"], s["T"])
    return recent_rate_factor(visits, s, model, end)


def test_expected_repeats__grows_from_zero_and_matches_the_in_sample_total() -> None:
    visits = population(seed=5, n=600)
    s = summarise(visits, END)
    model = BgNbd().fit(s["x"], s["t_x"], s["T"])
    e = model.expected_repeats(np.array([0.0, 4.0, 20.0, 52.0]))
    assert e[0] == 0 and (np.diff(e) > 0).all()
    # Maximum likelihood puts the in-sample expectation close to what happened.
    total = float(model.expected_repeats(s["T"].to_numpy()).sum())
    assert abs(total / s["x"].sum() - 1) < 0.1


def test_factor__near_one_for_a_steady_population_and_up_when_guests_come_more_lately() -> None:
    visits = population(seed=5, n=600)
    steady = _factor(visits)
    assert 0.8 < steady < 1.2
    # Every guest still around in the last 13 weeks comes back one extra day per visit then.
    late = visits[visits["date"] > pd.Timestamp(END - timedelta(days=91))]
    extra = late.assign(date=late["date"] - pd.Timedelta(days=1))
    busier = daily(pd.concat([visits, extra]))
    assert _factor(busier) > steady * 1.15


def test_factor__scales_the_served_expected_visits_and_ignores_later_visits() -> None:
    visits = population(seed=5, n=600)
    s = summarise(visits, END)
    model = BgNbd().fit(s["x"], s["t_x"], s["T"])
    factor = recent_rate_factor(visits, s, model, END)
    plain = model.expected_visits(30 / 7, s["x"], s["t_x"], s["T"])
    rows = forecast(visits, END, 30, model=model, recent_factor=True)
    got = np.array([r.expected_visits for r in rows if r.expected_visits is not None])
    assert np.allclose(np.sort(got), np.sort(np.round(plain * factor, 4)), atol=1e-4)
    # Served by default: BG/NBD's own, where expected visits never fall below P(return).
    served = forecast(visits, END, 30, model=model)
    got = np.array([r.expected_visits for r in served if r.expected_visits is not None])
    assert np.allclose(np.sort(got), np.sort(np.round(plain, 4)), atol=1e-4)
    assert all(r.expected_visits >= r.p_return - 1e-4 for r in served if r.p_return is not None)
    after = pd.DataFrame({"guest_id": ["g1"] * 3, "date": pd.to_datetime(
        ["2026-01-05", "2026-01-06", "2026-01-09"]), "amount": [np.nan] * 3})  # fmt: skip
    assert recent_rate_factor(daily(pd.concat([visits, after])), s, model, END) == factor


def test_factor__is_one_when_the_window_expects_too_few_visits() -> None:
    visits = population(seed=5, n=12)
    assert _factor(visits) == 1.0
