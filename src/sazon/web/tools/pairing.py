"""The wine pairing page: pick dishes from the menu, see wines from the list and why.

Thin: the page calls the same ``sazon.pairing`` functions as the API. Choosing dishes is a GET
(a read, bookmarkable); describing a dish that is not on the menu is a POST with CSRF.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from sazon.access import PAIRERS, Principal
from sazon.errors import SazonError
from sazon.pairing import (
    DishInput,
    DishPairing,
    PairingFilters,
    load_model,
    radar_axes,
    radar_svg,
    store_dishes,
    suggest_from_store,
    venue_id_of,
)
from sazon.store.catalog import venues_by_name
from sazon.web.common import caller, checked, page_lang, render, state_of
from sazon.web.i18n import translate

router = APIRouter(include_in_schema=False)
MAX_PICKED = 12
COLOURS = ("red", "white", "rose", "sparkling", "amber")


def _pairs(words: str) -> list[tuple[str, str]]:
    return [tuple(p.split(":", 1)) for p in words.split(",")]  # type: ignore[misc]


def _charts(pairings: list[DishPairing], lang: str) -> list[dict[str, Any]]:
    """Each pairing with, per suggestion, the radar axes and the SVG drawn from them."""
    t = translate(lang)
    out = []
    for p in pairings:
        cards = []
        for s in p.suggestions:
            if s.wine is None:
                continue
            axes = radar_axes(p.profile, s.wine, "es" if lang == "es" else "en")
            svg = radar_svg(
                axes,
                title=f"{t['pa_chart']}: {p.dish} · {s.name}",
                dish_label=p.dish,
                wine_label=s.name,
            )
            cards.append({"s": s, "axes": axes, "svg": svg})
        out.append({"p": p, "cards": cards})
    return out


def _page(
    request: Request,
    *,
    q: str = "",
    venue: str = "",
    picked: list[str] | None = None,
    custom: DishInput | None = None,
    max_price: float | None = None,
    by_the_glass: bool = False,
    colour: str = "",
    non_alcoholic: bool = False,
    top: int = 3,
    status: int = 200,
    error: str | None = None,
) -> Response:
    principal = caller(request, PAIRERS)
    if isinstance(principal, Response):
        return principal
    state = state_of(request)
    lang = page_lang(request)
    picked = (picked or [])[:MAX_PICKED]
    results: list[dict[str, Any]] = []
    empty_list = False
    with state.factory() as session:
        venues = venues_by_name(session)
        venue_names: dict[int | None, str] = {v.id: v.name for v in venues}
        try:
            venue_id = venue_id_of(session, venue or None)
        except SazonError:
            venue, venue_id = "", None
        everything = store_dishes(session, venue_id=venue_id, limit=500)
        shown = store_dishes(session, venue_id=venue_id, match=[q] if q else None, limit=500)
        filters = PairingFilters(
            max_price_pen=max_price, by_the_glass=by_the_glass, colors=[colour] if colour else []
        )
        model = load_model(state.settings.home / "models")
        if custom and not venue and venues:
            venue = venues[0].code  # a dish off the menu is paired with one venue's list
        if picked or custom:
            try:
                pairings = suggest_from_store(
                    session,
                    venue=venue or None,
                    match=picked or None,
                    dishes=[custom] if custom else None,
                    top=top,
                    lang="en" if lang == "en" else "es",
                    filters=filters,
                    non_alcoholic=non_alcoholic,
                    kb=state.kb,
                    model=model,
                )
                if not custom:
                    pairings = [p for p in pairings if p.dish_id in picked]
                results = _charts(pairings, lang)
                empty_list = any(not p.suggestions for p in pairings)
            except SazonError as exc:
                error, status = exc.message, 422
    t = translate(lang)
    return render(
        request,
        "pairing/page.html",
        principal,
        status=status,
        q=q,
        venue=venue,
        venues=venues,
        # Under "Todos los locales" the same dish sits on several menus: each entry says whose.
        dishes=[{"d": d, "venue": venue_names.get(vid, "")} for d, vid in shown],
        dish_venue={d.dish_id: venue_names.get(vid, "") for d, vid in everything},
        has_dishes=bool(everything),
        picked=set(picked),
        custom=custom,
        max_price=max_price,
        by_the_glass=by_the_glass,
        colour=colour,
        colours=[(k, v) for k, v in _pairs(t["pa_colours"]) if k in COLOURS],
        courses=_pairs(t["pa_courses"]),
        flavour_names=dict(_pairs(t["pa_flavours"])),
        aroma_names=dict(_pairs(t["pa_aroma_names"])),
        non_alcoholic=non_alcoholic,
        top=top,
        results=results,
        empty_list=empty_list,
        error=error,
    )


@router.get("/tools/pairing", response_class=HTMLResponse)
def pairing_page(
    request: Request,
    q: Annotated[str, Query(max_length=100)] = "",
    venue: Annotated[str, Query(max_length=64)] = "",
    dish: Annotated[list[str] | None, Query(max_length=MAX_PICKED)] = None,
    max_price: Annotated[str, Query(max_length=12)] = "",
    by_the_glass: bool = False,
    colour: Annotated[str, Query(max_length=12)] = "",
    non_alcoholic: bool = False,
    top: Annotated[str, Query(max_length=3)] = "3",
) -> Response:
    # An empty box in the form arrives as "": read leniently rather than answer 422.
    price = _number(max_price)
    count = _number(top)
    return _page(
        request,
        q=q,
        venue=venue,
        picked=dish,
        max_price=price if price is not None and price >= 0 else None,
        by_the_glass=by_the_glass,
        colour=colour if colour in COLOURS else "",
        non_alcoholic=non_alcoholic,
        top=int(min(max(count or 3, 1), 10)),
    )


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ".")) if text.strip() else None
    except ValueError:
        return None


@router.post("/tools/pairing", response_class=HTMLResponse)
def pairing_custom(
    request: Request,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    ingredients: Annotated[str, Form(max_length=2000)] = "",
    course: Annotated[str, Form(max_length=20)] = "fondo",
    venue: Annotated[str, Form(max_length=64)] = "",
    non_alcoholic: Annotated[bool, Form()] = False,
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    def expired(_principal: Principal) -> Response:
        return _page(request, venue=venue, status=403, error=translate(page_lang(request))["csrf"])

    stop = checked(request, PAIRERS, csrf, expired)
    if isinstance(stop, Response):
        return stop
    words = [w.strip() for w in re.split(r"[;,\n]", ingredients) if w.strip()][:60]
    dish = DishInput(dish_id="custom", name=name.strip(), course=course or None, ingredients=words)
    return _page(request, venue=venue, custom=dish, non_alcoholic=non_alcoholic)
