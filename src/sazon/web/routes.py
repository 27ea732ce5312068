"""Server-rendered pages. Thin: each page calls the same functions as the API."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sazon.access import (
    EDITORS,
    Principal,
    audit_read,
    can_read_health,
    end_session,
    guest_list_file,
    open_session,
    verify_key,
)
from sazon.api import Id, IdQuery
from sazon.errors import NotFound, SazonError
from sazon.ingest import (
    KINDS,
    charts,
    correct_quarantined,
    discard_quarantined,
    get_run,
    list_quarantine,
    recent_runs,
    report_paths,
    save_upload,
)
from sazon.knowledge import ALLERGENS
from sazon.store.guests import guest_dict, guest_history, live_guest, search_guests
from sazon.web import session as websession
from sazon.web.common import (
    TOOLS,
    caller,
    checked,
    csrf_ok,
    login_redirect,
    page_lang,
    posted,
    principal_of,
    render,
    session_id,
    state_of,
)
from sazon.web.home import home_view
from sazon.web.i18n import LANGS, label, translate
from sazon.web.nav import tools_for
from sazon.web.tools.experience_pages import guest_experience
from sazon.web.words.ingest import chart_words

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", None, next=next if next.startswith("/") else "/")


@router.post("/login")
def login(
    request: Request,
    key: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    state = state_of(request)
    lifetime = timedelta(hours=state.settings.web.session_hours)
    with state.factory.begin() as session:
        principal = verify_key(session, key.strip())
        # The key stops here: the cookie gets a random session id, the store its hash.
        sid = open_session(session, principal.key_id, lifetime)[0] if principal else None
    if sid is None:
        return render(request, "login.html", None, status=401, error=True, next=next)
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    resp = RedirectResponse(target, 303)
    resp.set_cookie(
        websession.COOKIE,
        sid,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return resp


def _secure(request: Request) -> bool:
    return state_of(request).settings.web.secure_cookie or request.url.scheme == "https"


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str | None, Form()] = None) -> Response:
    resp = RedirectResponse("/login", 303)
    sid = session_id(request)
    if sid and csrf_ok(request, csrf):
        with state_of(request).factory.begin() as session:
            end_session(session, sid)
        resp.delete_cookie(
            websession.COOKIE, httponly=True, samesite="lax", secure=_secure(request)
        )
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


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    # Browsers ask for /favicon.ico on pages without our <link rel="icon"> (JSON, the docs).
    return RedirectResponse("/static/favicon.svg", 301)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    principal = principal_of(request)
    if principal is None:
        return login_redirect(request)
    lang = page_lang(request)
    state = state_of(request)
    with state.factory() as session:
        view = home_view(state, request.app.state, session, principal.role, lang, translate(lang))
    return render(request, "home.html", principal, home=view, my_tools=tools_for(principal.role))


@router.get("/tools/{tool}", response_class=HTMLResponse)
def tool(request: Request, tool: str) -> Response:
    principal = principal_of(request)
    if principal is None:
        return login_redirect(request)
    if tool not in TOOLS:
        return render(request, "notfound.html", principal, status=404)
    return render(request, "tool.html", principal, tool=tool)


@router.get("/guests/export.{fmt}", include_in_schema=False)
def guests_export(
    request: Request, fmt: str, q: str = "", allergen: str = "", language: str = ""
) -> Response:
    """The list on screen (same filters) as a CSV or Excel file, with the role's columns."""
    principal = principal_of(request)
    if principal is None:
        return login_redirect(request)
    if fmt not in ("csv", "xlsx"):
        return render(request, "notfound.html", principal, status=404)
    lang = page_lang(request)
    with state_of(request).factory.begin() as session:
        file = guest_list_file(
            session, principal, "csv" if fmt == "csv" else "xlsx", search=q[:100] or None,
            allergen=allergen or None, language=language[:5] or None, lang=lang,
            word=lambda slug: label(slug, lang),
        )  # fmt: skip
    return Response(
        file.content,
        media_type=file.media_type,
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@router.get("/guests", response_class=HTMLResponse)
def guests(
    request: Request, q: str = "", allergen: str = "", language: str = "", page: int = 1
) -> Response:
    principal = principal_of(request)
    if principal is None:
        return login_redirect(request)
    health = can_read_health(principal.role)
    page = min(max(page, 1), 100_000)
    filters = {
        "q": q[:100] or None,
        "allergen": (allergen if health else "") or None,
        "language": language[:5] or None,
    }
    with state_of(request).factory.begin() as session:
        found = search_guests(
            session, filters["q"], allergen=filters["allergen"], language=filters["language"],
            limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE,
        )  # fmt: skip
        rows, total = found.items, found.total
        items = [guest_dict(g, health=health) for g in rows]
        if health:
            audit_read(session, principal, "guest.list", [g.id for g in rows], "web", None)
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
    principal = principal_of(request)
    if principal is None:
        return login_redirect(request)
    health = can_read_health(principal.role)
    with state_of(request).factory.begin() as session:
        g = live_guest(session, guest_id)
        if g is None:
            return render(request, "notfound.html", principal, status=404)
        data = guest_dict(g, health=health)
        if health:
            audit_read(session, principal, "guest.read", [g.id], "web", None)
        visits, feedback = guest_history(session, guest_id)
        experience = guest_experience(request, session, principal, guest_id)
    return render(
        request, "guest.html", principal, g=data, health=health, visits=visits,
        feedback=feedback, experience=experience,
    )  # fmt: skip


def _ingest_page(
    request: Request, principal: Principal, status: int = 200, **ctx: Any
) -> HTMLResponse:
    with state_of(request).factory() as session:
        entries = list_quarantine(session, newest_first=True)
        run_id = ctx.pop("run_id", None)
        try:
            run = get_run(session, run_id) if run_id else None
        except NotFound:  # an old link to a run that is gone: the page without it
            run = None
        runs = recent_runs(session, 8)
    said = chart_words(translate(page_lang(request)))
    report_charts = charts(run.report, said) if run and run.report else []
    if run is not None and _report_file(request, run.id).exists():
        ctx["report_url"] = f"/ingest/runs/{run.id}/report"
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
        chart_titles=said,
        **ctx,
    )


def _expired(request: Request, principal: Principal) -> Response:
    """The ingest page again, saying the form's token expired (nothing was read)."""
    expired = translate(page_lang(request))["csrf"]
    return _ingest_page(request, principal, status=403, error=expired)


def _report_file(request: Request, run_id: int) -> Path:
    return report_paths(state_of(request).settings.home / "reports", run_id)[1]


@router.get("/ingest/runs/{run_id}/report", response_class=HTMLResponse)
def ingest_report(request: Request, run_id: Id) -> Response:
    """The run's HTML quality report, as the upload's job (or ``sazon ingest``) wrote it."""
    principal = caller(request, EDITORS)
    if isinstance(principal, Response):
        return principal
    path = _report_file(request, run_id)
    if not path.exists():
        return render(request, "notfound.html", principal, status=404)
    return HTMLResponse(path.read_text(encoding="utf-8"))


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request, run: IdQuery = None, msg: str = "") -> Response:
    principal = caller(request, EDITORS)
    if isinstance(principal, Response):
        return principal
    return _ingest_page(request, principal, run_id=run, msg=msg)


@router.post("/ingest", response_class=HTMLResponse)
async def ingest_upload(
    request: Request,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    principal = checked(request, EDITORS, csrf, partial(_expired, request))
    if isinstance(principal, Response):
        return principal
    state = state_of(request)
    folder = Path(tempfile.mkdtemp(prefix="sazon-web-"))
    try:
        if kind not in KINDS:
            raise SazonError(f"unknown kind '{kind}'")
        path = await save_upload(
            file.read, file.filename, state.settings.ingest.max_file_mb * 1024 * 1024, folder
        )
    except SazonError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _ingest_page(request, principal, status=422, error=exc.message)
    # The file is ingested by a worker thread; the browser follows its progress page.
    job_id, _ = await run_in_threadpool(state.upload_jobs().submit, kind, path, principal.key_id)
    return RedirectResponse(f"/ingest/jobs/{job_id}", 303)


@router.post("/ingest/quarantine/{entry_id}", response_class=HTMLResponse)
async def quarantine_fix(request: Request, entry_id: Id) -> Response:
    got = await posted(request, EDITORS, partial(_expired, request))
    if isinstance(got, Response):
        return got
    principal, form = got
    state = state_of(request)
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
