"""Wine profiles built once per version of a wine list, not on every pairing.

Building a wine's profile (grapes, style, structure, aromas) was three quarters of a one-dish
pairing: every request rebuilt every wine of the list. A profile depends on the wine's own
fields only, so:

- a venue's list from the store is kept, with its profiles, per *list version*: the count of
  the venue's wines, the newest id, the newest ``updated_at`` and how many are on the list.
  Adding, deleting, editing or (un)listing a wine changes it (ids are never reused), and the
  next pairing reads the list again;
- any other list (a file, the request body) is profiled through a cache keyed by the wine's
  own fields, so a list sent twice is profiled once.

Both caches are per process and bounded. So is a third: the suggestions for a dish against a
store list (:func:`remembered`), keyed by the dish's own fields, the list's profiles (the
same objects while its version holds), the knowledge base of the revision read and the model:
any change to one of them is a new key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from sazon.pairing.schemas import WineInput, WineProfile
from sazon.pairing.wine_profile import build_wine_profile
from sazon.store import Wine

MAX_WINES = 20_000
MAX_LISTS = 64
WineList = tuple[list[WineInput], list[WineProfile]]

_lock = threading.Lock()
_profiles: OrderedDict[str, WineProfile] = OrderedDict()
_lists: OrderedDict[tuple[Any, ...], WineList] = OrderedDict()
_answers: OrderedDict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] = OrderedDict()
MAX_ANSWERS = 512


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any, size: int) -> None:
    with _lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


def wine_profiles(wines: Sequence[WineInput]) -> list[WineProfile]:
    """The profile of each wine, built only for wines (by their fields) not seen before."""
    out = []
    for w in wines:
        key = w.model_dump_json()
        profile = _profiles.get(key)
        if profile is None:
            profile = build_wine_profile(w)
            _remember(_profiles, key, profile, MAX_WINES)
        out.append(profile)
    return out


def list_version(session: Session, venue_id: int | None) -> tuple[Any, ...]:
    """Changes whenever a wine of the venue (all venues: None) is added, edited or removed."""
    stmt = select(
        func.count(Wine.id),
        func.max(Wine.id),
        func.max(Wine.updated_at),
        func.sum(cast(Wine.on_list, Integer)),
    )
    if venue_id is not None:
        stmt = stmt.where(Wine.venue_id == venue_id)
    return tuple(session.execute(stmt).one())


def venue_list(
    session: Session, venue_id: int | None, read: Callable[[], list[WineInput]]
) -> WineList:
    """A venue's list and its profiles, read (by ``read``) and profiled once per version."""
    # The engine's URL object names the store (hashable; rendering it cost more than the look-up).
    key = (session.get_bind().engine.url, venue_id, list_version(session, venue_id))
    cached = _lists.get(key)
    if cached is None:
        wines = read()
        cached = (wines, wine_profiles(wines))
        _remember(_lists, key, cached, MAX_LISTS)
    return list(cached[0]), list(cached[1])


def remembered(
    key: tuple[Any, ...], held: tuple[Any, ...], answer: Callable[[], list[Any]]
) -> tuple[list[Any], bool]:
    """``answer()``, computed once per ``key``; and whether it was remembered. The key names
    objects by ``id``: ``held`` are those objects, kept with the answer, so no id is reused
    while it is remembered."""
    found = _answers.get(key)
    if found is not None:
        return found[0], True
    out = answer()
    _remember(_answers, key, (out, held), MAX_ANSWERS)
    return out, False
