"""House additions to the knowledge base: what the packaged tables do not know.

A dish whose ingredient the knowledge base does not know is kept from every restricted guest.
A chef (admin or planner) classifies the word here: a new ingredient with its allergens and diet
classes, a synonym that names an ingredient already known, or a house preparation ("crema de
la casa") whose allergens and diet are those of its components plus any given explicitly.

Additions are rows of the store's ``knowledge_additions`` table, audited, never edited.
:func:`current_knowledge` gives every tool the packaged base plus the additions, rebuilt only
when the additions change (a one-row aggregate decides), so the next plan, dish ingest, dish
look-up or pairing sees a new addition without a restart.

Fail-closed by construction: without additions (or without the table) the packaged base is
used, where an unclassified word is unknown, so unsafe for any restricted guest.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from sazon.access import Principal, audit
from sazon.errors import Conflict, DependencyUnavailable, InvalidInput
from sazon.knowledge.base import IngredientInfo, KnowledgeBase, load_knowledge
from sazon.knowledge.text import fold, keys
from sazon.knowledge.vocab import (
    ALLERGENS,
    AROMAS,
    CATEGORIES,
    DIET_CLASSES,
    FLAVOURS,
)
from sazon.store import Dish, DishIngredient, Ingredient, KnowledgeAddition

INGREDIENT, SYNONYM, PREPARATION = "ingredient", "synonym", "preparation"
KINDS = (INGREDIENT, SYNONYM, PREPARATION)
ID_PREFIX = "house_"
# Where the warnings about an unknown ingredient send the reader: the web page and the
# command (the API is POST /api/v1/knowledge/ingredients). The web links the page.
WEB_PATH = "/knowledge/additions"
CLASSIFY_HINT = f"{WEB_PATH} or sazon knowledge add-ingredient"


# -- inputs and outputs ---------------------------------------------------------------------

# What the document says each field takes; the checks below read a little more leniently
# (case, spaces, ["ninguno"]) and explain a refusal in words.
NAME = {"type": "string", "minLength": 1, "maxLength": 120, "pattern": r"[^\W_]"}
Name = Annotated[str, Field(min_length=1, max_length=120), WithJsonSchema(NAME)]
Category = Annotated[str, Field(max_length=40), WithJsonSchema({"enum": list(CATEGORIES)})]
Allergens = Annotated[
    list[str],
    Field(max_length=14),
    WithJsonSchema({"type": "array", "maxItems": 14, "items": {"enum": list(ALLERGENS)}}),
]
Diet = Annotated[
    list[str],
    Field(max_length=10),
    WithJsonSchema({"type": "array", "maxItems": 10, "items": {"enum": list(DIET_CLASSES)}}),
]
Flavour = Annotated[
    dict[str, int],
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"enum": list(FLAVOURS)},
            "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 5},
        }
    ),
]


class IngredientCreate(BaseModel):
    """A new ingredient. ``allergens`` and ``diet`` must be given, empty when it has none: a
    missing list is never read as "none"."""

    model_config = ConfigDict(extra="forbid")
    name_es: Name
    name_en: Name | None = None
    category: Category = Field(description="one of the categories in docs/knowledge.md")
    allergens: Allergens = Field(description="EU-14 slugs, [] when none")
    diet: Diet = Field(description="diet classes, [] when none")
    flavour: Flavour = Field(default={}, description="0–5 per attribute, 0 when absent")
    aromas: Annotated[
        list[str],
        Field(max_length=31),
        WithJsonSchema({"type": "array", "maxItems": 31, "items": {"enum": list(AROMAS)}}),
    ] = []


class SynonymCreate(BaseModel):
    """Another written word for an ingredient the knowledge base knows."""

    model_config = ConfigDict(extra="forbid")
    word: Name
    to: str = Field(min_length=1, max_length=120, description="an ingredient id or exact name")


class PreparationCreate(BaseModel):
    """A house preparation: its components' allergens and diet, plus the explicit ones."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": [f], "properties": {f: {"type": "array", "minItems": 1}}}
                for f in ("components", "allergens", "diet")
            ]
        },
    )
    name_es: Name
    name_en: Name | None = None
    category: Category = "sauce"
    components: list[Annotated[str, Field(pattern=r"\S")]] = Field(
        default=[], max_length=60, description="ids or exact names"
    )
    allergens: Allergens = []
    diet: Diet = []


class AdditionPublic(BaseModel):
    id: int
    kind: str
    ingredient_id: str = Field(description="the ingredient added, or the one a synonym names")
    name_es: str = Field(description="the name, or the written word of a synonym")
    name_en: str | None
    category: str | None
    allergens: list[str]
    diet: list[str]
    flavour: dict[str, int]
    aromas: list[str]
    components: list[str]
    added_by: str
    added_at: datetime
    dish_lines_resolved: int = Field(
        default=0, description="menu lines this addition resolved when it was made"
    )


class UnknownWord(BaseModel):
    """An ingredient word on the store's menus that the knowledge base does not know."""

    written: str
    dishes: list[str]


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


# -- building the knowledge base --------------------------------------------------------------


def extend(base: KnowledgeBase, rows: Iterable[KnowledgeAddition]) -> KnowledgeBase:
    """``base`` plus the additions ``rows`` (in the order they were made).

    The base's rows come first, so if a later release ships a name a house addition also uses,
    the packaged row wins the look-up. A preparation carries the allergens and diet classes it
    was stored with plus those its components have now (a union: never fewer than either).
    """
    ingredients: dict[str, IngredientInfo] = dict(base.ingredients)
    for row in sorted(rows, key=lambda r: r.id):
        if row.kind == SYNONYM:
            target = ingredients.get(row.ingredient_id)
            if target is not None and row.name_es not in target.synonyms:
                ingredients[target.id] = replace(target, synonyms=(*target.synonyms, row.name_es))
            continue
        if row.ingredient_id in base.ingredients:
            continue  # a packaged id: the shipped row wins
        parts = [ingredients[c] for c in row.components if c in ingredients]
        allergens = set(row.allergens).union(*(p.allergens for p in parts))
        diet = set(row.diet).union(*(p.diet for p in parts))
        flavour = {f: int((row.flavour or {}).get(f, 0)) for f in FLAVOURS}
        for p in parts:  # a preparation tastes of what is strongest in it
            flavour = {f: max(flavour[f], p.flavour.get(f, 0)) for f in FLAVOURS}
        aromas = dict.fromkeys([*row.aromas, *(a for p in parts for a in p.aromas)])
        ingredients[row.ingredient_id] = IngredientInfo(
            id=row.ingredient_id,
            name_es=row.name_es,
            name_en=row.name_en or row.name_es,
            synonyms=(),
            category=row.category or "other",
            allergens=tuple(sorted(allergens)),
            diet=tuple(sorted(diet)),
            flavour=flavour,
            aromas=tuple(aromas),
        )
    return KnowledgeBase(
        list(ingredients.values()), list(base.dishes.values()), list(base.wines.values())
    )


_CACHE_SIZE = 8
_cache: OrderedDict[tuple[str, tuple[Any, ...]], KnowledgeBase] = OrderedDict()
_lock = threading.Lock()


def _revision(conn: Connection) -> tuple[Any, ...]:
    # Additions are only ever added: their count, newest id and newest time change with each
    # one, and the time tells two fresh databases at the same URL apart.
    t = KnowledgeAddition
    row = conn.execute(select(func.count(t.id), func.max(t.id), func.max(t.added_at))).one()
    return tuple(row)


def knowledge_revision(session: Session) -> tuple[Any, ...]:
    """Which house additions ``session`` sees: changes with every addition (cheap to read)."""
    return _revision(session.connection())


def _cache_key(conn: Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=True)


def _build(conn: Connection, revision: tuple[Any, ...]) -> KnowledgeBase:
    if not revision[0]:
        return load_knowledge()
    key = (_cache_key(conn), revision)
    with _lock:
        kb = _cache.get(key)
        if kb is not None:
            _cache.move_to_end(key)
            return kb
    with Session(bind=conn) as session:
        rows = session.scalars(select(KnowledgeAddition).order_by(KnowledgeAddition.id)).all()
        kb = extend(load_knowledge(), rows)
    with _lock:
        _cache[key] = kb
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return kb


def current_knowledge(bind: Session | Engine) -> KnowledgeBase:
    """The packaged knowledge base plus the store's house additions.

    With a session, its own uncommitted additions count (the caller's transaction). With an
    engine, a store whose schema predates the additions table gives the packaged base (it can
    hold no additions); an unreachable store is an error, never a silent fallback.

    >>> kb = current_knowledge(session)  # doctest: +SKIP
    >>> kb.find_ingredient("ají charapita").id  # doctest: +SKIP
    'house_aji_charapita'
    """
    if isinstance(bind, Session):
        conn = bind.connection()
        return _build(conn, _revision(conn))
    try:
        with bind.connect() as conn:
            revision = _revision(conn)
            return _build(conn, revision)
    except DBAPIError as exc:
        if _missing_table(exc):
            return load_knowledge()
        if isinstance(exc, OperationalError):
            raise DependencyUnavailable(
                "cannot read the house additions to the knowledge base: the store at "
                f"{bind.url.render_as_string(hide_password=True)} is not reachable"
            ) from exc
        raise


def _missing_table(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "knowledge_additions" in text and ("no such table" in text or "does not exist" in text)


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
