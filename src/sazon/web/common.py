"""What every page shares: the templates, the caller, the language, CSRF, and ``render``.

Tool pages live in ``sazon.web.tools.<tool>`` (one router each, listed in
``sazon.web.tools.ROUTERS``) and import these helpers, so a tool adds pages without touching
the core routes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from sazon.access import Principal, session_principal
from sazon.api import ApiState
from sazon.phones import phone_display
from sazon.web import session as websession
from sazon.web.i18n import LANGS, label, translate
from sazon.web.words.dates import day, week, when
from sazon.web.words.ingest import field_words, reason_words

if TYPE_CHECKING:
    from sazon.web.nav import Entry

__all__ = [
    "TOOLS",
    "allowed",
    "caller",
    "checked",
    "csrf_ok",
    "login_redirect",
    "page_lang",
    "posted",
    "principal_of",
    "render",
    "session_id",
    "state_of",
    "templates",
]

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["label"] = label
# Dates and stored reasons are put in the reader's words where they are shown.
templates.env.globals.update(
    when=when, day=day, week=week, reason_words=reason_words, field_words=field_words
)
# A calendar day without its weekday, as a filter: a page may name a variable ``day``.
templates.env.filters["lima_day"] = lambda value, lang="es": day(value, lang, weekday=False)
# Phones are stored in E.164 and shown grouped ("+51 926 259 305", "(01) 234 5678").
templates.env.filters["phone"] = phone_display
TOOLS = ("events", "experience", "pairing", "trends", "social")


def state_of(request: Request) -> ApiState:
    state: ApiState = request.app.state.sazon
    return state


def page_lang(request: Request) -> str:
    lang = request.cookies.get(websession.LANG_COOKIE, "es")
    return lang if lang in LANGS else "es"


def session_id(request: Request) -> str | None:
    """The opaque session id in the cookie (never an API key), if any."""
    return request.cookies.get(websession.COOKIE) or None


def principal_of(request: Request) -> Principal | None:
    """The logged-in caller, or None (the page then redirects to the login form)."""
    sid = session_id(request)
    if not sid:
        return None
    with state_of(request).factory.begin() as session:
        return session_principal(session, sid)


def render(
    request: Request, name: str, principal: Principal | None, status: int = 200, **ctx: Any
) -> HTMLResponse:
    sid = session_id(request)
    lang = page_lang(request)
    return templates.TemplateResponse(
        request,
        name,
        {
            "t": translate(lang),
            "lang": lang,
            "principal": principal,
            "nav": _nav(principal),
            "csrf": websession.csrf_token(state_of(request).secret, sid) if sid else "",
            "path": request.url.path,
            **ctx,
        },
        status_code=status,
    )


def allowed(request: Request, roles: frozenset[str]) -> tuple[Principal | None, Response | None]:
    """The caller, and the page to answer instead when they are not logged in (the login
    form) or their role may not see this page (403)."""
    principal = principal_of(request)
    if principal is None:
        return None, login_redirect(request)
    if principal.role not in roles:
        return principal, render(request, "forbidden.html", principal, status=403)
    return principal, None


def caller(request: Request, roles: frozenset[str]) -> Principal | Response:
    """The caller of a page their role may see, or the page to answer instead (as ``allowed``)."""
    principal, stop = allowed(request, roles)
    if stop is not None:
        return stop
    assert principal is not None
    return principal


def _nav(principal: Principal | None) -> list[Entry]:
    from sazon.web.nav import menu_for  # the tools' pages import this module

    return menu_for(principal.role if principal else None)


def login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse("/login?" + urlencode({"next": str(request.url.path)}), 303)


def csrf_ok(request: Request, token: str | None) -> bool:
    sid = session_id(request)
    return bool(sid) and websession.check_csrf(state_of(request).secret, sid or "", token)


#: Where a refused POST (its CSRF token stale or missing) goes: a page's address to go back
#: to (303), or the page to answer with, made for the caller.
Refused = str | Callable[[Principal], Response]


def checked(
    request: Request, roles: frozenset[str], token: str | None, refused: Refused
) -> Principal | Response:
    """The caller of a form action whose fields FastAPI has read (``token`` is its ``csrf``
    field), or the answer instead: the login form, 403 for another role, or ``refused`` when
    the token does not hold."""
    principal = caller(request, roles)
    if isinstance(principal, Response):
        return principal
    return principal if csrf_ok(request, token) else _refuse(refused, principal)


async def posted(
    request: Request, roles: frozenset[str], refused: Refused
) -> tuple[Principal, FormData] | Response:
    """The caller and the form of a POST action, or the answer instead: the login form, 403
    for another role, or ``refused`` when the form's CSRF token does not hold. The form is
    read only once the caller may post it."""
    principal = caller(request, roles)
    if isinstance(principal, Response):
        return principal
    form = await request.form()
    if not csrf_ok(request, str(form.get("csrf") or "")):
        return _refuse(refused, principal)
    return principal, form


def _refuse(refused: Refused, principal: Principal) -> Response:
    return RedirectResponse(refused, 303) if isinstance(refused, str) else refused(principal)
