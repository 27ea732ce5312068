"""The trend board: trends by stage with sparklines, the alerts, sentiment shifts, topics,
and a product-opportunity brief on demand.

Thin: it reads the same cached analysis as ``/api/v1/trends`` (``sazon.trends.StoreTrends``)
and ``sazon.trends.make_brief``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from sazon.access import TREND_READERS
from sazon.errors import NotFound
from sazon.trends import STAGES, STAGES_ES, app_analysis, make_brief
from sazon.web.common import caller, page_lang, render, state_of

router = APIRouter(include_in_schema=False)
READERS = TREND_READERS


@router.get("/tools/trends", response_class=HTMLResponse)
def trends_page(request: Request, brief: Annotated[str, Query(max_length=80)] = "") -> Response:
    principal = caller(request, READERS)
    if isinstance(principal, Response):
        return principal
    state = state_of(request)
    found = app_analysis(request.app.state, state.settings, state.factory)
    data = found.to_json()
    by_stage = [(s, STAGES_ES[s], [t for t in data["trends"] if t["stage"] == s]) for s in STAGES]
    made, error = None, None
    if brief:
        try:
            made = make_brief(found, brief, lang=page_lang(request)).to_json()
        except NotFound as exc:
            error = exc.message
    return render(
        request, "trends/board.html", principal, data=data,
        by_stage=[g for g in by_stage if g[2]], brief=made, error=error,
        status=404 if error else 200,
    )  # fmt: skip
