"""The second round of challengers to BG/NBD measured by ``bench_returns.py`` (2026-12-07).

Each is a function ``(visits, calibration end, horizon days) -> expected visits per guest``
that reads nothing after the calibration end. Written and fixed before any was scored; the
choice among them is made on the development cut-offs only (``bench_returns.choose``).

- ``pareto_nbd``: Pareto/NBD (Schmittlein, Morrison & Colombo 1987): a guest may drop out at
  any moment (exponential lifetime, rates gamma-distributed) rather than only after a visit.
  Our own fit (scipy), the likelihood and conditional expectation of Fader, Hardie & Lee's
  2005 note.
- ``bgnbd_cohort``: one BG/NBD per acquisition month (the month of the guest's first visit):
  CDNOW's customers all joined in January–March 1997 and the cohorts may differ.
- ``bgnbd_spend``: BG/NBD whose likelihood weighs each guest by their spend per visit
  (relative to the mean), so the fit follows the guests who buy more.
- ``bgnbd_trend``: BG/NBD times one factor for the whole population: on an inner cut whose
  holdout ends at the calibration end (the horizon, at most half the calibration span), the
  ratio of the actual total to BG/NBD's forecast. A decay the model does not know is learned
  from calibration data alone.
- ``ensemble``: the mean of BG/NBD, Pareto/NBD and the per-cohort BG/NBD.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1

from sazon.experience.bgnbd import BgNbd
from sazon.experience.returns_data import holdout_counts, summarise

Array = NDArray[np.float64]


def _log_a0(
    r: float, alpha: float, s: float, beta: float, x: Array, t_x: Array, t_cal: Array
) -> Array:
    """log of A₀ of the Pareto/NBD likelihood (the integral over the drop-out time)."""
    rsx = r + s + x
    if alpha >= beta:
        big, second = alpha, s + 1.0
        diff = alpha - beta
    else:
        big, second = beta, r + x
        diff = beta - alpha
    l1 = np.log(hyp2f1(rsx, second, rsx + 1.0, diff / (big + t_x))) - rsx * np.log(big + t_x)
    l2 = np.log(hyp2f1(rsx, second, rsx + 1.0, diff / (big + t_cal))) - rsx * np.log(big + t_cal)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: Array = l1 + np.log1p(-np.exp(np.minimum(l2 - l1, 0.0)))
    return out


class ParetoNbd:
    """Pareto/NBD: ``fit`` by maximum likelihood, ``expected_visits`` (eq. 20 of the note)."""

    def _parts(self, theta: Array, x: Array, t_x: Array, t_cal: Array) -> tuple[Array, Array]:
        r, alpha, s, beta = theta
        head = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        alive = -(r + x) * np.log(alpha + t_cal) - s * np.log(beta + t_cal)
        dead = np.log(s) - np.log(r + s + x) + _log_a0(r, alpha, s, beta, x, t_x, t_cal)
        return head, np.logaddexp(alive, np.where(np.isfinite(dead), dead, -np.inf)) - alive

    def fit(self, x: Array, t_x: Array, t_cal: Array) -> ParetoNbd:
        keys = np.stack([x, t_x, t_cal], axis=1)
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        counts = np.bincount(inverse.ravel())
        ux, ut, uc = uniq[:, 0], uniq[:, 1], uniq[:, 2]

        def nll(log_theta: Array) -> float:
            theta = np.exp(log_theta)
            r, alpha, s, beta = theta
            head, extra = self._parts(theta, ux, ut, uc)
            alive = -(r + ux) * np.log(alpha + uc) - s * np.log(beta + uc)
            ll = head + alive + extra
            if not np.isfinite(ll).all():
                return 1e10
            return float(-np.dot(counts, ll) / counts.sum())

        best = None
        for start in ((0.5, 10.0, 0.5, 10.0), (0.3, 5.0, 1.0, 20.0)):
            res = minimize(nll, np.log(start), method="Nelder-Mead",
                           options={"maxiter": 4000, "xatol": 1e-6, "fatol": 1e-9})  # fmt: skip
            if best is None or res.fun < best.fun:
                best = res
        assert best is not None
        self.theta_ = np.exp(best.x)
        return self

    def expected_visits(self, t: float, x: Array, t_x: Array, t_cal: Array) -> Array:
        r, alpha, s, beta = self.theta_
        _, extra = self._parts(self.theta_, x, t_x, t_cal)
        p_alive = np.exp(-extra)  # 1 / (1 + (s / (r+s+x)) (α+T)^(r+x) (β+T)^s A₀)
        growth = 1.0 - ((beta + t_cal) / (beta + t_cal + t)) ** (s - 1.0)
        out: Array = (r + x) * (beta + t_cal) / ((alpha + t_cal) * (s - 1.0)) * growth * p_alive
        return out


def _columns(visits: pd.DataFrame, end: pd.Timestamp) -> tuple[pd.DataFrame, Array, Array, Array]:
    s = summarise(visits, end)
    return s, s["x"].to_numpy(), s["t_x"].to_numpy(), s["T"].to_numpy()


def bgnbd(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    s, x, t_x, t_cal = _columns(visits, end)
    return pd.Series(BgNbd().fit(x, t_x, t_cal).expected_visits(days / 7, x, t_x, t_cal), s.index)


def pareto_nbd(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    s, x, t_x, t_cal = _columns(visits, end)
    return pd.Series(
        ParetoNbd().fit(x, t_x, t_cal).expected_visits(days / 7, x, t_x, t_cal), s.index
    )


def bgnbd_cohort(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    s, x, t_x, t_cal = _columns(visits, end)
    month = s["first"].dt.to_period("M").astype(str).to_numpy()
    out = np.zeros(len(s))
    for m in sorted(set(month)):
        inside = month == m
        model = BgNbd().fit(x[inside], t_x[inside], t_cal[inside])
        out[inside] = model.expected_visits(days / 7, x[inside], t_x[inside], t_cal[inside])
    return pd.Series(out, s.index)


def bgnbd_spend(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    s, x, t_x, t_cal = _columns(visits, end)
    spend = s["spend"].fillna(0.0).to_numpy()
    w = spend / spend.mean() if spend.mean() > 0 else np.ones_like(spend)
    model = BgNbd().fit(x, t_x, t_cal, weights=np.maximum(w, 1e-3))
    return pd.Series(model.expected_visits(days / 7, x, t_x, t_cal), s.index)


def bgnbd_trend(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    first_day = visits["date"].min()
    inner_days = min(days, (end - first_day).days // 2)
    inner_end = end - pd.Timedelta(days=inner_days)
    inner = bgnbd(visits, inner_end, inner_days)
    actual = holdout_counts(visits, inner_end, inner_days).reindex(inner.index, fill_value=0)
    factor = float(actual.sum() / inner.sum())
    return bgnbd(visits, end, days) * factor


def ensemble(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    parts = [f(visits, end, days) for f in (bgnbd, pareto_nbd, bgnbd_cohort)]
    return sum(parts[1:], parts[0]) / len(parts)
