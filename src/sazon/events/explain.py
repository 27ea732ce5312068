"""Restrictions in words, Spanish (es-PE) first and English second.

"sin mariscos: langostinos", "embarazo: pescado crudo (corvina)", "no hay plato de postre
sin lácteos dentro del presupuesto". Ingredients are named as the knowledge base names them
in the reader's language; what a guest wrote is quoted as they wrote it. The reasons of a
plan's plates and gaps, built from these words, are in :mod:`sazon.events.reasons`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from sazon.events.safety import Conflict, Profile, Rule
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


def profile_words(profile: Profile, lang: str = "es") -> list[str]:
    """Every restriction of a read profile in words, once each; what nobody could read is
    "por precaución («…»)" (the planner treats it with caution, so does the reader)."""
    words = list(dict.fromkeys(rule_prefix(r, lang) for r in profile.rules))
    read_unread = {r.written for r in profile.rules if r.kind == "unread"}
    cautious = "to be safe" if lang == "en" else "por precaución"
    return words + [f"{cautious} («{w}»)" for w in profile.unread if w not in read_unread]


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
