"""How surprising a term's count is, given its expected count: −log10 of the tail p-value.

Two models, chosen by measurement on the dev seeds (docs/trends.md): Poisson, where the
variance equals the mean, and the negative binomial, whose extra variance forgives a term
that is bursty by nature. Both are vectorised over every term tested in a bucket.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats  # type: ignore[import-untyped]

from sazon.trends.model import VOLUME, Settings

if TYPE_CHECKING:
    from sazon.trends.detector import TrendDetector

_LN10 = math.log(10.0)
VOLUME_RATIO = 1.4


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


def families(
    terms: Sequence[str | None], rows: np.ndarray, count: np.ndarray, base: np.ndarray,
    base_vol: int, vol: int, s: Settings,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """The rows worth a test in one window, their share before, expected count and family.

    A word that was rare before (under one text expected in the window) is tested in a
    family of its own, from ``min_count_rare`` texts, with ``rare_alpha_share`` of alpha
    (weighted Bonferroni: the term tests' error stays alpha; the volume test has its own).
    A new flavour's first posts are a new word ("muña", "aguaymanto") a few times a day,
    fewer than ``min_count`` in a window for days; a new *phrase* of known words is not in
    the family, for phrases combine in far more ways and chance repeats three of them all
    the time (on the dev seeds they filled the board).
    """
    share0 = (base[rows] + 1.0) / (base_vol + 1.0)
    expected = share0 * vol
    rare = np.zeros(len(rows), bool)
    if s.rare_alpha_share:
        word = np.fromiter((" " not in (terms[r] or " ") for r in rows), bool, len(rows))
        rare = (expected < 1.0) & word
    enough = np.where(rare, count[rows] >= s.min_count_rare, count[rows] >= s.min_count)
    return rows[enough], share0[enough], expected[enough], rare[enough]


def test_volume(det: TrendDetector, bucket: int) -> None:
    """The stream's own volume against its history, as the term :data:`VOLUME`: the high
    season of a drink shows as more texts about everything, not as one word's share.
    Weekends move a day's volume by a fifth, so only windows of a week or more are read
    and a rise must be ``VOLUME_RATIO``."""
    s = det.settings
    assert det.first is not None
    history = min(bucket - det.first, s.ring)
    for w in s.windows:
        base_len = min(s.baseline, history - w)
        if w < 7 // s.bucket_days or base_len < max(w, s.warmup):
            continue  # a season is not a day: a day's volume moves with every burst
        vol = int(det.volume[det._columns(bucket, w)].sum())
        per_bucket = det.volume[det._columns(bucket - w, base_len)].sum() / base_len
        expected = np.array([max(per_bucket * w, 1.0)])
        if vol < s.min_count or vol < VOLUME_RATIO * expected[0]:
            continue
        sc = float(surprise(np.array([vol]), expected, "negbin", 200.0)[0])
        if sc >= threshold(len(s.windows), s.alpha):
            reference = max(int(per_bucket * 10), 1)
            det._hit(VOLUME, bucket, sc, w, 0.1, reference)
            return
