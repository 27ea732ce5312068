"""Per-kind store operations: find the record a row duplicates, create one, or merge into one."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sazon.ingest import schemas as sc
from sazon.knowledge import CLASSIFY_HINT, DIET_EXCLUSIONS, KnowledgeBase, fold, parse_restrictions
from sazon.store import (
    Base,
    Dish,
    DishIngredient,
    Feedback,
    Guest,
    MarketText,
    OrderLine,
    SocialPost,
    Venue,
    Visit,
    Wine,
)


class RowProblem(ValueError):
    """A record that parsed but cannot be stored (e.g. it names a guest we do not have)."""

    def __init__(self, field: str, value: str, error: str) -> None:
        super().__init__(error)
        self.reason = {"field": field, "value": value, "error": error}


@dataclass
class Context:
    session: Session
    kb: KnowledgeBase
    fuzzy_threshold: int = 90
    warnings: list[dict[str, str]] | None = None

    _dishes: dict[str, list[Dish]] | None = None

    def dish_index(self) -> dict[str, list[Dish]]:
        """Folded dish names (Spanish and English) → dishes, built once per run."""
        if self._dishes is None:
            self._dishes = {}
            for dish in self.session.scalars(select(Dish).where(Dish.active)):
                for name in {dish.name_es, dish.name_en or ""} - {""}:
                    self._dishes.setdefault(fold(name), []).append(dish)
        return self._dishes

    _wines: dict[str, list[Wine]] | None = None

    def wine_index(self) -> dict[str, list[Wine]]:
        """Folded wine names → wines, built once per run."""
        if self._wines is None:
            self._wines = {}
            for wine in self.session.scalars(select(Wine)):
                self._wines.setdefault(fold(wine.name), []).append(wine)
        return self._wines

    def warn(self, field: str, value: str, error: str) -> None:
        if self.warnings is not None:
            self.warnings.append({"field": field, "value": value, "error": error})


@dataclass
class Handler:
    model: type[Base]
    find: Callable[[Context, Any], tuple[Any, str] | None]
    create: Callable[[Context, Any], Any]
    merge: Callable[[Context, Any, Any, set[str]], list[str]]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def fill_missing(target: Any, values: dict[str, Any], given: set[str]) -> list[str]:
    """Keep the most complete record: fill empty fields, union lists, never erase."""
    filled: list[str] = []
    for name, new in values.items():
        if _empty(new) or not hasattr(target, name):
            continue
        old = getattr(target, name)
        if isinstance(old, list) and isinstance(new, list):
            union = [*old, *(v for v in new if v not in old)]
            if union != old:
                setattr(target, name, union)
                filled.append(name)
        elif _empty(old):
            setattr(target, name, new)
            filled.append(name)
    return filled


# ---- venues -------------------------------------------------------------------------------


def venue_for(ctx: Context, written: str | None) -> int | None:
    if not written:
        return None
    code = re.sub(r"[^a-z0-9]+", "-", fold(written)).strip("-")
    venue = ctx.session.scalars(
        select(Venue).where((Venue.code == code) | (func.lower(Venue.name) == written.lower()))
    ).first()
    if venue is None:
        venue = Venue(code=code, name=written.strip())
        ctx.session.add(venue)
        ctx.session.flush()
        ctx.warn("venue", written, f"new venue '{written}' created")
    return venue.id


# ---- guests -------------------------------------------------------------------------------


_NAMED_DIETS = frozenset({"no_honey", "no_gelatin"})


@lru_cache(maxsize=4096)
def _restrictions(
    allergies: str | None, diet: str | None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Allergens, named diets and unread words of a guest's texts. A guests file repeats a
    few hundred texts ("mariscos", "sin gluten") thousands of times: each is read once."""
    profile = parse_restrictions(allergies, diet)
    # Diets the planner knows by name; the rest ("diabético", "no_beef") live in the raw
    # text, which every reader re-reads.
    diets = (profile.labels - set(profile.allergens)) & (set(DIET_EXCLUSIONS) | _NAMED_DIETS)
    return tuple(sorted(profile.allergens)), tuple(sorted(diets)), tuple(profile.unknown)


def guest_values(rec: sc.GuestRecord) -> dict[str, Any]:
    allergies, diets, unknown = _restrictions(rec.allergies_text, rec.diet_text)
    raw = "; ".join(t for t in (rec.allergies_text, rec.diet_text) if t) or None
    return {
        "external_id": rec.external_id,
        "first_name": rec.first_name,
        "last_name": rec.last_name,
        "email": rec.email,
        "phone": rec.phone,
        "language": rec.language,
        "birth_date": rec.birth_date,
        "country": rec.country.upper() if rec.country else None,
        "allergies": list(allergies),
        "diets": list(diets),
        "restrictions_raw": raw,
        "restrictions_unknown": list(unknown),
        "favourite_cuisines": rec.favourite_cuisines,
        "preferred_event_types": rec.preferred_event_types,
        "budget_tier": rec.budget_tier,
        "notes": rec.notes,
        "consent_marketing": rec.consent_marketing,
        "consent_personalisation": rec.consent_personalisation,
        "vip": rec.vip,
    }


def _name_key(first: str | None, last: str | None) -> str:
    return fold(f"{first or ''} {last or ''}")


GUEST_KEYS = frozenset({"email", "phone", "external_id", "name+birth_date"})


def find_guest(ctx: Context, rec: sc.GuestRecord) -> tuple[Guest, str] | None:
    return duplicate_guest(ctx.session, rec, fuzzy_threshold=ctx.fuzzy_threshold)


def duplicate_guest(
    session: Session,
    rec: sc.GuestRecord,
    *,
    other_than: int | None = None,
    on: Collection[str] = GUEST_KEYS,
    fuzzy_threshold: int = 90,
) -> tuple[Guest, str] | None:
    """The guest ``rec`` duplicates, and on what: email, phone, external id, or name and
    birth date. The one uniqueness rule of guests: a file row, a new guest (POST) and a
    change (PATCH) all use it. ``other_than`` leaves out the guest being changed; ``on``
    limits the keys compared (a change is checked on the keys it changes)."""
    q = session.scalars
    base = select(Guest) if other_than is None else select(Guest).where(Guest.id != other_than)
    if "email" in on and rec.email and (g := q(base.where(Guest.email == rec.email)).first()):
        return g, "email"
    if "phone" in on and rec.phone and (g := q(base.where(Guest.phone == rec.phone)).first()):
        return g, "phone"
    if (
        "external_id" in on
        and rec.external_id
        and (g := q(base.where(Guest.external_id == rec.external_id)).first())
    ):
        return g, "external_id"
    if "name+birth_date" in on and rec.birth_date and rec.first_name:
        key = _name_key(rec.first_name, rec.last_name)
        for cand in q(base.where(Guest.birth_date == rec.birth_date)):
            score = fuzz.token_sort_ratio(key, _name_key(cand.first_name, cand.last_name))
            if score >= 100:
                return cand, "name+birth_date"
            if score >= fuzzy_threshold:
                return cand, "similar_name+birth_date"
    return None


def new_guest_values(ctx: Context, rec: sc.GuestRecord) -> dict[str, Any]:
    """A new guest's values, warning about the restriction words nobody could read."""
    values = guest_values(rec)
    if values["restrictions_unknown"]:
        ctx.warn(
            "restrictions",
            values["restrictions_raw"] or "",
            "words we could not read: " + ", ".join(values["restrictions_unknown"]),
        )
    return values | {"source": "ingest"}


def create_guest(ctx: Context, rec: sc.GuestRecord) -> Guest:
    guest = Guest(**new_guest_values(ctx, rec))
    ctx.session.add(guest)
    return guest


def merge_guest(ctx: Context, guest: Guest, rec: sc.GuestRecord, given: set[str]) -> list[str]:
    values = guest_values(rec)
    consent = {k: values.pop(k) for k in ("consent_marketing", "consent_personalisation", "vip")}
    raw = values.pop("restrictions_raw")
    filled = fill_missing(guest, values, given)
    if raw and raw not in (guest.restrictions_raw or ""):
        guest.restrictions_raw = "; ".join(p for p in (guest.restrictions_raw, raw) if p)
        filled.append("restrictions_raw")
    # Consent is the guest's latest word, so an explicit value in the file replaces ours.
    for name, value in consent.items():
        if name in given and getattr(guest, name) != value:
            setattr(guest, name, value)
            filled.append(name)
    return filled


# ---- visits -------------------------------------------------------------------------------

_QTY = re.compile(r"^(?:(\d+)\s*[x×]\s*)?(.+?)(?:\s*[x×]\s*(\d+))?$", re.IGNORECASE)


def guest_ref(ctx: Context, ref: str | None, email: str | None, phone: str | None) -> int | None:
    if not (ref or email or phone):
        return None
    stmt = select(Guest.id)
    if ref:
        found = ctx.session.scalars(stmt.where(Guest.external_id == ref)).first()
        if found is None and ref.isdigit():
            found = ctx.session.scalars(stmt.where(Guest.id == int(ref))).first()
    elif email:
        found = ctx.session.scalars(stmt.where(Guest.email == email)).first()
    else:
        found = ctx.session.scalars(stmt.where(Guest.phone == phone)).first()
    if found is None:
        written = ref or email or phone or ""
        raise RowProblem("guest", written, f"no guest '{written}': ingest the guests file first")
    return found


def dish_by_name(ctx: Context, name: str, venue_id: int | None = None) -> Dish | None:
    """The venue's own dish of that name, else any menu's, else the knowledge base's.

    Names are folded in Python (SQLite's lower() only knows ASCII) and the index is built
    once per run: a visits file repeats the same few dozen dish names thousands of times.
    """
    index = ctx.dish_index()
    key = fold(name)
    candidates = index.get(key)
    if not candidates:
        kb_dish = ctx.kb.find_dish(name)
        candidates = index.get(fold(kb_dish.name_es)) if kb_dish else None
    if not candidates:
        return None
    return next((d for d in candidates if d.venue_id == venue_id), None) or next(
        (d for d in candidates if d.from_knowledge), candidates[0]
    )


def wine_by_name(ctx: Context, name: str, venue_id: int | None = None) -> Wine | None:
    """A bottle from the venue's list first, then any list, then the knowledge base."""
    candidates = ctx.wine_index().get(fold(name))
    if not candidates:
        return None
    return next((w for w in candidates if w.venue_id == venue_id), None) or next(
        (w for w in candidates if w.on_list), candidates[0]
    )


def order_lines(ctx: Context, items: str | None, venue_id: int | None = None) -> list[OrderLine]:
    lines: list[OrderLine] = []
    for part in re.split(r"[;|\n]", items or ""):
        part = part.strip()
        if not part:
            continue
        m = _QTY.match(part)
        assert m is not None
        qty = int(m.group(1) or m.group(3) or 1)
        name = m.group(2).strip()
        dish = dish_by_name(ctx, name, venue_id)
        wine = None if dish else wine_by_name(ctx, name, venue_id)
        if dish is None and wine is None:
            ctx.warn("items", name, "not on any menu or wine list we know: kept as written")
        lines.append(
            OrderLine(
                dish_id=dish.id if dish else None,
                wine_id=wine.id if wine else None,
                item_name=name,
                quantity=qty,
                unit_price_pen=dish.price_pen if dish else (wine.price_pen if wine else None),
            )
        )
    return lines


def find_visit(ctx: Context, rec: sc.VisitRecord) -> tuple[Visit, str] | None:
    if rec.external_id and (
        v := ctx.session.scalars(select(Visit).where(Visit.external_id == rec.external_id)).first()
    ):
        return v, "external_id"
    gid = guest_ref(ctx, rec.guest_ref, rec.guest_email, rec.guest_phone)
    if gid is not None:
        v = ctx.session.scalars(
            select(Visit).where(Visit.guest_id == gid, Visit.visited_at == rec.visited_at)
        ).first()
        if v:
            return v, "guest+time"
    return None


def create_visit(ctx: Context, rec: sc.VisitRecord) -> Visit:
    visit = Visit(
        external_id=rec.external_id,
        guest_id=guest_ref(ctx, rec.guest_ref, rec.guest_email, rec.guest_phone),
        venue_id=venue_for(ctx, rec.venue),
        visited_at=rec.visited_at,
        party_size=rec.party_size,
        total_pen=rec.total_pen,
        occasion=rec.occasion,
    )
    visit.lines = order_lines(ctx, rec.items, visit.venue_id)
    ctx.session.add(visit)
    return visit


def merge_visit(ctx: Context, visit: Visit, rec: sc.VisitRecord, given: set[str]) -> list[str]:
    filled = fill_missing(visit, {"total_pen": rec.total_pen, "occasion": rec.occasion}, given)
    if not visit.lines and rec.items:
        visit.lines = order_lines(ctx, rec.items, visit.venue_id)
        filled.append("items")
    return filled


# ---- feedback -----------------------------------------------------------------------------


def find_feedback(ctx: Context, rec: sc.FeedbackRecord) -> tuple[Feedback, str] | None:
    if rec.external_id and (
        f := ctx.session.scalars(
            select(Feedback).where(Feedback.external_id == rec.external_id)
        ).first()
    ):
        return f, "external_id"
    gid = guest_ref(ctx, rec.guest_ref, rec.guest_email, None)
    f = ctx.session.scalars(
        select(Feedback).where(
            Feedback.guest_id == gid if gid else Feedback.guest_id.is_(None),
            Feedback.submitted_at == rec.submitted_at,
        )
    ).first()
    if f is not None and (f.text or "") == (rec.text or ""):
        return f, "guest+time+text"
    return None


def create_feedback(ctx: Context, rec: sc.FeedbackRecord) -> Feedback:
    visit_id = None
    if rec.visit_ref:
        visit_id = ctx.session.scalars(
            select(Visit.id).where(Visit.external_id == rec.visit_ref)
        ).first()
        if visit_id is None:
            ctx.warn("visit_ref", rec.visit_ref, "no such visit: feedback kept without it")
    fb = Feedback(
        external_id=rec.external_id,
        guest_id=guest_ref(ctx, rec.guest_ref, rec.guest_email, None),
        visit_id=visit_id,
        venue_id=venue_for(ctx, rec.venue),
        rating=rec.rating,
        text=rec.text,
        channel=rec.channel,
        language=rec.language,
        submitted_at=rec.submitted_at,
    )
    ctx.session.add(fb)
    return fb


def merge_feedback(
    ctx: Context, fb: Feedback, rec: sc.FeedbackRecord, given: set[str]
) -> list[str]:
    return fill_missing(
        fb,
        {"rating": rec.rating, "text": rec.text, "channel": rec.channel, "language": rec.language},
        given,
    )


# ---- dishes -------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def _free_code(
    ctx: Context, model: type[Dish] | type[Wine], base: str, venue_id: int | None
) -> str:
    """A menu or list code that does not collide with the knowledge base's own codes."""
    code = base
    if ctx.session.scalars(select(model.id).where(model.code == code)).first() is None:
        return code
    prefix = ctx.session.get(Venue, venue_id).code if venue_id else "list"  # type: ignore[union-attr]
    code = f"{prefix}_{base}"
    n = 2
    while ctx.session.scalars(select(model.id).where(model.code == code)).first() is not None:
        code, n = f"{prefix}_{base}_{n}", n + 1
    return code


def find_dish(ctx: Context, rec: sc.DishRecord) -> tuple[Dish, str] | None:
    # A venue's menu never merges into the knowledge base's reference dishes.
    own = select(Dish).where(Dish.from_knowledge.is_(False))
    if rec.external_id and (
        d := ctx.session.scalars(own.where(Dish.code == rec.external_id)).first()
    ):
        return d, "code"
    venue_id = venue_for(ctx, rec.venue)
    d = ctx.session.scalars(
        own.where(
            func.lower(Dish.name_es) == rec.name.lower(),
            Dish.venue_id == venue_id if venue_id else Dish.venue_id.is_(None),
        )
    ).first()
    return (d, "name") if d else None


def dish_ingredients(ctx: Context, written: list[str]) -> list[DishIngredient]:
    out = []
    for pos, word in enumerate(written):
        match = ctx.kb.find_ingredient(word)
        if match is None:
            close = [m.matched for m in ctx.kb.suggest_ingredients(word)]
            hint = f" (close spelling of {', '.join(close)}: confirm it)" if close else ""
            ctx.warn(
                "ingredients",
                word,
                "unknown ingredient: kept as written, unsafe for "
                f"restricted guests until a chef classifies it{hint} ({CLASSIFY_HINT})",
            )
        out.append(
            DishIngredient(position=pos, ingredient_id=match.id if match else None, written_as=word)
        )
    return out


def create_dish(ctx: Context, rec: sc.DishRecord) -> Dish:
    kb = ctx.kb.find_dish(rec.name)
    venue_id = venue_for(ctx, rec.venue)
    dish = Dish(
        code=_free_code(ctx, Dish, rec.external_id or _slug(rec.name), venue_id),
        venue_id=venue_id,
        name_es=rec.name,
        name_en=rec.name_en or (kb.name_en if kb else None),
        cuisine=rec.cuisine or (kb.cuisine if kb else None),
        course=rec.course,
        cooking=list(kb.cooking) if kb else [],
        price_pen=rec.price_pen,
        description_es=rec.description or (kb.description_es if kb else None),
        description_en=kb.description_en if kb else None,
        ingredients_raw=rec.ingredients or (list(kb.ingredients) if kb else []),
    )
    dish.ingredients = dish_ingredients(ctx, list(dish.ingredients_raw))
    ctx.session.add(dish)
    ctx._dishes = None  # a new name to find
    return dish


def merge_dish(ctx: Context, dish: Dish, rec: sc.DishRecord, given: set[str]) -> list[str]:
    filled = fill_missing(
        dish,
        {
            "name_en": rec.name_en,
            "cuisine": rec.cuisine,
            "price_pen": rec.price_pen,
            "description_es": rec.description,
        },
        given,
    )
    if rec.ingredients and not dish.ingredients_raw:
        dish.ingredients_raw = rec.ingredients
        dish.ingredients = dish_ingredients(ctx, rec.ingredients)
        filled.append("ingredients")
    return filled


# ---- wines --------------------------------------------------------------------------------

_WINE_ATTRS = (
    "producer",
    "country",
    "region",
    "grapes",
    "color",
    "style",
    "aromas",
    "sweetness",
    "body",
    "acidity",
    "tannin",
    "oak",
    "alcohol",
    "price_pen",
)


def find_wine(ctx: Context, rec: sc.WineRecord) -> tuple[Wine, str] | None:
    # A venue's list never merges into the knowledge base's reference wines.
    own = select(Wine).where(Wine.from_knowledge.is_(False))
    if rec.external_id and (
        w := ctx.session.scalars(own.where(Wine.code == rec.external_id)).first()
    ):
        return w, "code"
    venue_id = venue_for(ctx, rec.venue)
    w = ctx.session.scalars(
        own.where(
            Wine.venue_id == venue_id if venue_id else Wine.venue_id.is_(None),
            func.lower(Wine.name) == rec.name.lower(),
            func.lower(func.coalesce(Wine.producer, "")) == (rec.producer or "").lower(),
        )
    ).first()
    return (w, "name+producer") if w else None


def create_wine(ctx: Context, rec: sc.WineRecord) -> Wine:
    venue_id = venue_for(ctx, rec.venue)
    wine = Wine(
        code=_free_code(
            ctx, Wine, rec.external_id or _slug(f"{rec.producer or ''} {rec.name}"), venue_id
        ),
        venue_id=venue_id,
        name=rec.name,
        by_the_glass=rec.by_the_glass,
        on_list=True,
        **{a: getattr(rec, a) for a in _WINE_ATTRS},
    )
    ctx.session.add(wine)
    ctx._wines = None  # a new name to find
    return wine


def merge_wine(ctx: Context, wine: Wine, rec: sc.WineRecord, given: set[str]) -> list[str]:
    return fill_missing(wine, {a: getattr(rec, a) for a in _WINE_ATTRS}, given)


# ---- social posts and market texts --------------------------------------------------------

_POST_ATTRS = (
    "post_type",
    "category",
    "text",
    "reach",
    "impressions",
    "likes",
    "comments",
    "shares",
)


def find_post(ctx: Context, rec: sc.SocialPostRecord) -> tuple[SocialPost, str] | None:
    stmt = select(SocialPost)
    if rec.external_id:
        p = ctx.session.scalars(stmt.where(SocialPost.external_id == rec.external_id)).first()
        return (p, "external_id") if p else None
    p = ctx.session.scalars(
        stmt.where(SocialPost.platform == rec.platform, SocialPost.posted_at == rec.posted_at)
    ).first()
    return (p, "platform+time") if p else None


def create_post(ctx: Context, rec: sc.SocialPostRecord) -> SocialPost:
    post = SocialPost(
        external_id=rec.external_id,
        venue_id=venue_for(ctx, rec.venue),
        platform=rec.platform.lower(),
        posted_at=rec.posted_at,
        paid=rec.paid,
        **{a: getattr(rec, a) for a in _POST_ATTRS},
    )
    ctx.session.add(post)
    return post


def merge_post(
    ctx: Context, post: SocialPost, rec: sc.SocialPostRecord, given: set[str]
) -> list[str]:
    return fill_missing(post, {a: getattr(rec, a) for a in _POST_ATTRS}, given)


def find_market_text(ctx: Context, rec: sc.MarketTextRecord) -> tuple[MarketText, str] | None:
    stmt = select(MarketText)
    if rec.external_id:
        m = ctx.session.scalars(stmt.where(MarketText.external_id == rec.external_id)).first()
        return (m, "external_id") if m else None
    for m in ctx.session.scalars(
        stmt.where(MarketText.source == rec.source, MarketText.published_at == rec.published_at)
    ):
        if m.text == rec.text:
            return m, "source+time+text"
    return None


def create_market_text(ctx: Context, rec: sc.MarketTextRecord) -> MarketText:
    mt = MarketText(**rec.model_dump())
    ctx.session.add(mt)
    return mt


def merge_market_text(
    ctx: Context, mt: MarketText, rec: sc.MarketTextRecord, given: set[str]
) -> list[str]:
    return fill_missing(mt, rec.model_dump(exclude={"external_id"}), given)


HANDLERS: dict[str, Handler] = {
    "guests": Handler(Guest, find_guest, create_guest, merge_guest),
    "visits": Handler(Visit, find_visit, create_visit, merge_visit),
    "feedback": Handler(Feedback, find_feedback, create_feedback, merge_feedback),
    "dishes": Handler(Dish, find_dish, create_dish, merge_dish),
    "wines": Handler(Wine, find_wine, create_wine, merge_wine),
    "social-posts": Handler(SocialPost, find_post, create_post, merge_post),
    "market-texts": Handler(MarketText, find_market_text, create_market_text, merge_market_text),
}
