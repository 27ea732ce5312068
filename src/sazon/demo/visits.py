"""Two years of visits: who came, when, to which venue, with how many, and what they ordered.

Regulars come often and to "their" venue, visitors once or twice in a trip; weekends,
December and Fiestas Patrias are busier (see :mod:`sazon.demo.timeline`). A table orders only
what the guest it is booked under can eat.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sazon.demo.guests import Persona
from sazon.demo.randomness import chance, pick, stream
from sazon.demo.safety import SafetyChecker
from sazon.demo.timeline import END, START, DaySampler, lima
from sazon.demo.venues import MenuDish, Venue

HEADERS = ("ticket", "correo", "celular", "local", "fecha", "personas", "total", "pedido",
           "ocasion")  # fmt: skip
_STARTERS = ("entrada", "piqueo")
_ORDER = {"piqueo": 0, "entrada": 1, "sopa": 2, "fondo": 3, "postre": 4, "bebida": 5}


@dataclass
class PlannedVisit:
    external_id: str
    persona: Persona
    venue: Venue
    at: datetime  # naive, Lima wall clock
    party: int
    items: list[tuple[MenuDish, int]]
    total: Decimal
    occasion: str | None

    @property
    def lunch(self) -> bool:
        return self.at.hour < 17

    @property
    def busy(self) -> bool:
        """Weekend dinners and December nights, when the kitchen and the floor are stretched."""
        return not self.lunch and (self.at.weekday() >= 4 or self.at.month == 12)


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    # Knuth's method: fine for the small means of restaurant visits.
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def _days(rng: random.Random, p: Persona, sampler: DaySampler) -> list[date]:
    first = max(p.joined, START)
    if p.visitor:
        trip = p.joined
        n = pick(rng, [(1, 75.0), (2, 20.0), (3, 5.0)])
        return sorted({trip + timedelta(days=rng.randrange(10)) for _ in range(n)})
    if p.frequency == "esporadico":
        n = 1 if chance(rng, 0.6) else 2
    else:
        months = max(1.0, (p.left - first).days / 30.4)
        n = max(1, poisson(rng, p.rate * months))
    return sorted({sampler.draw(rng, first, p.left) for _ in range(n)})


class Waiter:
    """Composes a table's order from the dishes the guest can safely eat."""

    def __init__(self, checker: SafetyChecker) -> None:
        self.checker = checker
        self._safe: dict[tuple[str, object], dict[str, list[MenuDish]]] = {}

    def safe_menu(self, venue: Venue, p: Persona) -> dict[str, list[MenuDish]]:
        key = (venue.spec.code, p.restrictions)
        if key not in self._safe:
            by_course: dict[str, list[MenuDish]] = {}
            for dish in venue.menu:
                if self.checker.allowed(dish.ingredients, p.restrictions):
                    course = "entrada" if dish.course in _STARTERS else dish.course
                    by_course.setdefault(course, []).append(dish)
            self._safe[key] = by_course
        return self._safe[key]

    def can_dine(self, venue: Venue, p: Persona) -> bool:
        safe = self.safe_menu(venue, p)
        return bool(safe.get("fondo") or safe.get("entrada"))

    def order(
        self, rng: random.Random, venue: Venue, p: Persona, party: int, lunch: bool
    ) -> list[tuple[MenuDish, int]]:
        safe = self.safe_menu(venue, p)
        counts: dict[str, int] = {}
        dishes: dict[str, MenuDish] = {}

        def add(pool: list[MenuDish], n: int, weight: float = 1.0) -> None:
            if not pool or n <= 0:
                return
            for dish in rng.choices(pool, weights=[d.popularity * weight for d in pool], k=n):
                dishes[dish.code] = dish
                counts[dish.code] = counts.get(dish.code, 0) + 1

        starters = safe.get("entrada", [])
        n_starters = (2 if chance(rng, 0.3) else 1) if party <= 2 else party // 2 + rng.randrange(2)
        add(starters, n_starters)
        if lunch and chance(rng, 0.2):
            add(safe.get("sopa", []), max(1, party // 2))
        mains = safe.get("fondo", [])
        add(mains, sum(chance(rng, 0.92) for _ in range(party)) if mains else 0)
        if chance(rng, 0.55):
            add(safe.get("postre", []), max(1, party // 2))
        drinks = safe.get("bebida", [])
        if drinks:
            soft = [d for d in drinks if not self.checker.facts(d.ingredients).alcoholic]
            strong = [d for d in drinks if d not in soft]
            for _ in range(party):
                if not chance(rng, 0.75):
                    continue
                boozy = bool(strong) and chance(rng, 0.25 if lunch else 0.6)
                add(strong if boozy else soft or strong, 1)
            if strong and not lunch and chance(rng, 0.2):
                add(strong, max(1, party // 2))
        if not counts:
            add(starters or mains, 1)
        return [
            (dishes[c], counts[c]) for c in sorted(counts, key=lambda c: _ORDER[dishes[c].course])
        ]


def _party(rng: random.Random, p: Persona, lunch: bool, weekend: bool) -> int:
    if p.visitor:
        return pick(rng, [(1, 15.0), (2, 55.0), (3, 15.0), (4, 15.0)])
    sizes = [(1, 7.0), (2, 38.0), (3, 15.0), (4, 20.0), (5, 7.0), (6, 6.0), (7, 3.0), (8, 3.0)]
    if weekend and lunch:
        sizes = [(s, w * (1.6 if s >= 4 else 1.0)) for s, w in sizes]  # family Sundays
    return pick(rng, sizes)


def _occasion(rng: random.Random, p: Persona, day: date, party: int, lunch: bool) -> str | None:
    if p.birth and _near_birthday(p.birth, day) and chance(rng, 0.6):
        return "cumpleaños"
    if (day.month, day.day) == (2, 14) and party == 2:
        return "San Valentín"
    if lunch and day.weekday() < 5 and chance(rng, 0.15):
        return "almuerzo de negocios"
    if party == 2 and not lunch and chance(rng, 0.06):
        return "aniversario"
    if party >= 4 and day.weekday() >= 5 and chance(rng, 0.15):
        return "reunión familiar"
    return None


def _minutes(rng: random.Random, lunch: bool) -> int:
    if lunch:
        return int(rng.triangular(12 * 60 + 30, 15 * 60 + 30, 13 * 60 + 15))
    return int(rng.triangular(19 * 60 + 30, 23 * 60, 20 * 60 + 45))


def _near_birthday(birth: date, day: date) -> bool:
    # 29 February is celebrated on the 28th in other years.
    month_day = (birth.month, min(birth.day, 28) if birth.month == 2 else birth.day)
    return abs((day - date(day.year, *month_day)).days) <= 5


def build_visits(
    seed: int, people: list[Persona], venues: list[Venue], checker: SafetyChecker
) -> list[PlannedVisit]:
    rng = stream(seed, "visits")
    sampler = DaySampler(START - timedelta(days=1), END)
    waiter = Waiter(checker)
    by_code = {v.spec.code: v for v in venues}
    planned: list[PlannedVisit] = []
    for p in people:
        options = [v for v in venues if waiter.can_dine(v, p)] or venues
        home = by_code[p.home_venue] if by_code[p.home_venue] in options else options[0]
        for day in _days(rng, p, sampler):
            if day > END or day < START:
                continue
            weekend = day.weekday() >= 5
            lunch = chance(rng, 0.55 if weekend else 0.42)
            venue = home if chance(rng, 0.7) else rng.choice(options)
            party = _party(rng, p, lunch, weekend)
            items = waiter.order(rng, venue, p, party, lunch)
            total = sum((d.price * q for d, q in items), Decimal("0.00"))
            planned.append(
                PlannedVisit(
                    external_id="",
                    persona=p,
                    venue=venue,
                    at=lima(day, _minutes(rng, lunch)),
                    party=party,
                    items=items,
                    total=total,
                    occasion=_occasion(rng, p, day, party, lunch),
                )
            )
    planned.sort(key=lambda v: (v.at, v.persona.index))
    seq: dict[str, int] = {}
    for v in planned:
        seq[v.venue.spec.code] = seq.get(v.venue.spec.code, 0) + 1
        v.external_id = f"{v.venue.spec.code.upper()}-B{seq[v.venue.spec.code]:06d}"
    return planned


def _items_text(rng: random.Random, items: list[tuple[MenuDish, int]]) -> str:
    parts = []
    for dish, qty in items:
        if qty == 1:
            parts.append(dish.name)
        elif chance(rng, 0.8):
            parts.append(f"{dish.name} x{qty}")
        else:
            parts.append(f"{qty}x {dish.name}")
    return "; ".join(parts)


def _money(rng: random.Random, amount: Decimal) -> str:
    return pick(
        rng,
        [(f"S/ {amount:,.2f}", 60.0), (f"{amount:.2f}", 25.0), (f"S/. {amount:.2f}", 15.0)],
    )


def visit_rows(seed: int, visits: list[PlannedVisit]) -> list[dict[str, str]]:
    """The point-of-sale export: one row per ticket, Lima wall-clock times, soles."""
    rng = stream(seed, "visit-rows")
    rows = []
    for v in visits:
        p = v.persona
        column, value = p.ref
        email = value if column == "email" else ""
        if email and chance(rng, 0.04):
            email = email[:1].upper() + email[1:]  # the POS keeps what the cashier typed
        rows.append(
            {
                "ticket": v.external_id,
                "correo": email,
                "celular": value if column == "phone" else "",
                "local": v.venue.spec.code if chance(rng, 0.8) else v.venue.spec.name,
                "fecha": v.at.strftime("%d/%m/%Y %H:%M"),
                "personas": str(v.party),
                "total": _money(rng, v.total),
                "pedido": _items_text(rng, v.items),
                "ocasion": v.occasion or "",
            }
        )
    return rows
