"""Each venue's return model as a house estimator, kept in the model registry.

:class:`ReturnModel` wraps :class:`~sazon.experience.bgnbd.BgNbd` with the conformance rules
(``fit(X)`` returns self, ``predict`` before ``fit`` raises ``NotFitted``, saved as arrays and
JSON, no pickle). A row of ``X`` is one guest: repeat visits ``x``, the time of the last
``t_x`` and their age ``T``, in weeks (:func:`~sazon.experience.returns_data.summarise`).

:func:`train_returns` fits one per venue on the store and saves it as
``experience-returns.<venue id>`` with its metrics: the served forecasts then read the
active version and never fit on a request (:mod:`sazon.experience.serving`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Self

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.config import Settings
from sazon.errors import InvalidInput, NotFitted
from sazon.experience.bgnbd import BgNbd, BgNbdParams
from sazon.experience.returns import UNIT_DAYS, fit_model
from sazon.experience.returns_data import summarise
from sazon.ml import ModelRegistry, ModelState, fingerprint
from sazon.store.models import Venue
from sazon.timeutil import to_lima, utcnow

__all__ = ["RETURNS_MODEL", "ReturnModel", "TrainedReturns", "returns_name", "train_returns"]

RETURNS_MODEL = "experience-returns"
#: The check of a trained model: fitted without the last 90 days, it forecasts them.
CHECK_DAYS = 90


def returns_name(venue_id: int) -> str:
    """The registry name of a venue's return model."""
    return f"{RETURNS_MODEL}.{venue_id}"


class ReturnModel:
    """BG/NBD over rows ``(x, t_x, T)`` in weeks; ``predict`` is the expected visits in the
    next ``horizon_days``, :meth:`p_return` the probability of at least one."""

    def __init__(self, penalizer: float = 0.0, horizon_days: int = 30) -> None:
        self.penalizer = penalizer
        self.horizon_days = horizon_days

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"penalizer": self.penalizer, "horizon_days": self.horizon_days}

    def fit(self, X: ArrayLike, y: ArrayLike | None = None) -> Self:  # noqa: N803
        rows = _rows(X)
        self.bgnbd_ = BgNbd(penalizer=self.penalizer).fit(rows[:, 0], rows[:, 1], rows[:, 2])
        return self

    @property
    def bgnbd(self) -> BgNbd:
        if not hasattr(self, "bgnbd_"):
            raise NotFitted("the return model is not fitted: call fit first")
        return self.bgnbd_

    def predict(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        rows = _rows(X)
        t = self.horizon_days / UNIT_DAYS
        return self.bgnbd.expected_visits(t, rows[:, 0], rows[:, 1], rows[:, 2])

    def p_return(self, X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
        rows = _rows(X)
        t = self.horizon_days / UNIT_DAYS
        return self.bgnbd.p_return(t, rows[:, 0], rows[:, 1], rows[:, 2])

    def to_state(self) -> ModelState:
        p = self.bgnbd.params_
        return ModelState(
            cls="",
            params=self.get_params(),
            arrays={"params": np.asarray([p.r, p.alpha, p.a, p.b], dtype=np.float64)},
            meta={
                "log_likelihood": self.bgnbd.log_likelihood_,
                "n_guests": self.bgnbd.n_guests_,
            },
        )

    @classmethod
    def from_state(cls, state: ModelState) -> Self:
        model = cls(**state.params)
        inner = BgNbd(penalizer=model.penalizer)
        inner.params_ = BgNbdParams(*(float(v) for v in state.arrays["params"]))
        inner.log_likelihood_ = float(state.meta["log_likelihood"])
        inner.n_guests_ = int(state.meta["n_guests"])
        model.bgnbd_ = inner
        return model


def _rows(X: ArrayLike) -> NDArray[np.float64]:  # noqa: N803
    rows = np.asarray(X, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] != 3:
        raise InvalidInput("a return model reads rows of (x, t_x, T) in weeks")
    return rows


@dataclass(frozen=True)
class TrainedReturns:
    venue_id: int
    name: str
    version: str
    metrics: dict[str, float]


def train_returns(
    session: Session, settings: Settings, *, as_of: date | None = None, activate: bool = True
) -> list[TrainedReturns]:
    """Fit, check, save and (by default) activate each venue's return model on its visits up
    to ``as_of`` (default: today in Lima). A venue with too little history is skipped."""
    from sazon.experience.returns_store import SMALL_PENALTY, SMALL_VENUE, venue_visits

    day = as_of or to_lima(utcnow()).date()
    registry = ModelRegistry.from_settings(settings)
    out: list[TrainedReturns] = []
    for venue_id in session.scalars(select(Venue.id).order_by(Venue.id)):
        visits = venue_visits(session, venue_id)
        summary = summarise(visits, day, UNIT_DAYS) if len(visits) else None
        if summary is None or len(summary) < 2 or float(summary["x"].sum()) == 0:
            continue
        penalty = SMALL_PENALTY if len(summary) < SMALL_VENUE else 0.0
        model = ReturnModel(penalizer=penalty).fit(summary[["x", "t_x", "T"]].to_numpy())
        metrics = {
            "guests": float(len(summary)),
            "log_likelihood_per_guest": model.bgnbd.log_likelihood_ / len(summary),
            **_check(visits, day, penalty),
        }
        rows = sorted((str(g), str(d)) for g, d in zip(visits["guest_id"], visits["date"],
                                                       strict=True))  # fmt: skip
        name = returns_name(venue_id)
        version = registry.save(
            model, name, metrics=metrics, data_fingerprint=fingerprint(rows),
            params={**model.get_params(), "fitted_through": day.isoformat()},
            activate=activate, libraries=("scipy",),
        )  # fmt: skip
        out.append(TrainedReturns(venue_id, name, version, metrics))
    return out


def _check(visits: pd.DataFrame, day: date, penalty: float) -> dict[str, float]:
    """Fitted without the last :data:`CHECK_DAYS` days, how well it forecasts them: the
    error of the total of repeat visits (a venue's own small-sample check of the CDNOW
    bench's measure)."""
    cut = day - timedelta(days=CHECK_DAYS)
    summary = summarise(visits, cut, UNIT_DAYS)
    try:
        inner = fit_model(summary, penalty)
    except InvalidInput:
        return {}
    t = CHECK_DAYS / UNIT_DAYS
    expected = float(inner.expected_visits(t, summary["x"], summary["t_x"], summary["T"]).sum())
    stamp, known = visits["date"], visits["guest_id"].isin(summary.index)
    actual = float(((stamp > pd.Timestamp(cut)) & (stamp <= pd.Timestamp(day)) & known).sum())
    return {
        "check_days": float(CHECK_DAYS),
        "check_expected_visits": round(expected, 2),
        "check_actual_visits": actual,
        "check_total_error": round((expected - actual) / actual, 4) if actual else 0.0,
    }
