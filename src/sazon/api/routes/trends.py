"""Trends in the store's market texts: ranked trends with their segments and series, the
alerts raised, sentiment shifts, topics and product-opportunity briefs (issue #16)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Path, Query, Request

from sazon.access import TREND_READERS, Principal
from sazon.api.contract import raises
from sazon.api.deps import StateDep, reader_lang, require
from sazon.api.onehop import ApiRouter
from sazon.errors import NotFound
from sazon.trends import Analysis, app_analysis, make_brief

router = ApiRouter(tags=["trends"])
Reader = Annotated[Principal, Depends(require(TREND_READERS))]


def _analysis(request: Request, state: StateDep) -> Analysis:
    # One replay per change of the market texts, shared by the API and the board.
    return app_analysis(request.app.state, state.settings, state.factory)


Found = Annotated[Analysis, Depends(_analysis)]


@router.get("/trends")
def trends(
    found: Found, _: Reader, top: Annotated[int, Query(ge=1, le=200)] = 20
) -> dict[str, Any]:
    """Trends ranked by importance, with their stage, evidence, segments and daily series;
    the alerts raised; sentiment shifts; topics."""
    data = found.to_json()
    data["trends"] = data["trends"][:top]
    return data


@router.get("/trends/alerts")
def alerts(found: Found, _: Reader) -> dict[str, Any]:
    """The alerts raised over the market texts (trends, complaints, sentiment shifts),
    newest first."""
    as_of = found.report.as_of
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "items": [a.to_json() for a in found.alerts],
    }


@router.get("/trends/shifts")
def shifts(found: Found, _: Reader) -> dict[str, Any]:
    """Significant sentiment shifts per product and flavour (last 7 days vs the 28 before)."""
    return {"items": [s.to_json() for s in found.shifts]}


@router.get("/trends/briefs/{term}", responses=raises(NotFound))
def brief(
    request: Request,
    found: Found,
    _: Reader,
    term: Annotated[str, Path(min_length=1, max_length=80)],
    lang: Annotated[
        Literal["es", "en"] | None,
        Query(description="es or en; default: Accept-Language, then es"),
    ] = None,
) -> dict[str, Any]:
    """A product-opportunity brief for a trend, its text in the reader's language, with its
    octagon screen and the evidence in both languages."""
    reader = reader_lang(lang, request.headers.get("accept-language"))
    return make_brief(found, term, lang=reader).to_json()
