"""Trends in the store's market texts: ranked trends and the alerts raised (issue #16)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request

from sazon.access import TREND_READERS, Principal
from sazon.api.deps import StateDep, require
from sazon.api.onehop import ApiRouter
from sazon.trends import StoreTrends, TrendReport, saved_scorer

router = ApiRouter(tags=["trends"])
Reader = Annotated[Principal, Depends(require(TREND_READERS))]


def _report(request: Request, state: StateDep) -> TrendReport:
    # One replay per change of the market texts, shared by every request of this app; the
    # sentiment of bursts is read when a model is saved, else from the reviews' stars.
    holder: StoreTrends | None = getattr(request.app.state, "sazon_trends", None)
    if holder is None:
        holder = request.app.state.sazon_trends = StoreTrends()
        request.app.state.sazon_trends_scorer = saved_scorer(state.settings)
    return holder.get(state.factory, request.app.state.sazon_trends_scorer)


Report = Annotated[TrendReport, Depends(_report)]


@router.get("/trends")
def trends(
    report: Report, _: Reader, top: Annotated[int, Query(ge=1, le=200)] = 20
) -> dict[str, Any]:
    """Trends ranked by importance, with their stage, evidence and the alerts raised."""
    data = report.to_json()
    data["trends"] = data["trends"][:top]
    return data


@router.get("/trends/alerts")
def alerts(report: Report, _: Reader) -> dict[str, Any]:
    """The alerts raised over the market texts, newest first."""
    return {"as_of": report.to_json()["as_of"], "items": [a.to_json() for a in report.alerts]}
