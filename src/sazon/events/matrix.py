"""The kitchen's allergen matrix: who must not have what, and how many plates go out without it.

The substitutions on the kitchen sheet say which guests get another dish; the pass also needs
the list it checks every plate against, including the guests who eat the table's dish (a
peanut allergy at a table whose ceviche has no peanuts still means a plate plated without
them, away from the peanuts of the next one). The matrix has:

- one row per guest with any restriction: their name, what they wrote, the restrictions as
  the planner read them (the same rules that chose their plates), the matrix columns their
  plates must be made without, and the dish they eat in each course;
- per course, for every column some guest needs, the plates that must be made without it
  (served guests only: a guest with nothing in a course gets no plate), and which dishes
  those plates are.

Columns are the EU-14 allergens, then the diet classes that are no allergen: meat, pork,
gelatin, honey, alcohol, and raw fish or shellfish (pregnancy). A diet class with an allergen
of its own (fish, crustacean, mollusc, dairy, egg) is that allergen's column.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from sazon.events.explain import profile_words, without_label
from sazon.events.safety import Profile, profile_of
from sazon.events.schemas import (
    AllergenMatrix,
    CourseAllergens,
    GuestNeeds,
    MatrixGuest,
    Plan,
)
from sazon.knowledge import ALLERGEN_OF_DIET, ALLERGENS, KnowledgeBase

#: The diet classes that are a column of their own, after the EU-14.
DIET_COLUMNS: tuple[str, ...] = ("meat", "pork", "gelatin", "honey", "alcohol", "raw_seafood")
COLUMNS: tuple[str, ...] = (*ALLERGENS, *DIET_COLUMNS)


def columns_of(profile: Profile) -> frozenset[str]:
    """The matrix columns a guest's plates must be made without."""
    out: set[str] = set()
    for rule in profile.rules:
        out |= rule.allergens
        out |= {ALLERGEN_OF_DIET.get(c, c) for c in rule.classes}
        if rule.kind == "pregnancy":
            out.add("raw_seafood")
    return frozenset(c for c in out if c in COLUMNS)


def _also_avoid(profile: Profile, kb: KnowledgeBase, lang: str) -> list[str]:
    names: list[str] = []
    for rule in profile.rules:
        for item in sorted(rule.avoid):
            info = kb.ingredients.get(item)
            names.append(info.name(lang) if info else item)
        if rule.avoid_heat:
            names.append("spicy" if lang == "en" else "picante")
    return list(dict.fromkeys(names))


def allergen_matrix(
    plan: Plan,
    guests: Sequence[GuestNeeds],
    kb: KnowledgeBase,
    *,
    profiles: Mapping[str, Profile] | None = None,
) -> AllergenMatrix:
    """The allergen matrix of ``plan`` for ``guests`` (read with the planner's safety rules;
    pass ``profiles`` when they are already read, guest id → profile)."""
    lang = plan.lang
    planned = {g.guest_id for g in plan.guests} or {g.guest_id for g in guests}
    needs = [g for g in guests if g.guest_id in planned]
    read = {g.guest_id: (profiles or {}).get(g.guest_id) or profile_of(g, kb) for g in needs}
    plates: dict[str, dict[str, str]] = defaultdict(dict)
    subs: dict[str, list[str]] = defaultdict(list)
    for a in plan.assignments:
        plates[a.guest_id][a.course] = a.dish_name
        if a.substitution:
            subs[a.guest_id].append(a.course)

    rows: list[MatrixGuest] = []
    without: dict[str, frozenset[str]] = {}
    for g in needs:
        profile = read[g.guest_id]
        if not profile.restricted:
            continue
        without[g.guest_id] = columns_of(profile)
        rows.append(
            MatrixGuest(
                guest_id=g.guest_id,
                name=g.name,
                # The words as written; the store's structured lists are in ``restrictions``.
                written=[t.strip() for t in (g.allergies_text, g.diet_text) if t and t.strip()],
                restrictions=profile_words(profile, lang),
                without=[c for c in COLUMNS if c in without[g.guest_id]],
                also_avoid=_also_avoid(profile, kb, lang),
                plates={c: plates[g.guest_id].get(c) for c in plan.courses},
                substituted=subs[g.guest_id],
                pending=g.pending,
            )
        )

    used = {c for cols in without.values() for c in cols}
    courses: list[CourseAllergens] = []
    served = Counter(a.course for a in plan.assignments)
    for course in plan.courses:
        counts: Counter[str] = Counter()
        by_dish: dict[str, Counter[str]] = defaultdict(Counter)
        for a in plan.assignments:
            if a.course != course:
                continue
            for column in without.get(a.guest_id, ()):
                counts[column] += 1
                by_dish[column][a.dish_name] += 1
        courses.append(
            CourseAllergens(
                course=course,
                served=served[course],
                plates_without={c: counts[c] for c in COLUMNS if counts[c]},
                by_dish={c: dict(by_dish[c].most_common()) for c in COLUMNS if counts[c]},
            )
        )
    columns = [c for c in COLUMNS if c in used]
    return AllergenMatrix(
        lang=lang,
        columns=columns,
        labels={c: without_label(c, lang) for c in columns},
        guests=rows,
        unrestricted=len(needs) - len(rows),
        courses=courses,
    )
