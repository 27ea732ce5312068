"""Store guest rows a batch at a time, never joining two people, never losing one.

A batch is read, its fingerprints and its guests' keys are looked up in one query each, and
its rows are decided in order (a row sees the guests the rows before it created or filled);
the batch's new guests, merges, fingerprints, flags and events are written together. With
``per_row`` each row gets its own savepoint instead: the fallback when a batch fails, and the
path of a single corrected row.

A guest row whose identity is sound but one field cannot be read (a birth date of 31/02, a
phone with letters, an unknown tier) is kept without that field: the field waits in
quarantine with its reason, naming the guest, and the guest is flagged for review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sazon.bus import DomainEvent, GuestCreated, GuestUpdated, stage
from sazon.ingest.announce import updated_events
from sazon.ingest.guest_match import Decision, GuestIndex, Known
from sazon.ingest.handlers import Context, merge_guest, new_guest_values
from sazon.ingest.parse import ColumnMap, read_fields
from sazon.ingest.results import RowResult, fingerprint, unchanged
from sazon.ingest.schemas import GuestRecord
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest, GuestFlag, IngestedRow, QuarantinedRow, RecordMerge
from sazon.timeutil import utcnow

KIND = "guests"


@dataclass
class GuestRead:
    """A row read leniently: the record, or (no sound identity) the reasons it has none."""

    record: GuestRecord | None
    given: set[str] = field(default_factory=set)
    reasons: list[dict[str, str]] = field(default_factory=list)
    field_reasons: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)


def read_guest(row: dict[str, str], columns: ColumnMap, long_text: int = 2000) -> GuestRead:
    """Read a guest row, leaving out each field that cannot be read.

    Only a row that cannot be read as a line, or has no identity left (no email, phone, nor
    first and last name), has no record.
    """
    parsed = read_fields(row, columns, KIND, long_text)
    whole = [r for r in parsed.reasons if r["field"] == "_row"]
    dropped = [r for r in parsed.reasons if r["field"] != "_row"]
    values = {k: v for k, v in parsed.values.items() if k not in {r["field"] for r in dropped}}
    if whole:
        return GuestRead(None, reasons=whole + dropped, warnings=parsed.warnings)
    for _ in range(len(GuestRecord.model_fields) + 1):
        try:
            record = GuestRecord.model_validate(values)
        except ValidationError as exc:
            errors = [
                (".".join(map(str, e["loc"])), e["msg"].removeprefix("Value error, "))
                for e in exc.errors()
            ]
            fields = [(f, m) for f, m in errors if f in values]
            if len(fields) < len(errors):  # a record-wide error: no identity
                reasons = [{"field": f or "_row", "value": "", "error": m} for f, m in errors]
                return GuestRead(None, reasons=dropped + reasons, warnings=parsed.warnings)
            for f, m in fields:
                dropped.append({"field": f, "value": str(values.pop(f))[:200], "error": m})
            continue
        return GuestRead(record, set(values), [], dropped, parsed.warnings)
    raise AssertionError("unreachable: each pass drops a field")


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


class GuestRows:
    """Decide and store the guest rows of one transaction (see the module docstring)."""

    def __init__(
        self,
        session: Session,
        kb: KnowledgeBase,
        run_id: int,
        *,
        long_text: int = 2000,
        fuzzy_threshold: int = 90,
        per_row: bool = False,
    ) -> None:
        self.session = session
        self.run_id = run_id
        self.long_text = long_text
        self.per_row = per_row
        self.ctx = Context(session, kb, fuzzy_threshold)
        self.index = GuestIndex(fuzzy_threshold)
        # Work that needs the ids the next flush gives, and the rows it then writes.
        self.after: list[Callable[[], None]] = []
        self.inserts: dict[type[Any], list[dict[str, Any]]] = {}
        self.events: list[DomainEvent] = []
        self.quarantined: dict[str, QuarantinedRow] = {}
        self.done: dict[str, RowResult] = {}
        self.records: list[GuestRecord] = []
        self.new: list[NewGuest] = []

    def run(
        self, batch: list[tuple[int, dict[str, str]]], columns: ColumnMap, into: int | None = None
    ) -> list[RowResult]:
        """The outcome of each ``(row number, row)``; ``into`` forces the guest a corrected
        row of a kept guest merges into."""
        fps = [fingerprint(KIND, row) for _, row in batch]
        seen = self._seen(fps)
        self.quarantined = self._stored_quarantine(fps)
        reads = {
            fp: read_guest(row, columns, self.long_text)
            for fp, (_, row) in zip(fps, batch, strict=True)
            if fp not in seen
        }
        self.records = [r.record for r in reads.values() if r.record]
        self.index.load(self.session, self.records)
        forced = None
        if into is not None and (guest := self.session.get(Guest, into)) is not None:
            forced = Known.of_guest(guest)
        results = []
        with self.session.no_autoflush:
            for fp, (number, row) in zip(fps, batch, strict=True):
                if fp in seen:
                    results.append(unchanged(number, seen[fp]))
                elif fp in self.done:
                    results.append(self._again(number, self.done[fp]))
                elif self.per_row:
                    results.append(self._safely(number, fp, row, reads[fp], forced))
                else:
                    results.append(self._row(number, fp, row, reads[fp], forced))
        self._write()
        return results

    def _again(self, number: int, first: RowResult) -> RowResult:
        """A row repeated within the batch: the record its first copy became, once known."""
        again = unchanged(number, first.record_id)
        self.after.append(lambda: setattr(again, "record_id", first.record_id))
        return again

    # ---- look-ups, one query per batch -------------------------------------------------

    def _seen(self, fps: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        unique = sorted(set(fps))
        for i in range(0, len(unique), 900):
            stmt = select(IngestedRow.fingerprint, IngestedRow.record_id).where(
                IngestedRow.kind == KIND, IngestedRow.fingerprint.in_(unique[i : i + 900])
            )
            found.update({fp: rid for fp, rid in self.session.execute(stmt)})  # noqa: C416
        return found

    def _stored_quarantine(self, fps: list[str]) -> dict[str, QuarantinedRow]:
        found: dict[str, QuarantinedRow] = {}
        unique = sorted(set(fps))
        for i in range(0, len(unique), 900):
            stmt = select(QuarantinedRow).where(
                QuarantinedRow.kind == KIND, QuarantinedRow.fingerprint.in_(unique[i : i + 900])
            )
            found.update({q.fingerprint: q for q in self.session.scalars(stmt)})
        return found

    # ---- one row ------------------------------------------------------------------------

    def _safely(
        self, number: int, fp: str, row: dict[str, str], read: GuestRead, forced: Known | None
    ) -> RowResult:
        try:
            with self.session.begin_nested():
                result = self._row(number, fp, row, read, forced)
                self._write()
            return result
        except IntegrityError as exc:
            self.after.clear()
            self.inserts.clear()
            self.events.clear()
            self.new.clear()
            self.done.pop(fp, None)
            # The savepoint took back what the row did: look the guests up afresh.
            self.index = GuestIndex(self.index.threshold)
            self.index.load(self.session, self.records)
            self.quarantined.pop(fp, None)
            self.quarantined.update(self._stored_quarantine([fp]))
            reason = {
                "field": "_row",
                "value": "",
                "error": "conflicts with a stored record: " + str(exc.orig).splitlines()[0][:200],
            }
            result = self._quarantine(
                number, fp, row, GuestRead(None, reasons=[reason], warnings=read.warnings)
            )
            self._write()
            return result

    def _row(
        self, number: int, fp: str, row: dict[str, str], read: GuestRead, forced: Known | None
    ) -> RowResult:
        rec = read.record
        if rec is None:
            return self._quarantine(number, fp, row, read)
        self.ctx.warnings = warnings = list(read.warnings)
        mine = Known.of_record(rec)
        decision = Decision(forced, "quarantine correction") if forced else self.index.decide(mine)
        if decision.target is not None:
            result, guest = self._merge(number, decision.target, decision.matched_on, read)
        else:
            result, guest = self._create(number, mine, rec)
        result.warnings = warnings
        if decision.resembles is not None:
            self._flag_duplicate(result, guest, decision)
        if read.field_reasons:
            self._keep_fields(number, fp, row, read, result, guest)
        self.done[fp] = result
        self.after.append(lambda: self._fingerprint(fp, result))
        return result

    def _create(self, number: int, mine: Known, rec: GuestRecord) -> tuple[RowResult, Any]:
        guest = NewGuest(new_guest_values(self.ctx, rec))
        self.new.append(guest)
        mine.obj = guest
        self.index.add(mine)
        result = RowResult(row=number, outcome="accepted")

        def done() -> None:
            result.record_id = mine.id = guest.id
            self.events.append(
                GuestCreated(guest_id=guest.id, source="ingest", language=guest.language)
            )

        self.after.append(done)
        return result, guest

    def _merge(
        self, number: int, target: Known, matched_on: str | None, read: GuestRead
    ) -> tuple[RowResult, Any]:
        guest = target.obj or self.session.get(Guest, target.id)
        assert guest is not None and read.record is not None
        target.obj = guest
        filled = merge_guest(self.ctx, guest, read.record, read.given)
        self.index.filled(target, guest)
        result = RowResult(
            row=number, outcome="merged", matched_on=matched_on, fields_filled=filled
        )

        def done() -> None:
            result.record_id = guest.id
            if isinstance(guest, NewGuest):
                if filled:
                    self.events.append(
                        GuestUpdated(guest_id=guest.id, fields=tuple(sorted(filled)))
                    )
            else:
                self.events.extend(updated_events(guest, filled))
            self._insert(
                RecordMerge,
                kind=KIND,
                record_id=guest.id,
                run_id=self.run_id,
                row_number=number,
                matched_on=matched_on or "",
                fields_filled=filled,
            )

        self.after.append(done)
        return result, guest

    def _flag_duplicate(self, result: RowResult, guest: Any, decision: Decision) -> None:
        other = decision.resembles
        assert other is not None
        on = f"{decision.resembles_on}; differs: {', '.join(decision.disagree_on) or 'ambiguous'}"

        def done() -> None:
            result.possible_duplicate_of = other.guest_id()
            self._insert(
                GuestFlag,
                guest_id=guest.id,
                flag="possible_duplicate",
                other_guest_id=other.guest_id(),
                matched_on=on[:40],
                run_id=self.run_id,
            )

        self.after.append(done)

    def _keep_fields(
        self,
        number: int,
        fp: str,
        row: dict[str, str],
        read: GuestRead,
        result: RowResult,
        guest: Any,
    ) -> None:
        """The unreadable fields wait in quarantine, naming the guest that was kept."""
        entry = self._entry(number, fp, row, read.field_reasons)
        result.reasons = read.field_reasons
        result.review_fields = list(dict.fromkeys(r["field"] for r in read.field_reasons))

        def done() -> None:
            entry.record_id = guest.id
            result.quarantine_id = entry.id
            for name in result.review_fields:
                self._insert(
                    GuestFlag,
                    guest_id=guest.id,
                    flag="review",
                    field=name,
                    quarantine_id=entry.id,
                    run_id=self.run_id,
                )

        self.after.append(done)

    def _fingerprint(self, fp: str, result: RowResult) -> None:
        self._insert(
            IngestedRow, kind=KIND, fingerprint=fp, record_id=result.record_id, run_id=self.run_id
        )

    def _quarantine(self, number: int, fp: str, row: dict[str, str], read: GuestRead) -> RowResult:
        entry = self._entry(number, fp, row, read.reasons)
        result = RowResult(
            row=number, outcome="quarantined", reasons=read.reasons, warnings=read.warnings
        )
        self.after.append(lambda: setattr(result, "quarantine_id", entry.id))
        return result

    def _entry(
        self, number: int, fp: str, row: dict[str, str], reasons: list[dict[str, str]]
    ) -> QuarantinedRow:
        """The row's quarantine entry: kept once, whatever brings the row back."""
        entry = self.quarantined.get(fp)
        if entry is None:
            entry = QuarantinedRow(
                run_id=self.run_id,
                kind=KIND,
                row_number=number,
                fingerprint=fp,
                raw=row,
                reasons=reasons,
            )
            self.session.add(entry)
            self.quarantined[fp] = entry
        elif entry.status == "open":
            entry.reasons = reasons
        return entry

    # ---- writing ------------------------------------------------------------------------

    def _insert(self, model: type[Any], **values: Any) -> None:
        self.inserts.setdefault(model, []).append(values)

    def _insert_guests(self) -> list[int]:
        """Insert the batch's new guests in one statement; their ids, in order."""
        rows = [g.values for g in self.new]
        if self.session.get_bind().dialect.name != "sqlite":
            stmt = insert(Guest).returning(Guest.id, sort_by_parameter_order=True)
            return list(self.session.scalars(stmt, rows))
        # SQLite's RETURNING for many rows in order costs a statement per row. This
        # transaction holds the store's one write lock and the table is AUTOINCREMENT, so
        # the rows just inserted took the consecutive ids ending at the last one.
        now = utcnow()
        # Core, not the ORM's bulk insert, which sends SQLite one statement per row.
        self.session.execute(
            insert(cast(Table, Guest.__table__)),
            [r | {"created_at": now, "updated_at": now} for r in rows],
        )
        last = int(self.session.scalar(text("SELECT last_insert_rowid()")) or 0)
        first = last - len(rows) + 1
        between = select(func.count()).where(Guest.id.between(first, last))
        if self.session.scalar(between) != len(rows):
            raise RuntimeError("the new guests did not take consecutive ids")
        return list(range(first, last + 1))

    def _write(self) -> None:
        """Insert (ids), finish the rows that needed them, then write their rows in bulk."""
        if self.new:
            for guest, gid in zip(self.new, self._insert_guests(), strict=True):
                guest.id = gid
            self.new.clear()
        self.session.flush()
        for step in self.after:
            step()
        self.after.clear()
        for model, rows in self.inserts.items():
            self.session.execute(insert(model), rows)
        self.inserts.clear()
        stage(self.session, self.events)
        self.events = []
        self.session.flush()
