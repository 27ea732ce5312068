"""An event's plan on the web: planning it, reading it, fixing dishes by hand (which re-plans
at once), and the print sheets (kitchen sheet, menu card).

Thin like every page: each handler calls the ``sazon.events`` functions the API calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from sazon.access import PLANNERS
from sazon.api import Id
from sazon.errors import DependencyUnavailable, NotFound, SazonError
from sazon.events import (
    PlanOptions,
    default_generator,
    default_matcher,
    lock_and_replan,
    plan_event,
    unlock_and_replan,
)
from sazon.web.common import caller, page_lang, posted, principal_of, render, state_of
from sazon.web.i18n import translate
from sazon.web.sheets import SHEETS, sheet_context, sheet_pdf
from sazon.web.tools.events import actor, event_error, money
from sazon.web.words.event_errors import error_text

if TYPE_CHECKING:
    pass

router = APIRouter(include_in_schema=False)


@router.post("/tools/events/{event_id}/plan", response_class=HTMLResponse)
async def plan_action(request: Request, event_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}")
    if isinstance(got, Response):
        return got
    principal, form = got
    state = state_of(request)
    k = str(form.get("max_dishes") or "")
    mode = str(form.get("wine_mode") or "")
    try:
        options = PlanOptions.model_validate(
            {
                "max_dishes_per_course": int(k) if k.isdigit() and 1 <= int(k) <= 50 else None,
                "lang": "en" if page_lang(request) == "en" else "es",
                "wine_mode": mode or None,
                "drinks_budget_per_guest_pen": money(str(form.get("drinks_budget") or "")),
            }
        )
        with state.factory.begin() as session:
            plan_event(
                session, state.kb, event_id, options, actor=actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except (ValidationError, SazonError) as exc:
        return event_error(request, principal, event_id, exc)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=planned", 303)


def _plan_context(request: Request, event_id: int) -> dict[str, Any] | None:
    with state_of(request).factory.begin() as session:
        return sheet_context(session, event_id, page_lang(request), principal_of(request))


@router.get("/tools/events/{event_id}/plan", response_class=HTMLResponse)
def plan_page(request: Request, event_id: Id, msg: str = "") -> Response:
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
    try:
        ctx = _plan_context(request, event_id)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if ctx is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return render(request, "events/plan.html", principal, msg=msg, **ctx)


@router.get("/tools/events/{event_id}/{sheet}.pdf", response_class=HTMLResponse)
def print_pdf(request: Request, event_id: Id, sheet: str) -> Response:
    """The print page as a PDF file (the same template, printed by Chromium). Without a
    renderer the print page answers 503 and says to print it from the browser."""
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
    lang = page_lang(request)
    try:
        pdf = sheet_pdf(state_of(request).factory, event_id, sheet, lang, principal)
    except DependencyUnavailable as exc:
        ctx = _plan_context(request, event_id) if sheet in SHEETS else None
        if ctx is None:
            return render(request, "notfound.html", principal, status=404)
        why = translate(lang)["ev_pdf_unavailable"].format(why=exc.message)
        return render(request, SHEETS[sheet].template, principal, 503, pdf_error=why, **ctx)
    except NotFound:
        return render(request, "notfound.html", principal, status=404)
    where = f'attachment; filename="{pdf.filename}"'
    return Response(pdf.body, media_type="application/pdf", headers={"Content-Disposition": where})


@router.get("/tools/events/{event_id}/{sheet}", response_class=HTMLResponse)
def print_page(request: Request, event_id: Id, sheet: str) -> Response:
    principal = caller(request, PLANNERS)
    if isinstance(principal, Response):
        return principal
    if sheet not in SHEETS:
        return render(request, "notfound.html", principal, status=404)
    try:
        ctx = _plan_context(request, event_id)
    except SazonError:
        return render(request, "notfound.html", principal, status=404)
    if ctx is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return render(request, SHEETS[sheet].template, principal, **ctx)


@router.post("/tools/events/{event_id}/locks", response_class=HTMLResponse)
async def lock_action(request: Request, event_id: Id) -> Response:
    """Fix a dish; with a plan, the plan is made again at once and the page says so."""
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}/plan")
    if isinstance(got, Response):
        return got
    principal, form = got
    state = state_of(request)
    try:
        dish_id = int(str(form.get("dish_id") or "0"))
        guest = str(form.get("guest_id") or "")
        with state.factory.begin() as session:
            result = lock_and_replan(
                session, state.kb, event_id, str(form.get("course") or ""), dish_id,
                int(guest) if guest.isdigit() else None, actor=actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except (SazonError, ValueError) as exc:
        message = error_text(exc, translate(page_lang(request)))
        ctx = _plan_context(request, event_id) or {}
        if not ctx:
            return RedirectResponse(f"/tools/events/{event_id}", 303)
        return render(request, "events/plan.html", principal, status=422, error=message, **ctx)
    if result is None:
        return RedirectResponse(f"/tools/events/{event_id}?msg=locked", 303)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=locked", 303)


@router.post("/tools/events/{event_id}/locks/{lock_id}/delete", response_class=HTMLResponse)
async def unlock_action(request: Request, event_id: Id, lock_id: Id) -> Response:
    got = await posted(request, PLANNERS, f"/tools/events/{event_id}")
    if isinstance(got, Response):
        return got
    principal, _form = got
    state = state_of(request)
    try:
        with state.factory.begin() as session:
            result = unlock_and_replan(
                session, state.kb, event_id, lock_id, actor=actor(principal),
                matcher=default_matcher(state.settings),
                generator=default_generator(state.settings),
            )  # fmt: skip
    except SazonError:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    if result is None:
        return RedirectResponse(f"/tools/events/{event_id}", 303)
    return RedirectResponse(f"/tools/events/{event_id}/plan?msg=unlocked", 303)
