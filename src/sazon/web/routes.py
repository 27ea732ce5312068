"""Server-rendered pages. Thin: each page calls the same functions as the API."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select

from sazon.access import EDITORS, Principal, audit, can_read_health, verify_key
from sazon.api.deps import ApiState, Id, IdQuery
from sazon.errors import SazonError
from sazon.ingest import (
    KINDS,
    correct_quarantined,
    discard_quarantined,
    ingest_file,
    list_quarantine,
    record_outcomes,
)
from sazon.ingest.report import charts
from sazon.ingest.uploads import save_upload
from sazon.knowledge import ALLERGENS
from sazon.store import Dish, Feedback, Guest, IngestRun, Venue, Visit, Wine
from sazon.store.guests import count_guests, guest_dict, guest_history, list_guests
from sazon.web import session as websession
from sazon.web.i18n import LANGS, label, translate

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["label"] = label
PAGE_SIZE = 25
TOOLS = ("events", "experience", "pairing", "trends", "social")


def _state(request: Request) -> ApiState:
    state: ApiState = request.app.state.sazon
    return state


def _lang(request: Request) -> str:
    lang = request.cookies.get(websession.LANG_COOKIE, "es")
    return lang if lang in LANGS else "es"


def _key(request: Request) -> str | None:
    return websession.read_session(_state(request).secret, request.cookies.get(websession.COOKIE))


def _principal(request: Request) -> Principal | None:
    key = _key(request)
    if not key:
        return None
    with _state(request).factory.begin() as session:
        return verify_key(session, key)


def render(
    request: Request, name: str, principal: Principal | None, status: int = 200, **ctx: Any
) -> HTMLResponse:
    key = _key(request)
    lang = _lang(request)
    return templates.TemplateResponse(
        request,
        name,
        {
            "t": translate(lang),
            "lang": lang,
            "principal": principal,
            "tools": TOOLS,
            "csrf": websession.csrf_token(_state(request).secret, key) if key else "",
            "path": request.url.path,
            **ctx,
        },
        status_code=status,
    )


def _login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse("/login?" + urlencode({"next": str(request.url.path)}), 303)


def _csrf_ok(request: Request, token: str | None) -> bool:
    key = _key(request)
    return bool(key) and websession.check_csrf(_state(request).secret, key or "", token)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", None, next=next if next.startswith("/") else "/")


@router.post("/login")
def login(
    request: Request,
    key: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    with _state(request).factory.begin() as session:
        principal = verify_key(session, key.strip())
    if principal is None:
        return render(request, "login.html", None, status=401, error=True, next=next)
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    resp = RedirectResponse(target, 303)
    resp.set_cookie(
        websession.COOKIE,
        websession.make_session(_state(request).secret, key.strip()),
        max_age=websession.MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return resp


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str | None, Form()] = None) -> Response:
    resp = RedirectResponse("/login", 303)
    if _csrf_ok(request, csrf):
        resp.delete_cookie(websession.COOKIE)
    return resp


@router.get("/lang/{code}")
def switch_language(request: Request, code: str) -> Response:
    back = request.headers.get("referer") or "/"
    path = "/" + back.split("://", 1)[-1].split("/", 1)[-1] if "://" in back else "/"
    resp = RedirectResponse(path, 303)
    resp.set_cookie(
        websession.LANG_COOKIE, code if code in LANGS else "es", max_age=365 * 86400, samesite="lax"
    )
    return resp


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    with _state(request).factory() as session:
        counts = {
            name: session.scalar(select(func.count()).select_from(model))
            for name, model in (
                ("guests", Guest),
                ("visits", Visit),
                ("feedback", Feedback),
                ("venues", Venue),
                ("dishes", Dish),
                ("wines", Wine),
            )
        }
    return render(request, "home.html", principal, counts=counts)


@router.get("/tools/{tool}", response_class=HTMLResponse)
def tool(request: Request, tool: str) -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    if tool not in TOOLS:
        return render(request, "notfound.html", principal, status=404)
    return render(request, "tool.html", principal, tool=tool)


@router.get("/guests", response_class=HTMLResponse)
def guests(
    request: Request, q: str = "", allergen: str = "", language: str = "", page: int = 1
) -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    health = can_read_health(principal.role)
    page = min(max(page, 1), 100_000)
    filters = {
        "q": q[:100] or None,
        "allergen": (allergen if health else "") or None,
        "language": language[:5] or None,
    }
    with _state(request).factory.begin() as session:
        rows = list_guests(
            session,
            filters["q"],
            filters["allergen"],
            filters["language"],
            PAGE_SIZE,
            (page - 1) * PAGE_SIZE,
        )
        total = count_guests(session, filters["q"], filters["allergen"], filters["language"])
        items = [guest_dict(g, health=health) for g in rows]
        if health:
            for g in rows:
                audit(session, principal, "guest.list", g.id, "web", None)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    return render(
        request,
        "guests.html",
        principal,
        items=items,
        total=total,
        page=page,
        pages=pages,
        q=q,
        allergen=allergen,
        language=language,
        health=health,
        allergens=ALLERGENS,
    )


@router.get("/guests/{guest_id}", response_class=HTMLResponse)
def guest(request: Request, guest_id: Id) -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    health = can_read_health(principal.role)
    with _state(request).factory.begin() as session:
        g = session.get(Guest, guest_id)
        if g is None or g.erased_at is not None:
            return render(request, "notfound.html", principal, status=404)
        data = guest_dict(g, health=health)
        if health:
            audit(session, principal, "guest.read", g.id, "web", None)
        visits, feedback = guest_history(session, guest_id)
    return render(
        request, "guest.html", principal, g=data, health=health, visits=visits, feedback=feedback
    )


def _ingest_page(
    request: Request, principal: Principal, status: int = 200, **ctx: Any
) -> HTMLResponse:
    with _state(request).factory() as session:
        entries = list_quarantine(session)
        run_id = ctx.pop("run_id", None)
        run = session.get(IngestRun, run_id) if run_id else None
        runs = session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(8)).all()
    report_charts = charts(run.report) if run and run.report else []
    return render(
        request,
        "ingest.html",
        principal,
        status=status,
        kinds=KINDS,
        entries=entries,
        run=run,
        runs=runs,
        charts=report_charts,
        **ctx,
    )


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, run: IdQuery = None, msg: str = "") -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    if principal.role not in EDITORS:
        return render(request, "forbidden.html", principal, status=403)
    return _ingest_page(request, principal, run_id=run, msg=msg)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_upload(
    request: Request,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    if principal.role not in EDITORS:
        return render(request, "forbidden.html", principal, status=403)
    if not _csrf_ok(request, csrf):
        return _ingest_page(request, principal, status=403, error=translate(_lang(request))["csrf"])
    state = _state(request)
    try:
        if kind not in KINDS:
            raise SazonError(f"unknown kind '{kind}'")
        with tempfile.TemporaryDirectory(prefix="sazon-web-") as tmp:
            path = await save_upload(
                file.read, file.filename, state.settings.ingest.max_file_mb * 1024 * 1024, Path(tmp)
            )
            summary = ingest_file(
                state.factory, state.kb, kind, path, long_text=state.settings.ingest.max_text_chars
            )
            record_outcomes(summary)
    except SazonError as exc:
        return _ingest_page(request, principal, status=422, error=exc.message)
    return RedirectResponse(f"/ingest?run={summary.run_id}", 303)


@router.post("/ingest/quarantine/{entry_id}", response_class=HTMLResponse)
async def quarantine_fix(request: Request, entry_id: Id) -> Response:
    principal = _principal(request)
    if principal is None:
        return _login_redirect(request)
    if principal.role not in EDITORS:
        return render(request, "forbidden.html", principal, status=403)
    form = await request.form()
    if not _csrf_ok(request, str(form.get("csrf") or "")):
        return _ingest_page(request, principal, status=403, error=translate(_lang(request))["csrf"])
    state = _state(request)
    try:
        if form.get("action") == "discard":
            discard_quarantined(state.factory, entry_id)
            return RedirectResponse("/ingest?msg=discarded", 303)
        changes = {k[4:]: str(v) for k, v in form.items() if k.startswith("col:")}
        result = correct_quarantined(state.factory, state.kb, entry_id, changes)
    except SazonError as exc:
        return _ingest_page(request, principal, status=422, error=exc.message)
    if result.outcome == "quarantined":
        return _ingest_page(
            request, principal, status=422, still_bad=result.reasons, bad_id=entry_id
        )
    return RedirectResponse("/ingest?msg=fixed", 303)
