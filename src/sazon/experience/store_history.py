"""What the store knows for recommendations: who ordered what, how they rated it, the menus.

Items are keyed by kind and folded name (``("dish", "anticuchos")``), not by store code: the
same dish on two venues' menus has two codes, and "quienes piden X también piden Y" should
count both.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sazon.knowledge import fold
from sazon.store.models import Dish, Feedback, Guest, OrderLine, Venue, Visit, Wine

Key = tuple[str, str]  # ("dish" | "wine", folded name)


@dataclass
class MenuItem:
    """A dish or wine a venue offers today."""

    kind: str
    code: str
    name: str
    venue: str | None
    price_pen: Decimal | None
    dish: Dish | None = None
    wine: Wine | None = None

    @cached_property
    def key(self) -> Key:
        return (self.kind, fold(self.name))


@dataclass
class History:
    """Order weights per guest and item (quantity, scaled by how the visit was rated)."""

    weights: dict[int, dict[Key, float]] = field(default_factory=dict)
    counts: dict[int, dict[Key, int]] = field(default_factory=dict)
    names: dict[Key, str] = field(default_factory=dict)


def _rating_factor(rating: int | None) -> float:
    # A visit rated 1 of 5 still says the guest ordered it, but much less that they liked it.
    return 1.0 if rating is None else 0.25 + 0.25 * max(0, min(5, rating) - 1)


def order_history(session: Session) -> History:
    """Every guest's order lines (dishes and wines), weighted by the visit's rating."""
    rated = select(Feedback.visit_id, Feedback.rating).where(
        Feedback.visit_id.is_not(None), Feedback.rating.is_not(None)
    )
    # Not dict(result): a Result has keys(), so dict() would read it as a mapping.
    ratings: dict[int | None, int | None] = {v: r for v, r in session.execute(rated)}  # noqa: C416
    rows = session.execute(
        select(Visit.id, Visit.guest_id, OrderLine.item_name, OrderLine.quantity,
               Dish.name_es, Wine.name, OrderLine.wine_id)
        .join(OrderLine, OrderLine.visit_id == Visit.id)
        .outerjoin(Dish, Dish.id == OrderLine.dish_id)
        .outerjoin(Wine, Wine.id == OrderLine.wine_id)
        .join(Guest, Guest.id == Visit.guest_id)
        .where(Guest.erased_at.is_(None))
    )  # fmt: skip
    out = History()
    weights: dict[int, dict[Key, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[int, dict[Key, int]] = defaultdict(lambda: defaultdict(int))
    folded: dict[str, str] = {}  # a few hundred names over thousands of lines
    for visit_id, guest_id, item_name, quantity, dish_name, wine_name, wine_id in rows:
        kind = "wine" if wine_id is not None else "dish"
        name = (wine_name if kind == "wine" else dish_name) or item_name
        if name not in folded:
            folded[name] = fold(name)
        key = (kind, folded[name])
        if not key[1] or guest_id is None:
            continue
        out.names.setdefault(key, name)
        qty = max(1, int(quantity or 1))
        weights[guest_id][key] += qty * _rating_factor(ratings.get(visit_id))
        counts[guest_id][key] += qty
    out.weights = {g: dict(v) for g, v in weights.items()}
    out.counts = {g: dict(v) for g, v in counts.items()}
    return out


def venue_of(session: Session, guest_id: int, venue: str | int | None) -> Venue | None:
    """The venue asked for (id or code), else the one of the guest's latest visit."""
    if venue is not None and str(venue) != "":
        from sazon.errors import NotFound

        found = (
            session.get(Venue, int(venue))
            if str(venue).isdigit()
            else session.scalars(select(Venue).where(Venue.code == str(venue))).first()
        )
        if found is None:
            codes = ", ".join(session.scalars(select(Venue.code).order_by(Venue.code)))
            raise NotFound(
                f"no hay un local '{venue}'; los locales son: {codes or 'ninguno'} / "
                f"no venue '{venue}'"
            )
        return found
    last = session.scalars(
        select(Visit.venue_id)
        .where(Visit.guest_id == guest_id, Visit.venue_id.is_not(None))
        .order_by(Visit.visited_at.desc())
        .limit(1)
    ).first()
    return session.get(Venue, last) if last is not None else None


def current_menu(session: Session, venue: Venue | None) -> list[MenuItem]:
    """The venue's active dishes (drinks apart) and the wines on its list; every venue's when
    no venue is known."""
    codes = {v.id: v.code for v in session.scalars(select(Venue))}
    dishes = (
        select(Dish)
        .where(Dish.active.is_(True), Dish.from_knowledge.is_(False), Dish.course != "bebida")
        .options(selectinload(Dish.ingredients))
        .order_by(Dish.code)
    )
    wines = select(Wine).where(Wine.on_list.is_(True)).order_by(Wine.code)
    if venue is not None:
        dishes = dishes.where(Dish.venue_id == venue.id)
        wines = wines.where(Wine.venue_id == venue.id)
    items = [
        MenuItem("dish", d.code, d.name_es, codes.get(d.venue_id or -1), d.price_pen, dish=d)
        for d in session.scalars(dishes)
    ]
    items += [
        MenuItem("wine", w.code, w.name, codes.get(w.venue_id or -1), w.price_pen, wine=w)
        for w in session.scalars(wines)
    ]
    return items
