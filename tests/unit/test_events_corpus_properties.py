"""Property tests of the planner with the guests' own words and the labels as the oracle.

Texts come from the development half of the restriction corpus (``bench/data/restrictions``,
labelled by hand before the reader ran on it) and from fuzzed variants of them (case, accents,
WhatsApp punctuation, emoji). The oracle never calls the reader: it takes each text's labelled
classes and foods, and checks every plate against the knowledge base's ingredient data.
Courses may repeat ("fondo" twice), as tasting menus do.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sazon.events import GuestNeeds, MenuDish, PlanRequest, plan_menu
from sazon.events.preferences import TokenOverlapMatcher
from sazon.knowledge import load_knowledge

KB = load_knowledge()
CORPUS = Path(__file__).resolve().parents[2] / "bench" / "data" / "restrictions" / "dev.csv"
with CORPUS.open(encoding="utf-8") as fh:
    ROWS = list(csv.DictReader(fh))
COURSES = ("entrada", "fondo", "postre")
DISHES = [d for d in KB.dishes.values() if d.course in COURSES]
# The corpus's classes as the knowledge base's allergens and diet classes.
AS_ALLERGEN = {
    "gluten", "crustaceans", "molluscs", "fish", "eggs", "milk", "peanuts", "tree_nuts", "soy",
    "sesame", "celery", "mustard", "sulphites", "lupin",
}  # fmt: skip
AS_DIET = {"meat": "meat", "pork": "pork", "alcohol": "alcohol", "gelatin": "gelatin",
           "honey": "honey", "pregnancy": "alcohol"}  # fmt: skip
SEAFOOD = {"fish", "crustacean", "mollusc"}


def _strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("n\u0303", "ñ")


FUZZ = (
    lambda t: t,
    str.upper,
    str.lower,
    _strip_accents,
    lambda t: t + "!!",
    lambda t: t + " 🙏",
    lambda t: t.replace(",", " /"),
    lambda t: "  " + t.replace(" ", "  ") + "  ",
)


def _violations(row: dict[str, str], dish: MenuDish) -> list[str]:
    """Why the labels forbid this plate for this guest, from the ingredient data alone."""
    classes = {c for c in row["classes"].split("|") if c}
    allergens = classes & AS_ALLERGEN
    diets = {AS_DIET[c] for c in classes if c in AS_DIET}
    diets |= {
        d for c, d in (("fish", "fish"), ("crustaceans", "crustacean"), ("molluscs", "mollusc"))
        if c in classes
    }  # fmt: skip
    avoid = set()
    for word in (w for w in row["avoid"].split("|") if w):
        m = KB.find_ingredient(word)
        if m is not None:
            avoid.add(m.id)
    out = []
    kinds: set[str] = set()
    for word in dish.ingredients:
        m = KB.find_ingredient(word)
        if m is None:
            if classes or avoid:
                out.append(f"unknown ingredient {word}")
            continue
        info = KB.ingredients[m.id]
        kinds |= set(info.diet)
        if set(info.allergens) & allergens:
            out.append(f"allergen {set(info.allergens) & allergens} in {word}")
        if set(info.diet) & diets:
            out.append(f"diet {set(info.diet) & diets} in {word}")
        if m.id in avoid:
            out.append(f"named food {word}")
    raw = bool({"raw", "cured"} & set(dish.cooking)) or not dish.cooking
    if "pregnancy" in classes and kinds & SEAFOOD and raw:
        out.append("raw seafood in pregnancy")
    return out


@st.composite
def requests(draw: st.DrawFn) -> tuple[PlanRequest, dict[str, dict[str, str]]]:
    courses = draw(st.lists(st.sampled_from(COURSES), min_size=1, max_size=4))
    picked = draw(
        st.lists(st.sampled_from(DISHES), min_size=3, max_size=16, unique_by=lambda d: d.id)
    )
    menu = [
        MenuDish(
            dish_id=d.id,
            name_es=d.name_es,
            course=d.course,
            ingredients=list(d.ingredients),
            cooking=list(d.cooking),
        )
        for d in picked
    ]
    # A course repeats at most as often as the menu has dishes for it (the planner refuses
    # more with a clear error, tested elsewhere).
    have = {c: sum(d.course == c for d in picked) for c in COURSES}
    kept: list[str] = []
    for c in courses:
        if kept.count(c) < have[c]:
            kept.append(c)
    courses = kept or [picked[0].course]
    rows = draw(st.lists(st.sampled_from(ROWS), min_size=1, max_size=6))
    guests, by_guest = [], {}
    for i, row in enumerate(rows):
        text = draw(st.sampled_from(FUZZ))(row["text"])
        gid = f"g{i}"
        guests.append(GuestNeeds(guest_id=gid, allergies_text=text))
        by_guest[gid] = row
    return PlanRequest(guests=guests, menu=menu, courses=courses), by_guest


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(requests())
def test_plan__the_labels_say_every_plate_is_safe(
    drawn: tuple[PlanRequest, dict[str, dict[str, str]]],
) -> None:
    req, rows = drawn
    plan = plan_menu(req, KB, TokenOverlapMatcher())
    by_id = {d.dish_id: d for d in req.menu}
    for a in plan.assignments:
        bad = _violations(rows[a.guest_id], by_id[a.dish_id])
        assert not bad, (rows[a.guest_id]["text"], a.dish_id, bad)
