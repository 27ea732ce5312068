"""The knowledge page: classify the ingredients the knowledge base does not know.

Thin: the page calls the same ``sazon.knowledge`` functions as the API and the CLI. The to-do
is the menus' unknown words; each form is a POST with CSRF; the outcome is a redirect (303)
so a reload never adds twice.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from sazon.access import KNOWLEDGE_EDITORS, Principal
from sazon.errors import SazonError
from sazon.knowledge import (
    ALLERGENS,
    CATEGORIES,
    DIET_CLASSES,
    WEB_PATH,
    IngredientCreate,
    PreparationCreate,
    SynonymCreate,
    add_ingredient,
    add_preparation,
    add_synonym,
    list_additions,
    unknown_words,
)
from sazon.web.common import caller, checked, page_lang, render, state_of
from sazon.web.i18n import translate

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    principal: Principal,
    *,
    status: int = 200,
    error: str | None = None,
    added: str | None = None,
    form: dict[str, Any] | None = None,
) -> Response:
    with state_of(request).factory.begin() as session:
        todo = unknown_words(session)
        additions = list_additions(session)
    return render(
        request, "knowledge/additions.html", principal, status=status, error=error,
        added=added, todo=todo, additions=list(reversed(additions)), allergens=ALLERGENS,
        diet_classes=DIET_CLASSES, categories=CATEGORIES, form=form or {},
    )  # fmt: skip


def _expired(request: Request, principal: Principal) -> Response:
    return _page(request, principal, status=403, error=translate(page_lang(request))["csrf"])


@router.get(WEB_PATH, response_class=HTMLResponse)
def additions_page(request: Request, added: str = "", written: str = "") -> Response:
    who = caller(request, KNOWLEDGE_EDITORS)
    if isinstance(who, Response):
        return who
    return _page(request, who, added=added or None, form={"name_es": written})


@router.post(WEB_PATH, response_class=HTMLResponse)
def add(
    request: Request,
    kind: Annotated[str, Form(max_length=16)],
    csrf: Annotated[str | None, Form()] = None,
    name_es: Annotated[str, Form(max_length=120)] = "",
    name_en: Annotated[str, Form(max_length=120)] = "",
    category: Annotated[str, Form(max_length=40)] = "other",
    allergens: Annotated[list[str] | None, Form()] = None,
    no_allergens: Annotated[bool, Form()] = False,
    diet: Annotated[list[str] | None, Form()] = None,
    no_diet: Annotated[bool, Form()] = False,
    heat: Annotated[int, Form(ge=0, le=5)] = 0,
    word: Annotated[str, Form(max_length=120)] = "",
    to: Annotated[str, Form(max_length=120)] = "",
    components: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    who = checked(request, KNOWLEDGE_EDITORS, csrf, partial(_expired, request))
    if isinstance(who, Response):
        return who
    form = {"kind": kind, "name_es": name_es, "name_en": name_en, "category": category,
            "word": word, "to": to, "components": components}  # fmt: skip
    picked_allergens, picked_diet = allergens or [], diet or []
    try:
        with state_of(request).factory.begin() as session:
            if kind == "ingredient":
                if not (picked_allergens or no_allergens) or not (picked_diet or no_diet):
                    raise SazonError(translate(page_lang(request))["kn_mark_classes"])
                out = add_ingredient(
                    session,
                    IngredientCreate(
                        name_es=name_es, name_en=name_en or None, category=category,
                        allergens=picked_allergens, diet=picked_diet, flavour={"heat": heat},
                    ),
                    who=who, via="web",
                )  # fmt: skip
            elif kind == "synonym":
                out = add_synonym(session, SynonymCreate(word=word, to=to), who=who, via="web")
            elif kind == "preparation":
                spec = PreparationCreate(
                    name_es=name_es, name_en=name_en or None, category=category,
                    components=[c.strip() for c in components.split(",") if c.strip()],
                    allergens=picked_allergens, diet=picked_diet,
                )  # fmt: skip
                out = add_preparation(session, spec, who=who, via="web")
            else:
                raise SazonError(f"unknown kind '{kind}'")
    except SazonError as exc:
        return _page(request, who, status=422, error=exc.message, form=form)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
        return _page(request, who, status=422, error=msg, form=form)
    return RedirectResponse(f"{WEB_PATH}?added={out.ingredient_id}", 303)
