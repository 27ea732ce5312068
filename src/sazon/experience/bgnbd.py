"""The BG/NBD model of repeat visits (Fader, Hardie & Lee 2005), fitted by maximum likelihood.

While a guest is "alive" they visit as a Poisson process with rate λ ~ Gamma(r, α); after each
visit they drop out for good with probability p ~ Beta(a, b). A guest is summarised by
``x`` (repeat visits), ``t_x`` (time of the last visit, from the first) and ``T`` (time from
the first visit to the end of calibration), all in one time unit (weeks in the bench).

``btyd`` and ``pymc-marketing`` are not installed and ``lifetimes`` is unmaintained, so the fit
is our own (scipy); ``tests/ml/test_returns_bgnbd.py`` checks it reproduces the published CDNOW
estimates r = 0.243, α = 4.414, a = 0.793, b = 2.426.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize  # type: ignore[import-untyped]
from scipy.special import gammaln, hyp2f1, logsumexp  # type: ignore[import-untyped]

from sazon.errors import InvalidInput, NotFitted

Array = NDArray[np.float64]


@dataclass(frozen=True)
class BgNbdParams:
    r: float
    alpha: float
    a: float
    b: float


def _arrays(x: ArrayLike, t_x: ArrayLike, t_cal: ArrayLike) -> tuple[Array, Array, Array]:
    xs, ts, tcs = (np.asarray(v, dtype=float) for v in (x, t_x, t_cal))
    if xs.shape != ts.shape or xs.shape != tcs.shape:
        raise InvalidInput("x, t_x and T must have the same length")
    if (xs < 0).any() or (ts < 0).any() or (ts > tcs + 1e-9).any():
        raise InvalidInput("need 0 <= t_x <= T and x >= 0 for every guest")
    return xs, ts, tcs


def log_likelihood(p: BgNbdParams, x: Array, t_x: Array, t_cal: Array) -> Array:
    """Each guest's log-likelihood of (x, t_x, t_cal) under the model (eq. 6 of the paper)."""
    r, alpha, a, b = p.r, p.alpha, p.a, p.b
    head = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    head += gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    alive = -(r + x) * np.log(alpha + t_cal)
    # Dropped out right after the last visit: only possible after at least one repeat visit.
    with np.errstate(divide="ignore", invalid="ignore"):
        dropped = np.where(
            x > 0,
            np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    out: Array = head + logsumexp(np.stack([alive, dropped]), axis=0)
    return out


class BgNbd:
    """BG/NBD with sklearn's habits: ``fit`` returns self and sets ``params_``.

    ``penalizer`` adds ``penalizer * sum(log(param)**2)`` to the negative log-likelihood,
    which keeps a fit on a few dozen guests (one venue) away from degenerate corners; the
    bench and the CDNOW check use 0.
    """

    def __init__(self, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    def fit(
        self, x: ArrayLike, t_x: ArrayLike, t_cal: ArrayLike, weights: ArrayLike | None = None
    ) -> BgNbd:
        xs, ts, tcs = _arrays(x, t_x, t_cal)
        if xs.size == 0:
            raise InvalidInput("no guests to learn from")
        # Guests with the same (x, t_x, t_cal) share one term: CDNOW's 23,570 become ~10,000.
        keys = np.stack([xs, ts, tcs], axis=1)
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        w = np.ones_like(xs) if weights is None else np.asarray(weights, dtype=float)
        counts = np.bincount(inverse.ravel(), weights=w)
        ux, ut, ucal = uniq[:, 0], uniq[:, 1], uniq[:, 2]
        total = float(counts.sum())

        def objective(theta: Array) -> float:
            p = BgNbdParams(*np.exp(theta))
            ll = float(np.dot(counts, log_likelihood(p, ux, ut, ucal)))
            return float(-ll / total + self.penalizer * float(np.dot(theta, theta)))

        best = None
        # The surface has a long flat valley in (a, b): two starts, keep the better.
        for start in ((1.0, 1.0, 1.0, 1.0), (0.5, float(np.mean(tcs)) or 1.0, 1.0, 3.0)):
            res = minimize(objective, np.log(start), method="L-BFGS-B",
                           bounds=[(-12, 12)] * 4, options={"maxiter": 2000})  # fmt: skip
            if best is None or res.fun < best.fun:
                best = res
        assert best is not None
        self.params_ = BgNbdParams(*(float(v) for v in np.exp(best.x)))
        self.log_likelihood_ = float(-best.fun * total)
        self.n_guests_ = int(total)
        return self

    def _params(self) -> BgNbdParams:
        if not hasattr(self, "params_"):
            raise NotFitted("the BG/NBD model is not fitted: call fit first")
        return self.params_

    def expected_visits(self, t: float, x: ArrayLike, t_x: ArrayLike, t_cal: ArrayLike) -> Array:
        """E[visits in (T, T + t] | x, t_x, T] (eq. 10 of the paper); ``t_cal`` is T."""
        p = self._params()
        xs, ts, tcs = _arrays(x, t_x, t_cal)
        r, alpha, a, b = p.r, p.alpha, p.a, p.b
        z = t / (alpha + tcs + t)
        base = (alpha + tcs) / (alpha + tcs + t)
        top = 1.0 - base ** (r + xs) * hyp2f1(r + xs, b + xs, a + b + xs - 1.0, z)
        top *= (a + b + xs - 1.0) / (a - 1.0)
        ratio = np.where(
            xs > 0,
            a / np.maximum(b + xs - 1.0, 1e-12) * ((alpha + tcs) / (alpha + ts)) ** (r + xs),
            0,
        )
        out: Array = np.clip(top / (1.0 + ratio), 0.0, None)
        return out

    def expected_repeats(self, t: ArrayLike) -> Array:
        """E[X(t)]: repeat visits expected in ``t`` after a first visit, for a guest not yet
        seen (eq. 9 of the paper)."""
        p = self._params()
        ts = np.asarray(t, dtype=np.float64)
        head = (p.a + p.b - 1.0) / (p.a - 1.0)
        tail = (p.alpha / (p.alpha + ts)) ** p.r * hyp2f1(
            p.r, p.b, p.a + p.b - 1.0, ts / (p.alpha + ts)
        )
        out: Array = head * (1.0 - tail)
        return out

    def p_alive(self, x: ArrayLike, t_x: ArrayLike, t_cal: ArrayLike) -> Array:
        """P(the guest has not dropped out by T | x, t_x, T); ``t_cal`` is T."""
        p = self._params()
        xs, ts, tcs = _arrays(x, t_x, t_cal)
        ratio = np.where(
            xs > 0,
            p.a
            / np.maximum(p.b + xs - 1.0, 1e-12)
            * ((p.alpha + tcs) / (p.alpha + ts)) ** (p.r + xs),
            0.0,
        )
        out: Array = 1.0 / (1.0 + ratio)
        return out

    def p_return(self, t: float, x: ArrayLike, t_x: ArrayLike, t_cal: ArrayLike) -> Array:
        """P(at least one visit in (T, T + t] | x, t_x, T); ``t_cal`` is T.

        No visit in (T, T + t] has the likelihood of the same history observed to T + t, so
        P(none) = L(x, t_x, t_cal + t) / L(x, t_x, t_cal), exactly.
        """
        p = self._params()
        xs, ts, tcs = _arrays(x, t_x, t_cal)
        none = np.exp(log_likelihood(p, xs, ts, tcs + t) - log_likelihood(p, xs, ts, tcs))
        out: Array = np.clip(1.0 - none, 0.0, 1.0)
        return out
