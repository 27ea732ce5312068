"""One process's served recommendation model, kept between requests and refreshed when it
should be.

Reading the whole store to recommend for one guest takes about a second on the demo store;
a server keeps instead, per process:

- the :class:`~sazon.experience.item_model.ItemModel` (which items go together, which are
  popular): the registry's active ``experience-items`` when one was trained and activated
  (``sazon experience train``), else fitted from the store on first use; every guest's own
  orders are read fresh from the store whenever the snapshot is rebuilt;
- each venue's current menu, its dishes' resolved facts and the wine list;
- the pairing tool's wines for a dish (they depend only on the dish and the list).

The snapshot is rebuilt when the active model changes, when the bus processor
(:mod:`sazon.experience.learn`) says new visits or feedback arrived — it touches a small file
under the data directory, so a server in another process sees it too — or after
``ttl_seconds`` in any case (a store edited without the bus).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from sazon.config import Settings
from sazon.errors import InvalidInput
from sazon.experience.bgnbd import BgNbd
from sazon.experience.item_model import ItemModel
from sazon.experience.schemas import Suggestion
from sazon.experience.store_history import MenuItem, current_menu, order_history
from sazon.ml import ModelRegistry
from sazon.pairing import WineInput, store_wines
from sazon.store.models import Venue
from sazon.timeutil import to_lima, utcnow

T = TypeVar("T")
#: The registry name of the trained item model.
ITEMS_MODEL = "experience-items"


def features_stamp(settings: Settings) -> Path:
    """The file the learning processor touches when guests' features changed."""
    return settings.home / "experience" / "features.stamp"


def touch_features(settings: Settings) -> None:
    """Say that visits or feedback changed (every serving process refreshes on its next call)."""
    path = features_stamp(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(f"{time.time_ns()}\n", "utf-8")
    tmp.replace(path)  # atomic: a reader sees the old stamp or the new one


@dataclass
class _Snapshot:
    token: tuple[int, str | None]
    built: float
    items: ItemModel
    menus: dict[int | None, list[MenuItem]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    wines: dict[str, WineInput] | None = None
    paired: dict[tuple[Any, ...], list[Suggestion]] = field(default_factory=dict)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


class ExperienceServing:
    """The cached model and menus one process serves recommendations from."""

    def __init__(self, settings: Settings, *, ttl_seconds: float = 900.0) -> None:
        self.settings = settings
        self.registry = ModelRegistry.from_settings(settings)
        self.ttl_seconds = ttl_seconds
        self._lock = threading.RLock()
        self._snap: _Snapshot | None = None
        #: Registry models loaded, by (name, version): a version never changes once saved.
        self._loaded: dict[tuple[str, str, str], Any] = {}
        self.rebuilds = 0

    @classmethod
    def of(cls, holder: Any, settings: Settings) -> ExperienceServing:
        """The one kept on ``holder`` (an application's state), made on first use."""
        served: ExperienceServing | None = getattr(holder, "sazon_experience", None)
        if served is None:
            served = cls(settings)
            holder.sazon_experience = served
        return served

    def _token(self) -> tuple[int, str | None]:
        try:
            stamp = features_stamp(self.settings).stat().st_mtime_ns
        except FileNotFoundError:
            stamp = 0
        return stamp, self.registry.active(ITEMS_MODEL)

    def invalidate(self) -> None:
        """Forget the snapshot: the next call rebuilds it (after training, in tests)."""
        with self._lock:
            self._snap = None

    def snapshot(self, session: Session) -> _Snapshot:
        token = self._token()
        snap = self._snap
        if (
            snap is not None
            and snap.token == token
            and time.monotonic() - snap.built < (self.ttl_seconds)
        ):
            return snap
        with self._lock:
            snap = self._snap
            if (
                snap is None
                or snap.token != token
                or time.monotonic() - snap.built >= (self.ttl_seconds)
            ):
                snap = self._snap = self._build(session, token)
            return snap

    def _build(self, session: Session, token: tuple[int, str | None]) -> _Snapshot:
        history = order_history(session)
        menus: dict[int | None, list[MenuItem]] = {
            None: _detached(session, current_menu(session, None))
        }
        if token[1] is not None:
            trained: ItemModel = self.registry.load(ITEMS_MODEL)
            items = trained.with_history(history)
        else:
            items = ItemModel().fit(history, (m.key for m in menus[None]))
        self.rebuilds += 1
        return _Snapshot(token=token, built=time.monotonic(), items=items, menus=menus)

    def items(self, session: Session) -> ItemModel:
        return self.snapshot(session).items

    def for_venue(
        self, session: Session, venue: Venue | None
    ) -> tuple[ItemModel, list[MenuItem], dict[str, Any], dict[str, WineInput]]:
        """The model, the venue's menu (every venue's for None), the dishes' facts memo and
        the store's wine list."""
        snap = self.snapshot(session)
        key = venue.id if venue is not None else None
        with self._lock:
            if key not in snap.menus:
                snap.menus[key] = _detached(session, current_menu(session, venue))
            if snap.wines is None:
                snap.wines = {w.wine_id: w for w in store_wines(session)}
            return snap.items, snap.menus[key], snap.facts, snap.wines

    def remember(self, session: Session, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per snapshot and ``key`` (segments take seconds to cluster)."""
        snap = self.snapshot(session)
        if key not in snap.memo:
            snap.memo[key] = compute()
        found: T = snap.memo[key]
        return found

    def returns_model(
        self, session: Session, venue_id: int, as_of: date | None = None
    ) -> BgNbd | None:
        """The venue's return model for a forecast made on ``as_of`` (default: today): the
        registry's active ``experience-returns.<id>`` (``sazon experience train``), else one
        fitted on the store once and kept with the snapshot; never a fit per request. A
        back-dated forecast (``as_of`` before the active model's day) gets a model fitted on
        the visits up to that day, also kept. None: too little history to fit one."""
        from sazon.experience.returns_model import returns_name

        today = to_lima(utcnow()).date()
        day = min(as_of or today, today)
        name = returns_name(venue_id)
        version = self.registry.active(name)
        if version is not None:
            key = ("returns-model", name, version)
            with self._lock:
                if key not in self._loaded:  # a saved version never changes: load it once
                    through = self.registry.manifest(name, version).params.get("fitted_through")
                    loaded = self.registry.load(name, version).bgnbd
                    self._loaded[key] = (loaded, date.fromisoformat(str(through or "0001-01-01")))
                model, fitted_through = self._loaded[key]
            if day >= fitted_through:
                return model  # type: ignore[no-any-return]
        return self.remember(session, ("returns-fit", venue_id, day),
                             lambda: _fit_returns(session, venue_id, day))  # fmt: skip

    def paired_memo(self) -> dict[tuple[Any, ...], list[Suggestion]]:
        """Where :func:`~sazon.experience.recommend_wines.paired_wines` keeps its answers."""
        snap = self._snap
        return snap.paired if snap is not None else {}


def _fit_returns(session: Session, venue_id: int, day: date) -> BgNbd | None:
    from sazon.experience.returns import UNIT_DAYS, fit_model
    from sazon.experience.returns_data import summarise
    from sazon.experience.returns_store import SMALL_PENALTY, SMALL_VENUE, venue_visits

    visits = venue_visits(session, venue_id)
    if visits.empty:
        return None
    summary = summarise(visits, day, UNIT_DAYS)
    penalty = SMALL_PENALTY if len(summary) < SMALL_VENUE else 0.0
    try:
        return fit_model(summary, penalty)
    except InvalidInput:  # fewer than two guests, or no repeat visit yet
        return None


def _detached(session: Session, menu: list[MenuItem]) -> list[MenuItem]:
    # The menu outlives this session: its rows leave it, so a commit does not expire them.
    for item in menu:
        row = item.dish or item.wine
        if row is not None and row in session:
            if item.dish is not None:
                for ingredient in item.dish.ingredients:
                    session.expunge(ingredient)
            session.expunge(row)
    return menu
