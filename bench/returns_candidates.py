"""The challengers to BG/NBD measured by ``bench_returns.py`` (not served unless they win).

- ``bgnbd_loyal``: BG/NBD plus a share π of guests who never drop out (their visits are a
  plain NBD). CDNOW's weekly repeat purchases stop falling after about week 30; a loyal core
  is the simplest way for a model to flatten its forecast like that.
- ``bgnbd_gbm``: BG/NBD times a correction learned by gradient boosting (Poisson loss) from
  recency, frequency, age, spend and the model's own numbers, trained on an earlier
  calibration/holdout cut that lies wholly inside the calibration period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import expit, gammaln, logsumexp
from sklearn.ensemble import HistGradientBoostingRegressor

from sazon.experience.bgnbd import BgNbd, BgNbdParams, log_likelihood
from sazon.experience.returns_data import holdout_counts, summarise

Array = NDArray[np.float64]


def _nbd_ll(r: float, alpha: float, x: Array, t_cal: Array) -> Array:
    out: Array = gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * np.log(alpha + t_cal)
    return out


class LoyalBgNbd:
    """BG/NBD with a loyal core: ``fit`` by maximum likelihood, ``expected_visits``."""

    def fit(self, x: Array, t_x: Array, t_cal: Array) -> LoyalBgNbd:
        def nll(theta: Array) -> float:
            r, alpha, a, b = np.exp(theta[:4])
            pi = expit(theta[4])
            parts = [
                np.log(pi) + _nbd_ll(r, alpha, x, t_cal),
                np.log1p(-pi) + log_likelihood(BgNbdParams(r, alpha, a, b), x, t_x, t_cal),
            ]
            return float(-logsumexp(np.stack(parts), axis=0).mean())

        best = None
        for start in ((0.0, 1.0, 0.0, 0.0, -2.0), (0.0, 1.0, 0.0, 1.0, -4.0)):
            res = minimize(nll, np.array(start), method="L-BFGS-B", bounds=[(-10, 10)] * 5)
            if best is None or res.fun < best.fun:
                best = res
        assert best is not None
        self.theta_ = best.x
        return self

    def expected_visits(self, t: float, x: Array, t_x: Array, t_cal: Array) -> Array:
        r, alpha, a, b = np.exp(self.theta_[:4])
        pi = expit(self.theta_[4])
        bg = BgNbd()
        bg.params_ = BgNbdParams(r, alpha, a, b)
        loyal = np.log(pi) + _nbd_ll(r, alpha, x, t_cal)
        other = np.log1p(-pi) + log_likelihood(bg.params_, x, t_x, t_cal)
        w = np.exp(loyal - np.logaddexp(loyal, other))  # P(loyal | history)
        out: Array = w * (r + x) * t / (alpha + t_cal) + (1 - w) * bg.expected_visits(
            t, x, t_x, t_cal
        )
        return out


def _features(visits: pd.DataFrame, end: pd.Timestamp, weeks: float) -> tuple[pd.DataFrame, Array]:
    s = summarise(visits, end)
    x, t_x, t_cal = s["x"].to_numpy(), s["t_x"].to_numpy(), s["T"].to_numpy()
    model = BgNbd().fit(x, t_x, t_cal)
    mu = model.expected_visits(weeks, x, t_x, t_cal)
    features = pd.DataFrame(
        {
            "x": x,
            "recency": t_cal - t_x,
            "age": t_cal,
            "rate": x / np.maximum(t_cal, 1.0),
            "spend": np.log1p(s["spend"].fillna(0).to_numpy()),
            "p_alive": model.p_alive(x, t_x, t_cal),
            "mu_per_week": mu / weeks,
        },
        index=s.index,
    )
    return features, mu


def gbm_corrected(
    visits: pd.DataFrame, end: pd.Timestamp, horizon_days: int, first_day: pd.Timestamp
) -> pd.Series:
    """Expected visits per guest in ``horizon_days`` after ``end``, BG/NBD × a learned factor.

    The factor is learned on the cut ``end - h'`` with holdout ``h'`` = the shorter of the
    horizon and half the calibration span, so its holdout ends at ``end``: nothing after the
    calibration end is read.
    """
    span = (end - first_day).days
    train_days = min(horizon_days, span // 2)
    train_end = end - pd.Timedelta(days=train_days)
    f_train, mu_train = _features(visits, train_end, train_days / 7)
    y_train = holdout_counts(visits, train_end, train_days).reindex(f_train.index, fill_value=0)
    gbm = HistGradientBoostingRegressor(
        loss="poisson", max_iter=200, learning_rate=0.05, min_samples_leaf=100, random_state=0
    )
    # Poisson on the ratio y/μ weighted by μ is Poisson on y with log μ as the offset.
    gbm.fit(f_train, y_train.to_numpy() / np.maximum(mu_train, 1e-9), sample_weight=mu_train)
    features, mu = _features(visits, end, horizon_days / 7)
    return pd.Series(mu * gbm.predict(features), index=features.index)
