"""Event planner benchmark: planning time and optimality by guests × dishes × 5 courses.

Menus are the knowledge base's dishes plus generated variants (an ingredient swapped, added
or dropped, a new price), so allergens and diets stay realistic; guests get a Lima-like mix of
restrictions (about a third write something) and favourite cuisines.

    .venv/bin/python bench/bench_planner.py            # the full table
    .venv/bin/python bench/bench_planner.py --quick    # 20 and 200 guests only
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

from recording import save

from sazon.events import GuestNeeds, MenuDish, PlanRequest, plan_menu
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import CUISINES, load_knowledge

BUDGET: Decimal | None = Decimal("200")
COURSES = ["entrada", "sopa", "fondo", "piqueo", "postre"]
# (text, weight): what guests write, in Spanish and English, about as often as they do.
RESTRICTIONS = [
    ("", 64.0), ("mariscos", 5), ("alergia al maní", 3), ("intolerante a la lactosa", 4),
    ("celíaco", 3), ("vegetariano", 5), ("vegano", 2), ("sin cerdo", 2), ("pescetariano", 2),
    ("embarazada", 1), ("sin alcohol", 2), ("halal", 0.5), ("kosher", 0.3), ("frutos secos", 2),
    ("shellfish allergy", 2), ("gluten free", 1.5), ("vegetarian", 2), ("no pork", 1),
    ("mariscos y maní", 0.7), ("huevo", 1), ("no le gusta el culantro", 1),
    ("poca sal por favor", 0.5),
]  # fmt: skip
SWAPS = ["quinua", "palta", "champiñón", "queso fresco", "camote", "choclo", "zapallo", "kion"]


def build_menu(rng: random.Random, n: int) -> list[MenuDish]:
    kb = load_knowledge()
    base = [d for d in kb.dishes.values() if d.course in COURSES]
    per_course = {c: [d for d in base if d.course == c] for c in COURSES}
    menu: list[MenuDish] = []
    quota = n // len(COURSES)
    for course in COURSES:
        pool = per_course[course]
        for i in range(quota):
            d = pool[i % len(pool)]
            ingredients = list(d.ingredients)
            variant = i >= len(pool)
            if variant:
                action = rng.random()
                if action < 0.4 and len(ingredients) > 3:
                    ingredients.pop(rng.randrange(len(ingredients)))
                elif action < 0.8:
                    ingredients.append(rng.choice(SWAPS))
                else:
                    ingredients[rng.randrange(len(ingredients))] = rng.choice(SWAPS)
            price = Decimal(str(round(d.price_pen * rng.uniform(0.85, 1.3), 1)))
            menu.append(
                MenuDish(
                    dish_id=f"{d.id}-{i}", name_es=d.name_es + (f" ({i})" if variant else ""),
                    course=course, cuisine=d.cuisine, price_pen=price, ingredients=ingredients,
                    cooking=list(d.cooking), description_es=d.description_es,
                )
            )  # fmt: skip
    return menu


def build_guests(rng: random.Random, n: int) -> list[GuestNeeds]:
    texts = [t for t, _ in RESTRICTIONS]
    weights = [w for _, w in RESTRICTIONS]
    cuisines = [c for c in CUISINES if c not in ("postre", "bebida")]
    guests = []
    for i in range(n):
        written = rng.choices(texts, weights)[0]
        if written and rng.random() < 0.15:
            written += ", " + rng.choices(texts, weights)[0]
        guests.append(
            GuestNeeds(
                guest_id=f"g{i}", allergies_text=written or None,
                favourite_cuisines=rng.sample(cuisines, rng.randint(0, 2)),
                consent_personalisation=rng.random() < 0.86,
            )
        )  # fmt: skip
    return guests


def run(guests: int, dishes: int, seed: int = 7, time_limit: float = 60.0) -> dict[str, object]:
    rng = random.Random(seed * 1000 + guests + dishes)
    req = PlanRequest(
        guests=build_guests(rng, guests), menu=build_menu(rng, dishes), courses=COURSES,
        budget_per_guest=BUDGET, max_dishes_per_course=4, time_limit_s=time_limit,
    )  # fmt: skip
    start = time.perf_counter()
    plan = plan_menu(req, matcher=TokenOverlapMatcher())
    total = time.perf_counter() - start
    cells = guests * len(COURSES)
    assert len(plan.assignments) + len(plan.unserved) == cells
    return {
        "guests": guests, "dishes": dishes, "classes": plan.classes, "status": plan.status,
        "solver_s": plan.solve_seconds, "total_s": round(total, 3),
        "substitutions": len([a for a in plan.assignments if a.substitution]),
        "unserved": len(plan.unserved),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    sizes = [20, 200] if args.quick else [20, 200, 1000]
    rows = [run(g, d, time_limit=args.time_limit) for g in sizes for d in (50, 300, 1000)]
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    settings = {
        "courses": len(COURSES), "budget_per_guest_pen": float(BUDGET or 0),
        "max_dishes_per_course": 4, "time_limit_s": args.time_limit, "seed": 7,
    }  # fmt: skip
    save("planner", {"settings": settings, "rows": rows})


if __name__ == "__main__":
    main()
