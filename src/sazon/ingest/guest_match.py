"""Which stored guest a guest row is, if any: the one matching rule of ingest.

A row is merged into a guest only when they share a key (email, phone, external id, or a
close name with the same birth date) and disagree on none: two non-empty emails, phones or
ids that differ, or first or last names that clearly differ (María and Mario), mean two
people. Such a row is kept apart, as a guest of its own, and flagged as a possible duplicate
of the guest it resembles, for a person to decide; nothing moves from one person to another.

Stored guests are looked up in bulk, one query per key for a whole batch of rows
(:meth:`GuestIndex.load`), and the fuzzy name step compares a row only with the guests born
the same day whose name key is of a length that can reach the threshold
(``guests.name_length``; ``rapidfuzz.process.extract`` over that block).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, cast

from rapidfuzz import fuzz, process
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from sazon.bulkinsert import bound, rows_where_in
from sazon.ingest.schemas import GuestRecord
from sazon.knowledge import fold
from sazon.store import Guest, guest_name_key, name_lengths_within

GUESTS = cast(Table, Guest.__table__)

KEYS = ("email", "phone", "external_id")


# Names repeat: folding one is the costly part of a look-up. The store keeps each guest's
# key length (guests.name_length) computed by the same function.
name_key = lru_cache(maxsize=65536)(guest_name_key)


@dataclass(eq=False)
class Known:
    """A guest as much as matching needs: stored (``id``) or created in this batch (``obj``)."""

    id: int | None
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    external_id: str | None
    birth_date: date | None
    # The stored Guest once loaded, or the batch's NewGuest: anything with a guest's fields.
    obj: Any = None
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.key = name_key(self.first_name, self.last_name)

    @classmethod
    def of_record(cls, rec: GuestRecord) -> Known:
        return cls(
            None,
            rec.first_name,
            rec.last_name,
            rec.email,
            rec.phone,
            rec.external_id,
            rec.birth_date,
        )

    @classmethod
    def of_guest(cls, g: Guest) -> Known:
        return cls(
            g.id, g.first_name, g.last_name, g.email, g.phone, g.external_id, g.birth_date, g
        )

    def guest_id(self) -> int:
        return self.id if self.id is not None else int(self.obj.id)


@lru_cache(maxsize=65536)  # a batch compares the same few hundred names over and over
def _close(key: str, other: str, threshold: int) -> bool:
    return fuzz.token_sort_ratio(key, other, score_cutoff=threshold) >= threshold


def _words_differ(a: str | None, b: str | None, threshold: int) -> bool:
    """Whether two (first or last) names clearly belong to different people.

    Missing names never differ; one name that starts the other ("Rosa" / "Rosa María",
    "J." / "Juan", "Quispe" / "Quispe Mamani") does not; a typo within ``threshold`` does not.
    """
    wa, wb = fold(a or "").replace(".", " ").split(), fold(b or "").replace(".", " ").split()
    if not wa or not wb:
        return False
    shorter, longer = sorted((wa, wb), key=len)
    if all(x == y or y.startswith(x) for x, y in zip(shorter, longer, strict=False)):
        return False
    return fuzz.token_sort_ratio(" ".join(wa), " ".join(wb)) < threshold


def disagreements(row: Known, other: Known, threshold: int = 90) -> list[str]:
    """The fields on which a row and a guest say they are different people."""
    out = [
        k
        for k in KEYS
        if getattr(row, k) and getattr(other, k) and getattr(row, k) != getattr(other, k)
    ]
    if _words_differ(row.first_name, other.first_name, threshold):
        out.append("first_name")
    if _words_differ(row.last_name, other.last_name, threshold):
        out.append("last_name")
    return out


@dataclass
class Decision:
    """Merge into ``target`` (matched on ``matched_on``), or create; ``resembles`` is the
    guest a created row is flagged as a possible duplicate of, and on what."""

    target: Known | None = None
    matched_on: str | None = None
    resembles: Known | None = None
    resembles_on: str | None = None
    disagree_on: list[str] = field(default_factory=list)


class GuestIndex:
    """The stored guests a batch of rows may match, plus those created or filled meanwhile."""

    def __init__(self, fuzzy_threshold: int = 90) -> None:
        self.threshold = fuzzy_threshold
        self.by: dict[str, dict[Any, list[Known]]] = {k: {} for k in (*KEYS, "birth_date")}
        self.ids: dict[int, Known] = {}

    def load(self, session: Session, records: Iterable[GuestRecord]) -> None:
        """One query per key for all the records' emails, phones, ids and birth dates.

        Guests sharing a key are loaded whole. Of the guests born on a row's birthday only
        the names are read, and only those whose name is close enough to some row's for the
        fuzzy step (:meth:`candidates`) are then loaded whole: a big store holds many guests
        per birthday, and reading each one's row cost more than deciding the batch.
        """
        records = list(records)
        wanted: dict[str, set[Any]] = {k: set() for k in self.by}
        for rec in records:
            for k in wanted:
                if (value := getattr(rec, k)) is not None and value != "":
                    wanted[k].add(value)
        close = self._close_by_name(session, records, wanted.pop("birth_date"))
        for k, values in wanted.items():
            self._load_whole(session, k, values)
        self._load_ids(session, list(close))

    def _load_whole(self, session: Session, column: str, values: Iterable[Any]) -> None:
        """The guests whose ``column`` is one of ``values``, each added once."""
        ids = [gid for (gid,) in rows_where_in(session, GUESTS, ["id"], column, values)]
        self._load_ids(session, sorted(ids))

    def _load_ids(self, session: Session, ids: list[int]) -> None:
        """The guests of ``ids``, added in that order (so a tie between candidates is
        settled as it was when every guest born that day was read)."""
        ids = [gid for gid in ids if gid not in self.ids]
        got: dict[int, Guest] = {}
        for i in range(0, len(ids), 900):
            part = select(Guest).where(Guest.id.in_(ids[i : i + 900]))
            got.update((g.id, g) for g in session.scalars(part))
        for gid in ids:
            if gid not in self.ids and (guest := got.get(gid)) is not None:
                self.add(Known.of_guest(guest))

    def _close_by_name(
        self, session: Session, records: list[GuestRecord], days: set[date]
    ) -> dict[int, None]:
        """Ids of the stored guests born on a row's birthday whose name scores at least the
        threshold against that row's name: the only ones :meth:`candidates` can keep.

        Only the names of a length that can reach the threshold are read
        (``name_lengths_within``): one look-up per range of lengths, for all the days whose
        rows ask for that range.
        """
        as_stored = bound(session, GUESTS, "birth_date")  # the driver gives dates as stored
        wanted: dict[date, set[str]] = {}
        for rec in records:
            if rec.birth_date is not None and rec.first_name and rec.birth_date in days:
                key = name_key(rec.first_name, rec.last_name)
                wanted.setdefault(rec.birth_date, set()).add(key)
        keys = {as_stored(day): day_keys for day, day_keys in wanted.items()}
        by_range: dict[tuple[int, int], list[date]] = {}
        for day, day_keys in wanted.items():
            ranges = [name_lengths_within(len(key), self.threshold) for key in day_keys]
            span = (min(low for low, _ in ranges), max(high for _, high in ranges))
            by_range.setdefault(span, []).append(day)
        found: list[tuple[Any, int]] = []
        light = ["id", "first_name", "last_name", "birth_date"]
        for (low, high), in_range in sorted(by_range.items()):
            lengths = ("name_length", low, high)
            for gid, first, last, born in rows_where_in(
                session, GUESTS, light, "birth_date", in_range, between=lengths
            ):
                stored = name_key(first, last)
                for key in keys[born]:  # a plain loop: a big store reads ~10 names per row
                    if _close(key, stored, self.threshold):
                        found.append((born, gid))
                        break
        # By day, then id: the order in which the birth date's index gave them when each
        # day's guests were read whole, so a tie between candidates is settled as before.
        return dict.fromkeys(gid for _, gid in sorted(found))

    def add(self, known: Known) -> None:
        if known.id is not None:
            self.ids[known.id] = known
        for k, index in self.by.items():
            if (value := getattr(known, k)) is not None and value != "":
                index.setdefault(value, []).append(known)

    def filled(self, known: Known, guest: Guest) -> None:
        """A merge filled some of the guest's fields: find it by them from now on."""
        for k in self.by:
            old, new = getattr(known, k), getattr(guest, k)
            if new != old and new is not None:
                setattr(known, k, new)
                self.by[k].setdefault(new, []).append(known)
        known.first_name, known.last_name = guest.first_name, guest.last_name
        known.key = name_key(guest.first_name, guest.last_name)

    def candidates(self, row: Known) -> list[tuple[Known, str]]:
        """Guests sharing a key with the row, each once, in the order of the keys."""
        found: list[tuple[Known, str]] = []
        seen: set[int] = set()

        def keep(known: Known, on: str) -> None:
            if id(known) not in seen:
                seen.add(id(known))
                found.append((known, on))

        for k in KEYS:
            if value := getattr(row, k):
                for known in self.by[k].get(value, ()):
                    keep(known, k)
        block = self.by["birth_date"].get(row.birth_date) if row.first_name else None
        if block:  # most rows share their birthday with nobody: no comparison to make
            scored = process.extract(
                row.key,
                [b.key for b in block],
                scorer=fuzz.token_sort_ratio,
                score_cutoff=self.threshold,
                limit=None,
            )
            for _, score, i in sorted(scored, key=lambda s: (-s[1], s[2])):
                keep(block[i], "name+birth_date" if score >= 100 else "similar_name+birth_date")
        return found

    def decide(self, row: Known) -> Decision:
        found = self.candidates(row)
        if not found:
            return Decision()
        agreeing = [(k, on) for k, on in found if not disagreements(row, k, self.threshold)]
        if len(agreeing) == 1:
            return Decision(target=agreeing[0][0], matched_on=agreeing[0][1])
        # Nobody agrees, or several guests do (a shared phone and a name-less row): which
        # person the row is must be decided by someone who knows them.
        first, on = (agreeing or found)[0]
        return Decision(
            resembles=first, resembles_on=on, disagree_on=disagreements(row, first, self.threshold)
        )
