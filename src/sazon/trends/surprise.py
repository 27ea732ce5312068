"""How surprising a term's count is, given its expected count: −log10 of the tail p-value.

Two models, chosen by measurement on the dev seeds (docs/trends.md): Poisson, where the
variance equals the mean, and the negative binomial, whose extra variance forgives a term
that is bursty by nature. Both are vectorised over every term tested in a bucket.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats  # type: ignore[import-untyped]

_LN10 = math.log(10.0)


def surprise(
    observed: np.ndarray, expected: np.ndarray, model: str = "poisson", dispersion: float = 5.0
) -> np.ndarray:
    """−log10 P(X ≥ observed) for each pair (a larger number is a stranger count)."""
    k = observed.astype(np.float64) - 1.0
    if model == "poisson":
        log_p = stats.poisson.logsf(k, expected)
    elif model == "negbin":
        log_p = stats.nbinom.logsf(k, dispersion, dispersion / (dispersion + expected))
    else:
        raise ValueError(f"unknown surprise model {model!r}: use poisson or negbin")
    # Beyond 1e-300 the tail underflows to 0 (an infinite surprise): 300 says "certain".
    return np.asarray(np.minimum(-log_p / _LN10, 300.0))


def threshold(tests: int, alpha: float) -> float:
    """The Bonferroni bar: every test of a bucket together is wrong with chance ≤ alpha."""
    return math.log10(max(tests, 1) / alpha)
