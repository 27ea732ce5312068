"""Write what a batch of guest rows decided, in a few statements for the whole batch.

Deciding a row needs the guests the rows before it created, but not their ids: a new guest
is a :class:`NewGuest` (its values) until the batch inserts them all in one statement; the
steps that need the ids (fingerprints, merges, flags, events) then run and their rows are
inserted in bulk too, each table in one call to the driver (:func:`sazon.bulkinsert.insert_many`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from sazon.bulkinsert import insert_many
from sazon.bus import DomainEvent, GuestCreated, stage, stage_alike
from sazon.ingest.guest_match import name_key
from sazon.store import Guest
from sazon.store.search_text import guest_search_text
from sazon.timeutil import utcnow


class NewGuest:
    """A guest the batch creates: its values, until the batch inserts them all in one go
    (a mapped object per row costs more than reading the row)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.id: int | None = None

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("values", "id"):
            super().__setattr__(name, value)
        else:
            self.values[name] = value


class BatchWrites:
    """The new guests, the steps waiting for their ids, and the rows and events to write."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.new: list[NewGuest] = []
        self.after: list[Callable[[], None]] = []
        self.inserts: dict[type[Any], list[dict[str, Any]]] = {}
        self.events: list[DomainEvent] = []
        # The new guests to announce (GuestCreated), staged before the other events so a
        # guest's creation precedes its updates.
        self.created: list[NewGuest] = []

    def insert(self, model: type[Any], **values: Any) -> None:
        self.inserts.setdefault(model, []).append(values)

    def clear(self) -> None:
        """Forget what was not written (a savepoint took the row back)."""
        self.new.clear()
        self.after.clear()
        self.inserts.clear()
        self.events = []
        self.created = []

    def write(self) -> None:
        """Insert (ids), finish the rows that needed them, then write their rows in bulk."""
        # Quarantine entries and merged stored guests first: their ids, and no flush that
        # could come between the new guests' insert and the look-up of their ids.
        self.session.flush()
        if self.new:
            for guest, gid in zip(self.new, self._insert_guests(), strict=True):
                guest.id = gid
            self.new.clear()
        for step in self.after:
            step()
        self.after.clear()
        for model, rows in self.inserts.items():
            insert_many(self.session, cast(Table, model.__table__), rows)
        self.inserts.clear()
        self._announce_created()
        stage(self.session, self.events)
        self.events = []
        self.session.flush()  # what the steps changed on mapped rows (a quarantine entry)

    def _announce_created(self) -> None:
        """One GuestCreated per new guest, built from one validated event per language."""
        by_language: dict[Any, list[int]] = {}
        for guest in self.created:
            assert guest.id is not None
            by_language.setdefault(guest.language, []).append(guest.id)
        for language, ids in by_language.items():
            template = GuestCreated(guest_id=ids[0], source="ingest", language=language)
            stage_alike(self.session, template, "guest_id", ids)
        self.created = []

    def _insert_guests(self) -> list[int]:
        """Insert the batch's new guests in one statement; their ids, in order."""
        now = utcnow()
        # A Core insert passes no ORM listener: the search columns are written here.
        rows = [
            g.values | {"created_at": now, "updated_at": now} | _search(g.values) for g in self.new
        ]
        if self.session.get_bind().dialect.name != "sqlite":
            stmt = insert(Guest).returning(Guest.id, sort_by_parameter_order=True)
            return list(self.session.scalars(stmt, rows))
        # SQLite's RETURNING for many rows in order costs a statement per row. This
        # transaction holds the store's one write lock and the table is AUTOINCREMENT, so
        # the rows just inserted took the consecutive ids ending at the last one.
        insert_many(self.session, cast(Table, Guest.__table__), rows)
        last = int(self.session.scalar(text("SELECT last_insert_rowid()")) or 0)
        first = last - len(rows) + 1
        between = select(func.count()).where(Guest.id.between(first, last))
        if self.session.scalar(between) != len(rows):
            raise RuntimeError("the new guests did not take consecutive ids")
        return list(range(first, last + 1))


def _search(values: dict[str, Any]) -> dict[str, Any]:
    """What the ORM listener writes on a guest (store.models.guests): the search text and
    the name key's length."""
    first, last = values.get("first_name"), values.get("last_name")
    return {
        "search_text": guest_search_text(first, last, values.get("email"), values.get("phone")),
        "name_length": len(name_key(first, last)),
    }
