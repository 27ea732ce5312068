"""Store guest rows a batch at a time, never joining two people, never losing one.

A batch is read, its fingerprints and its guests' keys are looked up in one query each, and
its rows are decided in order (a row sees the guests the rows before it created or filled);
the batch's new guests, merges, fingerprints, flags and events are written together
(:mod:`sazon.ingest.guest_write`). With ``per_row`` each row gets its own savepoint instead:
the fallback when a batch fails, and the path of a single corrected row. How a row is read,
and why a row with one unreadable field is still kept: :mod:`sazon.ingest.guest_read`.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sazon.bulkinsert import rows_where_in
from sazon.bus import GuestUpdated
from sazon.ingest.announce import updated_events
from sazon.ingest.cells import CellMemo
from sazon.ingest.guest_handler import merge_guest, new_guest_values
from sazon.ingest.guest_match import Decision, GuestIndex, Known
from sazon.ingest.guest_read import GuestRead, read_guests
from sazon.ingest.guest_write import BatchWrites, NewGuest
from sazon.ingest.handler_base import Context
from sazon.ingest.parse import ColumnMap
from sazon.ingest.results import RowResult, fingerprint, unchanged
from sazon.ingest.schemas import GuestRecord
from sazon.knowledge import KnowledgeBase
from sazon.store import Guest, GuestFlag, IngestedRow, QuarantinedRow, RecordMerge

KIND = "guests"


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
        memo: CellMemo | None = None,
    ) -> None:
        self.session = session
        self.memo = memo
        self.run_id = run_id
        self.long_text = long_text
        self.per_row = per_row
        self.ctx = Context(session, kb, fuzzy_threshold)
        self.index = GuestIndex(fuzzy_threshold)
        # Work that needs the ids the next flush gives, and the rows it then writes.
        self.out = BatchWrites(session)
        self.quarantined: dict[str, QuarantinedRow] = {}
        self.done: dict[str, RowResult] = {}
        self.records: list[GuestRecord] = []

    def run(
        self, batch: list[tuple[int, dict[str, str]]], columns: ColumnMap, into: int | None = None
    ) -> list[RowResult]:
        """The outcome of each ``(row number, row)``; ``into`` forces the guest a corrected
        row of a kept guest merges into."""
        fps = [fingerprint(KIND, row) for _, row in batch]
        seen = self._seen(fps)
        self.quarantined = self._stored_quarantine(fps)
        fresh = {fp: row for fp, (_, row) in zip(fps, batch, strict=True) if fp not in seen}
        read = read_guests(list(fresh.values()), columns, self.long_text, self.memo)
        reads = dict(zip(fresh, read, strict=True))
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
        self.out.write()
        return results

    def _again(self, number: int, first: RowResult) -> RowResult:
        """A row repeated within the batch: the record its first copy became, once known."""
        again = unchanged(number, first.record_id)
        self.out.after.append(lambda: setattr(again, "record_id", first.record_id))
        return again

    # ---- look-ups, one query per batch -------------------------------------------------

    def _seen(self, fps: list[str]) -> dict[str, int]:
        table = cast(Table, IngestedRow.__table__)
        cols = ["fingerprint", "record_id"]
        found = rows_where_in(self.session, table, cols, "fingerprint", fps, kind=KIND)
        return {fp: rid for fp, rid in found}  # noqa: C416

    def _stored_quarantine(self, fps: list[str]) -> dict[str, QuarantinedRow]:
        table = cast(Table, QuarantinedRow.__table__)
        found_ids = rows_where_in(self.session, table, ["id"], "fingerprint", fps, kind=KIND)
        ids = [i for (i,) in found_ids]
        found: dict[str, QuarantinedRow] = {}
        for i in range(0, len(ids), 900):  # a fresh file has none: no query at all
            stmt = select(QuarantinedRow).where(QuarantinedRow.id.in_(ids[i : i + 900]))
            found.update({q.fingerprint: q for q in self.session.scalars(stmt)})
        return found

    # ---- one row ------------------------------------------------------------------------

    def _safely(
        self, number: int, fp: str, row: dict[str, str], read: GuestRead, forced: Known | None
    ) -> RowResult:
        try:
            with self.session.begin_nested():
                result = self._row(number, fp, row, read, forced)
                self.out.write()
            return result
        except IntegrityError as exc:
            self.out.clear()
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
            self.out.write()
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
        self.out.after.append(lambda: self._fingerprint(fp, result))
        return result

    def _create(self, number: int, mine: Known, rec: GuestRecord) -> tuple[RowResult, Any]:
        guest = NewGuest(new_guest_values(self.ctx, rec))
        self.out.new.append(guest)
        mine.obj = guest
        self.index.add(mine)
        result = RowResult(row=number, outcome="accepted")

        def done() -> None:
            result.record_id = mine.id = guest.id
            self.out.created.append(guest)

        self.out.after.append(done)
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
                    self.out.events.append(
                        GuestUpdated(guest_id=guest.id, fields=tuple(sorted(filled)))
                    )
            else:
                self.out.events.extend(updated_events(guest, filled))
            self.out.insert(
                RecordMerge,
                kind=KIND,
                record_id=guest.id,
                run_id=self.run_id,
                row_number=number,
                matched_on=matched_on or "",
                fields_filled=filled,
            )

        self.out.after.append(done)
        return result, guest

    def _flag_duplicate(self, result: RowResult, guest: Any, decision: Decision) -> None:
        other = decision.resembles
        assert other is not None
        on = f"{decision.resembles_on}; differs: {', '.join(decision.disagree_on) or 'ambiguous'}"

        def done() -> None:
            result.possible_duplicate_of = other.guest_id()
            self.out.insert(
                GuestFlag,
                guest_id=guest.id,
                flag="possible_duplicate",
                other_guest_id=other.guest_id(),
                matched_on=on[:40],
                run_id=self.run_id,
            )

        self.out.after.append(done)

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
                self.out.insert(
                    GuestFlag,
                    guest_id=guest.id,
                    flag="review",
                    field=name,
                    quarantine_id=entry.id,
                    run_id=self.run_id,
                )

        self.out.after.append(done)

    def _fingerprint(self, fp: str, result: RowResult) -> None:
        self.out.insert(
            IngestedRow, kind=KIND, fingerprint=fp, record_id=result.record_id, run_id=self.run_id
        )

    def _quarantine(self, number: int, fp: str, row: dict[str, str], read: GuestRead) -> RowResult:
        entry = self._entry(number, fp, row, read.reasons)
        result = RowResult(
            row=number, outcome="quarantined", reasons=read.reasons, warnings=read.warnings
        )
        self.out.after.append(lambda: setattr(result, "quarantine_id", entry.id))
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
