"""House additions to the knowledge base: what the packaged tables do not know.

A dish whose ingredient the knowledge base does not know is kept from every restricted guest.
A chef (admin or planner) classifies the word here: a new ingredient with its allergens and diet
classes, a synonym that names an ingredient already known, or a house preparation ("crema de
la casa") whose allergens and diet are those of its components plus any given explicitly.

Additions are rows of the store's ``knowledge_additions`` table, audited, never edited.
:func:`~sazon.knowledge.current.current_knowledge` gives every tool the packaged base plus
the additions, rebuilt only when the additions change (a one-row aggregate decides), so the
next plan, dish ingest, dish look-up or pairing sees a new addition without a restart.

Fail-closed by construction: without additions (or without the table) the packaged base is
used, where an unclassified word is unknown, so unsafe for any restricted guest.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sazon.access import Principal, audit
from sazon.errors import Conflict, InvalidInput
from sazon.knowledge.addition_schemas import (
    ID_PREFIX,
    INGREDIENT,
    KINDS,
    PREPARATION,
    SYNONYM,
    AdditionPublic,
    IngredientCreate,
    PreparationCreate,
    SynonymCreate,
    UnknownWord,
)
from sazon.knowledge.base import KnowledgeBase
from sazon.knowledge.current import current_knowledge
from sazon.knowledge.text import fold, keys
from sazon.knowledge.vocab import ALLERGENS, AROMAS, CATEGORIES, DIET_CLASSES, FLAVOURS
from sazon.store import Dish, DishIngredient, Ingredient, KnowledgeAddition


def _public(row: KnowledgeAddition, resolved: int = 0) -> AdditionPublic:
    return AdditionPublic(
        id=row.id,
        kind=row.kind,
        ingredient_id=row.ingredient_id,
        name_es=row.name_es,
        name_en=row.name_en,
        category=row.category,
        allergens=list(row.allergens),
        diet=list(row.diet),
        flavour={k: int(v) for k, v in (row.flavour or {}).items()},
        aromas=list(row.aromas),
        components=list(row.components),
        added_by=row.added_by,
        added_at=row.added_at,
        dish_lines_resolved=resolved,
    )


# -- validation -------------------------------------------------------------------------------


def _taken(kb: KnowledgeBase) -> dict[str, str]:
    """Every look-up key of every known name, to the ingredient id it names."""
    out: dict[str, str] = {}
    for ing in kb.ingredients.values():
        for name in (ing.name_es, ing.name_en, ing.id.replace("_", " "), *ing.synonyms):
            for key in keys(name):
                out.setdefault(key, ing.id)
    return out


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, details={"errors": [{"field": field, "error": message}]})


def _classes(values: Sequence[str], vocab: Sequence[str], field: str, what: str) -> list[str]:
    cleaned = [v.strip().lower().replace(" ", "_") for v in values if v.strip()]
    if cleaned in (["none"], ["ninguno"]):
        return []
    bad = [v for v in cleaned if v not in vocab]
    if bad:
        raise _field_error(
            field,
            f"unknown {what} {', '.join(repr(b) for b in bad)}: use {', '.join(vocab)}",
        )
    return sorted(set(cleaned))


def _name(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    name = " ".join(value.split())
    if not name:
        return None
    if not fold(name):
        raise _field_error(field, f"'{value}' has no letters or digits: give a name")
    return name


def _check_free(name: str, taken: dict[str, str], kb: KnowledgeBase, field: str) -> None:
    for key in keys(name):
        owner = taken.get(key)
        if owner is not None:
            ing = kb.ingredients[owner]
            advice = (
                "the word already resolves, nothing to add"
                if field == "word"
                else "choose another name (if it is the same thing, the menus' word already "
                "resolves)"
            )
            raise Conflict(
                f"'{name}' already names {ing.name_es} ({owner}): {advice}",
                details={"errors": [{"field": field, "error": f"already names {owner}"}]},
            )


def _resolve(written: str, taken: dict[str, str], kb: KnowledgeBase) -> str | None:
    """An exact id, name or synonym only: a guessed spelling never classifies anything."""
    if written in kb.ingredients:
        return written
    for key in keys(written):
        if key in taken:
            return taken[key]
    return None


def _new_id(name: str) -> str:
    slug = fold(name).replace("ñ", "n").replace(" ", "_")
    return (ID_PREFIX + slug)[:80]


def _category(value: str, field: str = "category") -> str:
    cat = value.strip().lower()
    if cat not in CATEGORIES:
        raise _field_error(field, f"unknown category '{value}': use {', '.join(CATEGORIES)}")
    return cat


def _flavour(values: dict[str, int]) -> dict[str, int]:
    bad = [k for k in values if k not in FLAVOURS]
    if bad:
        raise _field_error(
            "flavour", f"unknown flavour {', '.join(bad)}: use {', '.join(FLAVOURS)}"
        )
    out = {}
    for k, v in values.items():
        if not 0 <= v <= 5:
            raise _field_error(f"flavour.{k}", f"{k} must be 0–5, not {v}")
        out[k] = int(v)
    return out


# -- adding -------------------------------------------------------------------------------


def _actor(who: Principal | None, actor: str | None) -> str:
    if who is not None:
        return f"{who.name} ({who.role})"
    return actor or "system"


def _store(
    session: Session,
    row: KnowledgeAddition,
    who: Principal | None,
    via: str,
    request_id: str | None,
) -> AdditionPublic:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as exc:  # a concurrent addition took the same name first
        raise Conflict(f"'{row.name_es}' was just added by someone else: reload and check") from exc
    if row.kind == SYNONYM:
        target = session.get(Ingredient, row.ingredient_id)
        if target is not None and row.name_es not in (target.synonyms or []):
            target.synonyms = [*(target.synonyms or []), row.name_es]
    audit(
        session,
        who,
        f"knowledge.add_{row.kind}",
        None,
        f"{via}: {row.ingredient_id} «{row.name_es}»"[:300],
        request_id,
    )
    kb = current_knowledge(session)
    if row.kind != SYNONYM:
        info = kb.ingredients[row.ingredient_id]
        session.merge(
            Ingredient(
                id=info.id,
                name_es=info.name_es,
                name_en=info.name_en,
                synonyms=list(info.synonyms),
                category=info.category,
                allergens=list(info.allergens),
                diet=list(info.diet),
                aromas=list(info.aromas),
                **info.flavour,
            )
        )
        session.flush()
    return _public(row, resolve_dish_lines(session, kb))


def resolve_dish_lines(session: Session, kb: KnowledgeBase) -> int:
    """Link the menu lines nobody could resolve to what ``kb`` now knows; returns how many."""
    lines = session.scalars(select(DishIngredient).where(DishIngredient.ingredient_id.is_(None)))
    n = 0
    for line in lines:
        match = kb.find_ingredient(line.written_as)
        if match is not None and match.id in kb.ingredients:
            line.ingredient_id = match.id
            n += 1
    session.flush()
    return n


def _new_row(
    kind: str,
    spec: IngredientCreate | PreparationCreate,
    kb: KnowledgeBase,
    taken: dict[str, str],
    who: Principal | None,
    actor: str | None,
) -> KnowledgeAddition:
    """A new ingredient or preparation row with its names and classes checked."""
    name_es = _name(spec.name_es, "name_es")
    if name_es is None:
        raise _field_error("name_es", f"give the {kind}'s Spanish name")
    name_en = _name(spec.name_en, "name_en")
    row = KnowledgeAddition(
        kind=kind, name_key=fold(name_es), ingredient_id=_new_id(name_es), name_es=name_es,
        name_en=name_en, category=_category(spec.category),
        allergens=_classes(spec.allergens, ALLERGENS, "allergens", "allergen"),
        diet=_classes(spec.diet, DIET_CLASSES, "diet", "diet class"),
        flavour={}, aromas=[], components=[], added_by=_actor(who, actor),
        added_by_key_id=who.key_id if who else None,
    )  # fmt: skip
    _check_free(name_es, taken, kb, "name_es")
    if name_en and fold(name_en) != fold(name_es):
        _check_free(name_en, taken, kb, "name_en")
    if row.ingredient_id in kb.ingredients:
        raise Conflict(f"the id {row.ingredient_id} is taken: choose another name")
    return row


def add_ingredient(
    session: Session,
    spec: IngredientCreate,
    *,
    who: Principal | None = None,
    actor: str | None = None,
    via: str = "api",
    request_id: str | None = None,
) -> AdditionPublic:
    """Add an ingredient the knowledge base does not know; every tool sees it at once.

    >>> add_ingredient(session, IngredientCreate(name_es="cecina amazónica", category="pork",
    ...     allergens=[], diet=["pork", "meat"]), actor="cli")  # doctest: +SKIP
    """
    kb = current_knowledge(session)
    row = _new_row(INGREDIENT, spec, kb, _taken(kb), who, actor)
    row.aromas = _classes(spec.aromas, AROMAS, "aromas", "aroma")
    row.flavour = _flavour(spec.flavour)
    return _store(session, row, who, via, request_id)


def add_synonym(
    session: Session,
    spec: SynonymCreate,
    *,
    who: Principal | None = None,
    actor: str | None = None,
    via: str = "api",
    request_id: str | None = None,
) -> AdditionPublic:
    """Teach the knowledge base another written word for an ingredient it knows."""
    kb = current_knowledge(session)
    taken = _taken(kb)
    word = _name(spec.word, "word")
    if word is None:
        raise _field_error("word", "give the written word")
    target = _resolve(spec.to.strip(), taken, kb)
    if target is None:
        raise _field_error(
            "to",
            f"no ingredient is called '{spec.to}': give an id or an exact name "
            "(sazon knowledge ingredients TEXT), or add it first with "
            "sazon knowledge add-ingredient",
        )
    _check_free(word, taken, kb, "word")
    row = KnowledgeAddition(
        kind=SYNONYM, name_key=fold(word), ingredient_id=target, name_es=word, name_en=None,
        category=None, allergens=[], diet=[], flavour={}, aromas=[], components=[],
        added_by=_actor(who, actor), added_by_key_id=who.key_id if who else None,
    )  # fmt: skip
    return _store(session, row, who, via, request_id)


def add_preparation(
    session: Session,
    spec: PreparationCreate,
    *,
    who: Principal | None = None,
    actor: str | None = None,
    via: str = "api",
    request_id: str | None = None,
) -> AdditionPublic:
    """Add a house preparation made of known ingredients (and/or explicit classes).

    Its allergens and diet classes are the union of its components' and the explicit ones.
    """
    kb = current_knowledge(session)
    taken = _taken(kb)
    written = [c.strip() for c in spec.components if c.strip()]
    resolved = {c: _resolve(c, taken, kb) for c in written}
    missing = [c for c, r in resolved.items() if r is None]
    if missing:
        raise _field_error(
            "components",
            f"unknown component(s) {', '.join(repr(m) for m in missing)}: each must be an "
            "ingredient id or exact name; add the missing ones first "
            "(sazon knowledge add-ingredient)",
        )
    row = _new_row(PREPARATION, spec, kb, taken, who, actor)
    if not written and not row.allergens and not row.diet:
        raise _field_error(
            "components",
            "give its components, or its allergens and diet classes "
            "(an ingredient with none is added with add-ingredient)",
        )
    row.components = list(dict.fromkeys(r for r in resolved.values() if r))
    parts = [kb.ingredients[c] for c in row.components]
    row.allergens = sorted(set(row.allergens).union(*(p.allergens for p in parts)))
    row.diet = sorted(set(row.diet).union(*(p.diet for p in parts)))
    return _store(session, row, who, via, request_id)


# -- reading ------------------------------------------------------------------------------


def list_additions(session: Session, kind: str | None = None) -> list[AdditionPublic]:
    """Every addition, oldest first (``kind`` filters: ingredient, synonym, preparation)."""
    if kind is not None and kind not in KINDS:
        raise _field_error("kind", f"unknown kind '{kind}': use {', '.join(KINDS)}")
    stmt = select(KnowledgeAddition).order_by(KnowledgeAddition.id)
    if kind:
        stmt = stmt.where(KnowledgeAddition.kind == kind)
    return [_public(r) for r in session.scalars(stmt)]


def unknown_words(
    session: Session, kb: KnowledgeBase | None = None, venue_id: int | None = None
) -> list[UnknownWord]:
    """The ingredient words of the store's active dishes that ``kb`` does not know: the to-do
    list of whoever classifies (most dishes first)."""
    kb = kb or current_knowledge(session)
    stmt = select(Dish).where(Dish.active)
    if venue_id is not None:
        stmt = stmt.where(Dish.venue_id == venue_id)
    found: dict[str, tuple[str, list[str]]] = {}
    for dish in session.scalars(stmt):
        for word in dish.ingredients_raw or []:
            if not str(word).strip() or _known(kb, str(word)):
                continue
            _, dishes = found.setdefault(fold(str(word)), (str(word).strip(), []))
            if dish.name_es not in dishes:
                dishes.append(dish.name_es)
    out = [UnknownWord(written=w, dishes=d) for w, d in found.values()]
    return sorted(out, key=lambda u: (-len(u.dishes), fold(u.written)))


def _known(kb: KnowledgeBase, word: str) -> bool:
    # The planner's reading: exact names and synonyms only (a guess is unknown).
    match = kb.find_ingredient(word)
    return match is not None and match.id in kb.ingredients
