"""The knowledge base every tool reads: the packaged base plus the store's house additions.

:func:`current_knowledge` rebuilds it only when the additions change (a one-row aggregate
decides, :func:`knowledge_revision`), so the next plan, dish ingest, dish look-up or pairing
sees a new addition without a restart. Without additions (or without the table) the packaged
base is used, where an unclassified word is unknown, so unsafe for any restricted guest.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from sazon.errors import DependencyUnavailable
from sazon.knowledge.addition_schemas import SYNONYM
from sazon.knowledge.base import IngredientInfo, KnowledgeBase, load_knowledge
from sazon.knowledge.vocab import FLAVOURS
from sazon.store import KnowledgeAddition


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
