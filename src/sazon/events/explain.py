"""Reasons in words, Spanish (es-PE) first and English second.

"sin mariscos: langostinos", "embarazo: pescado crudo (corvina)", "no hay plato de postre
sin lácteos dentro del presupuesto". Ingredients are named as the knowledge base names them
in the reader's language; what a guest wrote is quoted as they wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from sazon.events.safety import Conflict, Rule
from sazon.knowledge import KnowledgeBase

# label → (prefix es, requirement es, prefix en, requirement en)
_RULES: dict[str, tuple[str, str, str, str]] = {
    "gluten": ("sin gluten", "sin gluten", "gluten-free", "gluten-free"),
    "crustaceans": ("sin crustáceos", "sin crustáceos", "no crustaceans", "without crustaceans"),
    "eggs": ("sin huevo", "sin huevo", "egg-free", "egg-free"),
    "fish": ("sin pescado", "sin pescado", "no fish", "without fish"),
    "peanuts": ("sin maní", "sin maní", "no peanuts", "without peanuts"),
    "soy": ("sin soya", "sin soya", "no soy", "without soy"),
    "milk": ("sin lácteos", "sin lácteos", "dairy-free", "dairy-free"),
    "tree_nuts": ("sin frutos secos", "sin frutos secos", "no tree nuts", "without tree nuts"),
    "celery": ("sin apio", "sin apio", "no celery", "without celery"),
    "mustard": ("sin mostaza", "sin mostaza", "no mustard", "without mustard"),
    "sesame": ("sin ajonjolí", "sin ajonjolí", "no sesame", "without sesame"),
    "sulphites": ("sin sulfitos", "sin sulfitos", "no sulphites", "without sulphites"),
    "lupin": ("sin tarwi", "sin tarwi", "no lupin", "without lupin"),
    "molluscs": ("sin moluscos", "sin moluscos", "no molluscs", "without molluscs"),
    "no_seafood": ("sin mariscos", "sin mariscos", "no seafood", "without seafood"),
    "no_shellfish": ("sin mariscos", "sin mariscos", "no shellfish", "without shellfish"),
    "no_fish": ("sin pescado", "sin pescado", "no fish", "without fish"),
    "dairy_free": ("sin lácteos", "sin lácteos", "dairy-free", "dairy-free"),
    "egg_free": ("sin huevo", "sin huevo", "egg-free", "egg-free"),
    "no_pork": ("sin cerdo", "sin cerdo", "no pork", "without pork"),
    "no_meat": ("sin carne", "sin carne", "no meat", "without meat"),
    "no_alcohol": ("sin alcohol", "sin alcohol", "no alcohol", "alcohol-free"),
    "no_honey": ("sin miel", "sin miel", "no honey", "without honey"),
    "no_gelatin": ("sin gelatina", "sin gelatina", "no gelatin", "without gelatin"),
    "vegetarian": ("dieta vegetariana", "vegetariano", "vegetarian", "vegetarian"),
    "vegan": ("dieta vegana", "vegano", "vegan", "vegan"),
    "pescatarian": ("dieta pescetariana", "pescetariano", "pescatarian", "pescatarian"),
    "halal": ("halal", "halal", "halal", "halal"),
    "kosher": ("kosher", "kosher", "kosher", "kosher"),
    "pregnancy": ("embarazo", "apto para embarazo", "pregnancy", "safe in pregnancy"),
}

_COURSES: dict[str, tuple[str, str]] = {
    "entrada": ("plato de entrada", "starter"),
    "sopa": ("sopa", "soup"),
    "fondo": ("plato de fondo", "main course"),
    "postre": ("postre", "dessert"),
    "bebida": ("bebida", "drink"),
    "piqueo": ("piqueo", "small plate"),
}


def course_label(course: str, lang: str = "es") -> str:
    """How a course is named in a sentence ("plato de fondo", "main course")."""
    base = course.rsplit("_", 1)[0] if course.rsplit("_", 1)[-1].isdigit() else course
    es, en = _COURSES.get(base, (f"plato de {base}", base))
    return en if lang == "en" else es


def rule_prefix(rule: Rule, lang: str = "es") -> str:
    if rule.kind == "avoid":
        return f"«{rule.written}»"
    if rule.kind == "unread":
        quoted = f"«{rule.written}»"
        return f"to be safe ({quoted})" if lang == "en" else f"por precaución ({quoted})"
    words = _RULES.get(rule.key)
    if words is None:
        return rule.key.replace("_", " ")
    return words[2] if lang == "en" else words[0]


# Matrix columns and drink conflicts that are not an allergen's rule: (es, en).
_WITHOUT: dict[str, tuple[str, str]] = {
    "meat": ("sin carne", "no meat"),
    "pork": ("sin cerdo", "no pork"),
    "gelatin": ("sin gelatina", "no gelatin"),
    "honey": ("sin miel", "no honey"),
    "alcohol": ("sin alcohol", "no alcohol"),
    "raw_seafood": ("sin pescado ni marisco crudo", "no raw fish or shellfish"),
    "not_vegan": ("solo bebidas veganas", "vegan drinks only"),
}


def without_label(key: str, lang: str = "es") -> str:
    """A matrix column or a drink conflict in words: "sin maní", "sin cerdo", "solo bebidas
    veganas"."""
    if key in _WITHOUT:
        es, en = _WITHOUT[key]
        return en if lang == "en" else es
    words = _RULES.get(key)
    if words is None:
        return key.replace("_", " ")
    return words[2] if lang == "en" else words[0]


def rule_requirement(rule: Rule, lang: str = "es") -> str:
    if rule.kind in {"unread", "avoid"}:
        return (
            f"that respects «{rule.written}»" if lang == "en" else f"que respete «{rule.written}»"
        )
    if rule.key == "unknown":
        return (
            "with every ingredient known"
            if lang == "en"
            else "con todos sus ingredientes conocidos"
        )
    words = _RULES.get(rule.key)
    if words is None:
        return rule.key.replace("_", " ")
    return words[3] if lang == "en" else words[1]


def _names(kb: KnowledgeBase, items: Iterable[str], lang: str) -> str:
    out = []
    for item in items:
        info = kb.ingredients.get(item)
        out.append(info.name(lang) if info else item)
    return ", ".join(dict.fromkeys(out))


def _raw_words(facts_how: str, seafood_classes: set[str], lang: str) -> str:
    fish = "fish" in seafood_classes
    shell = bool(seafood_classes & {"crustacean", "mollusc"})
    if lang == "en":
        what = "fish and shellfish" if fish and shell else ("fish" if fish else "shellfish")
        return {"raw": f"raw {what}", "cured": f"cured {what}"}.get(
            facts_how, f"{what} not known to be cooked"
        )
    if fish and shell:
        what, plural = "pescado y mariscos", True
    elif fish:
        what, plural = "pescado", False
    else:
        what, plural = "mariscos", True
    if facts_how == "raw":
        return f"{what} {'crudos' if plural else 'crudo'}"
    if facts_how == "cured":
        return f"{what} {'curados' if plural else 'curado'}"
    return f"{what} sin cocción confirmada"


def conflict_text(
    found: Sequence[Conflict], kb: KnowledgeBase, lang: str = "es", raw_how: str = ""
) -> str:
    """ "sin mariscos: langostinos; embarazo: pescado crudo (corvina)"."""
    parts: list[str] = []
    for c in found:
        if c.what == "unknown_ingredient":
            words = ", ".join(f"«{w}»" for w in c.items)
            parts.append(
                f"ingredient we do not know: {words}"
                if lang == "en"
                else f"ingrediente que no conocemos: {words}"
            )
        elif c.what == "unlisted":
            parts.append(
                "its ingredients are not listed" if lang == "en" else "no sabemos sus ingredientes"
            )
        elif c.what == "raw_seafood":
            classes = {
                cls
                for i in c.items
                if (info := kb.ingredients.get(i))
                for cls in info.diet
                if cls in {"fish", "crustacean", "mollusc"}
            }
            words = _raw_words(raw_how, classes, lang)
            parts.append(f"{rule_prefix(c.rule, lang)}: {words} ({_names(kb, c.items, lang)})")
        elif c.what == "meat_with_dairy":
            words = "meat with dairy" if lang == "en" else "carne con lácteos"
            parts.append(f"{rule_prefix(c.rule, lang)}: {words} ({_names(kb, c.items, lang)})")
        elif c.what == "raw":
            words = "raw or cured" if lang == "en" else "crudo o curado"
            parts.append(f"{rule_prefix(c.rule, lang)}: {words}")
        elif c.what == "heat":
            spicy = "spicy" if lang == "en" else "picante"
            parts.append(f"{rule_prefix(c.rule, lang)}: {spicy} ({_names(kb, c.items, lang)})")
        elif c.what == "alcohol" and c.rule.key != "no_alcohol":
            parts.append(f"{rule_prefix(c.rule, lang)}: alcohol ({_names(kb, c.items, lang)})")
        else:
            parts.append(f"{rule_prefix(c.rule, lang)}: {_names(kb, c.items, lang)}")
    return "; ".join(dict.fromkeys(parts))


def requirements_text(rules: Sequence[Rule], lang: str = "es") -> str:
    """ "sin lácteos ni gluten", "vegetariano y sin maní", "dairy-free and gluten-free"."""
    phrases = list(dict.fromkeys(rule_requirement(r, lang) for r in rules))
    if not phrases:
        return ""
    if lang == "en":
        return _join(phrases, "and")
    sin = [p[4:] for p in phrases if p.startswith("sin ")]
    other = [p for p in phrases if not p.startswith("sin ")]
    parts = [*other, *(["sin " + _join(sin, "ni")] if sin else [])]
    return _join(parts, "y")


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def money(value: Decimal | int | float) -> str:
    return f"S/ {Decimal(str(value)).quantize(Decimal('0.01'))}"


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
