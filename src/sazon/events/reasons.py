"""Reasons in words, Spanish (es-PE) first and English second: why each guest gets their
plate or none, and what a plan that falls short needs (more time, a bigger budget, other
dishes). The words for restrictions and courses come from :mod:`sazon.events.explain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sazon.events.explain import conflict_text, course_label, money, requirements_text
from sazon.events.safety import Conflict, Rule
from sazon.knowledge import KnowledgeBase


def table_reason(locked: bool, lang: str = "es") -> str:
    if lang == "en":
        return "table menu (fixed by hand)" if locked else "table menu"
    return "menú de la mesa (fijado a mano)" if locked else "menú de la mesa"


def substitution_reason(
    table_name: str | None,
    found: Sequence[Conflict],
    kb: KnowledgeBase,
    lang: str = "es",
    *,
    raw_how: str = "",
    locked: bool = False,
    budget: Decimal | None = None,
) -> str:
    """Why this guest does not eat the table's dish."""
    if locked:
        return (
            "chosen by hand by the planner"
            if lang == "en"
            else "elegido a mano por el planificador"
        )
    if table_name is None:
        return (
            "no table dish for this course"
            if lang == "en"
            else "la mesa no tiene plato en este tiempo"
        )
    if found:
        why = conflict_text(found, kb, lang, raw_how)
        instead = f" (instead of {table_name})" if lang == "en" else f" (en lugar de {table_name})"
        return why + instead
    if budget is not None:
        if lang == "en":
            return f"{table_name} does not fit the {money(budget)} budget with their other plates"
        return f"presupuesto: {table_name} no cabe en {money(budget)} con sus otros platos"
    return "adjusted to the kitchen's limits" if lang == "en" else "ajuste a los límites de cocina"


def unserved_reason(
    kind: str,
    course: str,
    lang: str = "es",
    *,
    blocking: Sequence[Rule] = (),
    budget: Decimal | None = None,
    limit: int | None = None,
    cooked: Sequence[str] = (),
    unpriced: Sequence[str] = (),
    eaten: Sequence[str] = (),
    locks: Sequence[str] = (),
    found_plan: bool = True,
) -> str:
    """Why a guest gets nothing in a course. ``kind`` is the cause code: no_dishes | unsafe |
    unpriced | repeat | budget | kitchen | locks | timeout.

    ``unpriced``: the names of the course's dishes they could have but that have no price;
    ``eaten``: the dishes already on their plate in the other slots of a repeated course;
    ``locks``: the locks that cannot hold together, in words; ``found_plan``: for a timeout,
    whether a plan was found at all."""
    what = course_label(course, lang)
    req = requirements_text(blocking, lang)
    en = lang == "en"
    if kind == "no_dishes":
        return f"the menu has no {what}" if en else f"la carta no tiene {what}"
    if kind == "unsafe":
        if en:
            return f"no {what} on the menu is {req}" if req else f"no {what} is safe for them"
        return f"no hay {what} {req}" if req else f"no hay {what} apto"
    if kind == "repeat":
        eaten_s = ", ".join(eaten)
        if en:
            middle = f" that is {req}" if req else " for them"
            return (
                f"the course repeats and the menu has no other {what}{middle}: {eaten_s} "
                f"is already their other {what}"
            )
        middle = f" {req}" if req else " apto"
        return (
            f"el tiempo se repite y la carta no tiene otro {what}{middle}: {eaten_s} ya es su "
            f"otro {what}"
        )
    if kind == "unpriced":
        names = ", ".join(unpriced)
        many = len(unpriced) > 1
        if en:
            verb = "have" if many else "has"
            out = f"{names} {verb} no price, and under a budget a dish without one is left out"
            if eaten:
                out += f"; {', '.join(eaten)} is already their other {what}"
            return out + ": give it a price"
        verb = "no tienen" if many else "no tiene"
        out = f"{names} {verb} precio, y con presupuesto un plato sin precio no se ofrece"
        if eaten:
            out += f"; {', '.join(eaten)} ya es su otro {what}"
        return out + ": ponle precio en la carta"
    if kind == "budget":
        b = money(budget or 0)
        if en:
            middle = f" that is {req}" if req else ""
            return f"no {what}{middle} fits the {b} budget per guest with the other courses"
        middle = f" {req}" if req else ""
        return (
            f"no hay {what}{middle} dentro del presupuesto ({b} por persona con los demás tiempos)"
        )
    if kind == "kitchen":
        names = ", ".join(cooked)
        if en:
            middle = f" that is {req}" if req else " for them"
            return (
                f"the kitchen already makes {limit} {what} dishes ({names}) and none is{middle}: "
                "raise the dishes-per-course limit"
            )
        middle = f" ({req})" if req else ""
        return (
            f"la cocina ya prepara {limit} platos de este tiempo ({names}) y ninguno le sirve"
            f"{middle}: sube el límite de platos por tiempo"
        )
    if kind == "locks":
        named = "; ".join(locks)
        if en:
            if named:
                return (
                    f"the choices fixed by hand cannot all hold together ({named}): remove or "
                    "change one of them"
                )
            return (
                "the choices fixed by hand cannot all hold (budget or dishes per course): "
                "review them"
            )
        if named:
            return f"las elecciones fijadas a mano no caben juntas ({named}): quita o cambia alguna"
        return (
            "las elecciones fijadas a mano no caben juntas (presupuesto o platos por tiempo): "
            "revísalas"
        )
    if not found_plan:
        if en:
            return "the planner found no plan within its time limit: try a longer time limit"
        return "el planificador no encontró ningún plan en el tiempo dado: dale más tiempo"
    if en:
        return "the planner ran out of time before finding a plate: try a longer time limit"
    return "el planificador no encontró un plato a tiempo: dale más tiempo"


def lock_words(course: str, dish: str, guest: str | None, lang: str = "es") -> str:
    """A lock in words: "mesa, plato de fondo: Lomo saltado", "invitado g1, postre: Picarones"."""
    what = course_label(course, lang)
    if lang == "en":
        who = f"guest {guest}" if guest else "table"
    else:
        who = f"invitado {guest}" if guest else "mesa"
    return f"{who}, {what}: {dish}"


def timeout_cause(found_plan: bool, gap: float | None, stage: str | None, lang: str) -> str:
    """The plan-level words for a solve that hit its time limit."""
    en = lang == "en"
    if not found_plan:
        if en:
            return (
                "the planner found no plan within its time limit (not an impossible menu): "
                "give it more time"
            )
        return (
            "el planificador no encontró ningún plan en el tiempo dado (no es que el menú sea "
            "imposible): dale más tiempo"
        )
    label = _STAGE_WORDS.get(stage or "", ("", ""))[1 if en else 0]
    if gap is None:
        if en:
            return (
                f"time ran out before improving {label}: this is the best plan found, not "
                "proven best; more time may improve it"
            )
        return (
            f"se acabó el tiempo antes de mejorar {label}: es el mejor plan encontrado, sin "
            "prueba de que sea el mejor; con más tiempo puede mejorar"
        )
    pct = f"{100 * gap:.1f} %"
    if en:
        return (
            f"time ran out while improving {label}: this is the best plan found, at most "
            f"{pct} from the bound; more time may improve it"
        )
    return (
        f"se acabó el tiempo mejorando {label}: es el mejor plan encontrado, a lo más a {pct} "
        "de la cota; con más tiempo puede mejorar"
    )


_STAGE_WORDS: dict[str, tuple[str, str]] = {
    "unserved": ("los invitados sin plato", "the guests left without a plate"),
    "substitutions": ("las sustituciones", "the substitutions"),
    "preference": ("las preferencias", "the preferences"),
    "variety": ("la variedad", "the variety"),
    "cost": ("el costo", "the cost"),
    "tie_break": ("el desempate", "the tie-break"),
}


def budget_cause(
    budget: Decimal, cheapest: Decimal, parts: Sequence[tuple[str, Decimal]], lang: str
) -> str:
    """No menu at all fits the budget: the cheapest one, course by course."""
    detail = ", ".join(f"{course_label(c, lang)} {money(p)}" for c, p in parts)
    if lang == "en":
        return (
            f"no menu fits the {money(budget)} budget per guest: the cheapest costs "
            f"{money(cheapest)} ({detail}); raise the budget or add cheaper dishes"
        )
    return (
        f"ningún menú cabe en {money(budget)} por persona: el más barato cuesta "
        f"{money(cheapest)} ({detail}); sube el presupuesto o agrega platos más baratos"
    )


def table_gap_cause(
    kind: str,
    course: str,
    lang: str,
    *,
    unpriced: Sequence[str] = (),
    budget: Decimal | None,
    repeated: bool = False,
    over: bool = False,
) -> str:
    """The table has no dish in a slot: ``kind`` no_dishes | unpriced | budget | repeat;
    ``over``: besides the unpriced ones, the dishes left cost more than the budget."""
    what = course_label(course, lang)
    en = lang == "en"
    if kind == "no_dishes":
        if en:
            return f"the menu has no {what}: add one, or take the course out of the menu"
        return f"la carta no tiene {what}: agrega uno o quita el tiempo del menú"
    names = ", ".join(unpriced)
    b = money(budget or 0)
    if en:
        head = f"the table has no {what}" + (f" in {course}" if repeated else "")
        rest = "the course repeats and the other ones" if repeated else "its dishes"
        if kind == "unpriced":
            more = f", or cost more than {b}" if over else ""
            return f"{head}: {rest} have no price ({names}){more}"
        if kind == "budget":
            return f"{head}: {rest} cost more than the {b} budget per guest"
        return f"{head}: the course repeats and there is no other {what}"
    head = f"la mesa no tiene {what}" + (f" en {course}" if repeated else "")
    rest = "el tiempo se repite y los demás" if repeated else "sus platos"
    if kind == "unpriced":
        more = f", o cuestan más de {b}" if over else ""
        return f"{head}: {rest} no tienen precio ({names}){more}"
    if kind == "budget":
        return f"{head}: {rest} cuestan más del presupuesto de {b} por persona"
    return f"{head}: el tiempo se repite y no hay otro {what}"


def off_menu(course: str, rules: Sequence[Rule], room: Decimal | None, lang: str) -> str:
    """A plate the kitchen cooks outside the menu: "plato fuera de carta (postre): preparar
    sin lácteos ni maní, por S/ 20.00 como máximo"."""
    what = course_label(course, lang)
    req = requirements_text(rules, lang)
    if lang == "en":
        out = f"off-menu plate ({what})"
        if req:
            out += f": make it {req}"
        if room is not None:
            out += f"{',' if req else ':'} for at most {money(room)}"
        return out
    out = f"plato fuera de carta ({what})"
    if req:
        out += f": preparar {req}"
    if room is not None:
        out += f"{',' if req else ':'} por {money(room)} como máximo"
    return out


def add_dishes(names: Sequence[str], lang: str) -> str:
    """ "agregar a la carta: Solterito (S/ 24.00), Ocopa (S/ 26.00)"."""
    return ("add to the menu: " if lang == "en" else "agregar a la carta: ") + ", ".join(names)
