"""Return-visit benchmark on CDNOW (``../shared/data/cdnow``, read its SOURCE.md).

CDNOW: 69,659 purchases by the 23,570 customers whose first purchase was in Q1 1997, to
1998-06-30. Several purchases on a day are one; times in weeks; a customer's calibration
history is (x repeat purchases, t_x last purchase, T age at the cut), as in the literature.

Protocol (every number of one run comes from the same code and data):

- **Development cut-offs** (``DEV``), whose holdouts end by 1997-09-30, the end of the standard
  calibration: every choice was made on these (which challenger to serve, the correction's
  window). The rule, in :func:`choose`: the lowest mean per-customer RMSE among the models
  whose holdout total is within ±10 % on every development cut; BG/NBD when none beats it.
- **Reported cut-offs** (``REPORTED``): the standard 39-week calibration and 39-week holdout,
  and calibrations ending with the year (1997-12-30, 26-week holdout) and with its first
  quarter (1998-03-31, 13-week holdout). Their holdouts were never used for a choice. While
  exploring, the aggregate weekly repeat purchases of the whole period were looked at once
  (they fall to week ~30 and then stay flat, with a Christmas bump): that suggested the
  loyal-core challenger.
- **Second round** (2026-12-07, ``returns_challengers.py``): Pareto/NBD, one BG/NBD per
  acquisition month, a spend-weighted likelihood, a population trend factor learned on an
  inner cut of the calibration, and an ensemble, all written before any was scored; two
  development cut-offs with longer holdouts were added (1997-04-29 + 154 d, 1997-06-17 +
  105 d, both ending 1997-09-30). The same rule chose; the reported cut-offs had been read
  in the first round, and nothing in this round was tuned on them. ``--development-only``
  stops after the choice.
- **Third round** (2026-12-08, ``returns_round3.py``): BG/NBD scaled by the population's
  recent repeat rate against its own in-sample fit (13 or 26 weeks; or halfway), written
  before any was scored, chosen by the same rule. Two **new reported cut-offs**
  (``NEW_REPORTED``: 1997-11-04 + 238 d, 1998-02-03 + 147 d) were fixed and committed before
  this round was scored (``bench/data/fresh_splits/SOURCE.md``); the three older ones had been
  read in both earlier rounds.

For each cut-off and model: per-customer RMSE of repeat purchases in the holdout and the
error of the holdout total; for the standard cut, the calibration of P(return within the
holdout) (reliability table and expected calibration error, 10 equal-width bins).

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_returns.py`` (a few minutes). Writes
``docs/bench/returns.json``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from recording import save  # noqa: E402
from returns_candidates import LoyalBgNbd, gbm_corrected  # noqa: E402
from returns_challengers import (  # noqa: E402
    bgnbd_cohort,
    bgnbd_spend,
    bgnbd_trend,
    ensemble,
    pareto_nbd,
)
from returns_round3 import bgnbd_recent13, bgnbd_recent13_half, bgnbd_recent26  # noqa: E402

from sazon.experience.bgnbd import BgNbd  # noqa: E402
from sazon.experience.returns_data import (  # noqa: E402
    cdnow_transactions,
    holdout_counts,
    summarise,
)

# SAZON_SHARED_DATA points elsewhere when the checkout is not beside ../shared (a worktree).
SHARED = Path(os.environ.get("SAZON_SHARED_DATA", ROOT.parent / "shared" / "data")) / "cdnow"
START = pd.Timestamp("1997-01-01")
# (calibration end, holdout days): week w of the study ends on START + 7w - 1 days.
# The last two were added on 2026-12-07 for the second round: longer holdouts, as the
# reported ones are, that still end on 1997-09-30.
DEV = [("1997-05-20", 91), ("1997-07-01", 91), ("1997-07-29", 63), ("1997-04-29", 154),
       ("1997-06-17", 105)]  # fmt: skip
REPORTED = [("1997-09-30", 273), ("1997-12-30", 182), ("1998-03-31", 91)]
# Two new reported cut-offs, fixed and committed on 2026-12-08 (bench/data/fresh_splits/
# SOURCE.md) before this round's models were scored: nobody had read them.
NEW_REPORTED = [("1997-11-04", 238), ("1998-02-03", 147)]
GOAL_TOTAL = 0.10

Model = Callable[[pd.DataFrame, pd.Timestamp, int], pd.Series]


def _bgnbd(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    s = summarise(visits, end)
    model = BgNbd().fit(s["x"], s["t_x"], s["T"])
    return pd.Series(model.expected_visits(days / 7, s["x"], s["t_x"], s["T"]), index=s.index)


def _loyal(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    s = summarise(visits, end)
    x, t_x, t_cal = s["x"].to_numpy(), s["t_x"].to_numpy(), s["T"].to_numpy()
    return pd.Series(
        LoyalBgNbd().fit(x, t_x, t_cal).expected_visits(days / 7, x, t_x, t_cal), s.index
    )


def _gbm(visits: pd.DataFrame, end: pd.Timestamp, days: int) -> pd.Series:
    return gbm_corrected(visits, end, days, START)


MODELS: dict[str, Model] = {
    "bgnbd": _bgnbd, "bgnbd_loyal": _loyal, "bgnbd_gbm": _gbm, "pareto_nbd": pareto_nbd,
    "bgnbd_cohort": bgnbd_cohort, "bgnbd_spend": bgnbd_spend, "bgnbd_trend": bgnbd_trend,
    "ensemble": ensemble, "bgnbd_recent13": bgnbd_recent13,
    "bgnbd_recent13_half": bgnbd_recent13_half, "bgnbd_recent26": bgnbd_recent26,
}  # fmt: skip


def score(visits: pd.DataFrame, model: Model, end: str, days: int) -> dict[str, Any]:
    cut = pd.Timestamp(end)
    began = time.perf_counter()
    predicted = model(visits, cut, days)
    seconds = time.perf_counter() - began
    actual = holdout_counts(visits, cut, days).reindex(predicted.index, fill_value=0.0)
    return {
        "rmse": round(float(np.sqrt(((predicted - actual) ** 2).mean())), 4),
        "total_predicted": round(float(predicted.sum()), 1),
        "total_actual": int(actual.sum()),
        "total_error": round(float(predicted.sum() / actual.sum() - 1), 4),
        "seconds": round(seconds, 2),
    }


def choose(dev: dict[str, list[dict[str, Any]]]) -> str:
    """The development rule (module doc): BG/NBD unless a model beats it there."""
    fair = {
        name: float(np.mean([r["rmse"] for r in rows]))
        for name, rows in dev.items()
        if all(abs(r["total_error"]) <= GOAL_TOTAL for r in rows)
    }
    best = min(fair, key=lambda name: fair[name], default="bgnbd")
    return best if fair.get(best, np.inf) < fair.get("bgnbd", np.inf) else "bgnbd"


def reliability(visits: pd.DataFrame, end: str, days: int, bins: int = 10) -> dict[str, Any]:
    """P(return within the holdout) from BG/NBD against who came back, by probability bin."""
    cut = pd.Timestamp(end)
    s = summarise(visits, cut)
    model = BgNbd().fit(s["x"], s["t_x"], s["T"])
    p = model.p_return(days / 7, s["x"], s["t_x"], s["T"])
    came = (holdout_counts(visits, cut, days).reindex(s.index, fill_value=0) > 0).to_numpy()
    edges = np.minimum((p * bins).astype(int), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        inside = edges == b
        if not inside.any():
            continue
        mean_p, rate = float(p[inside].mean()), float(came[inside].mean())
        ece += inside.mean() * abs(mean_p - rate)
        table.append({"bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}", "n": int(inside.sum()),
                      "mean_p": round(mean_p, 4), "returned": round(rate, 4)})  # fmt: skip
    brier = float(np.mean((p - came) ** 2))
    return {"cut": end, "ece": round(ece, 4), "brier": round(brier, 4),
            "mean_p": round(float(p.mean()), 4), "returned": round(float(came.mean()), 4),
            "table": table}  # fmt: skip


def main() -> None:
    master = SHARED / "CDNOW_master.txt"
    if not master.exists():
        raise SystemExit(f"CDNOW not found at {master}: the bench needs ../shared/data/cdnow")
    visits = cdnow_transactions(master)
    print(f"CDNOW: {visits['guest_id'].nunique():,} customers, {len(visits):,} purchase days")
    dev = {name: [score(visits, m, e, d) for e, d in DEV] for name, m in MODELS.items()}
    chosen = choose(dev)
    print("\ndevelopment cut-offs (the choice):")
    _print(dev, DEV)
    print(f"chosen on development: {chosen}")
    if "--development-only" in sys.argv:  # the choice without reading a reported holdout
        return
    every = REPORTED + NEW_REPORTED
    reported = {name: [score(visits, m, e, d) for e, d in every] for name, m in MODELS.items()}
    print("\nreported cut-offs (never used for a choice; the last two new on 2026-12-08):")
    _print(reported, every)
    ours = reported[chosen]
    goals = [
        {"cut": e, "holdout_days": d, "new": (e, d) in NEW_REPORTED,
         "rmse_le_bgnbd": o["rmse"] <= b["rmse"],
         "total_within_10pct": abs(o["total_error"]) <= GOAL_TOTAL}
        for (e, d), o, b in zip(every, ours, reported["bgnbd"], strict=True)
    ]  # fmt: skip
    for g in goals:
        print(f"goal at {g['cut']}: RMSE ≤ BG/NBD {g['rmse_le_bgnbd']}, "
              f"total within ±10 % {g['total_within_10pct']}")  # fmt: skip
    calib = reliability(visits, *REPORTED[0])
    print(f"\nP(return) at {calib['cut']}: ECE {calib['ece']}, Brier {calib['brier']}, "
          f"mean p {calib['mean_p']} vs returned {calib['returned']}")  # fmt: skip
    save("returns", {
        "data": "CDNOW master (Fader & Hardie), 23,570 customers, 1997-01-01..1998-06-30",
        "protocol": "choices on development cut-offs whose holdouts end by 1997-09-30; "
                    "reported cut-offs never used for a choice (bench/bench_returns.py)",
        "development": {n: _label(rows, DEV) for n, rows in dev.items()},
        "reported": {n: _label(rows, every) for n, rows in reported.items()},
        "new_reported_cutoffs": [f"{e} + {d} d" for e, d in NEW_REPORTED],
        "chosen": chosen, "goals": goals, "p_return_calibration": calib,
    })  # fmt: skip


def _label(rows: list[dict[str, Any]], cuts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [
        {"calibration_end": e, "holdout_days": d, **r} for (e, d), r in zip(cuts, rows, strict=True)
    ]


def _print(results: dict[str, list[dict[str, Any]]], cuts: list[tuple[str, int]]) -> None:
    print(f"{'cut-off':<22}" + "".join(f"{n:>26}" for n in results))
    for i, (end, days) in enumerate(cuts):
        cells = "".join(
            f"{r[i]['rmse']:>12.4f} {r[i]['total_error']:>+12.1%} " for r in results.values()
        )
        print(f"{end} +{days:>3} d      " + cells)
    print(f"{'':<22}" + "".join(f"{'RMSE':>12} {'total err':>12} " for _ in results))


if __name__ == "__main__":
    main()
