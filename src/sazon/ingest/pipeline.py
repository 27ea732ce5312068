"""Ingest a file: every row ends accepted, merged (into which record) or quarantined (why).

Counts always add up, and re-ingesting the same file changes nothing: each row's fingerprint
is remembered with the record it produced, and a quarantined row is kept once.

Rows are stored a batch at a time (``BATCH_ROWS``), one transaction each, so the store's
write lock is held briefly and the run's counts grow as it goes; guest rows are decided in
bulk (:mod:`sazon.ingest.guest_rows`). A batch that fails on a stored record is done again
row by row, each in a savepoint, so only the row at fault goes to quarantine.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import stage
from sazon.errors import InvalidInput
from sazon.ingest.announce import created_events, updated_events
from sazon.ingest.cells import CellMemo
from sazon.ingest.collector import collector_paused
from sazon.ingest.guest_rows import GuestRows
from sazon.ingest.handler_base import Context, RowProblem
from sazon.ingest.handlers import HANDLERS
from sazon.ingest.page_cache import roomy_cache, usual_cache
from sazon.ingest.parse import ColumnMap, check_kind, map_columns, parse_row
from sazon.ingest.readers import BadLine, ReadLimits, Table, read_table
from sazon.ingest.report import quality_report
from sazon.ingest.results import Outcome, RowResult, fingerprint, unchanged
from sazon.ingest.schemas import KINDS
from sazon.knowledge import KnowledgeBase
from sazon.monitoring import INGEST_DURATION, INGEST_ROWS
from sazon.store import (
    IngestedRow,
    IngestRun,
    QuarantinedRow,
    RecordMerge,
    transaction,
)

__all__ = ["Outcome", "RowResult", "fingerprint"]

# Rows per transaction: big enough to amortise the look-ups, small enough that SQLite's one
# write lock is held for about a second at most.
BATCH_ROWS = 1000


class IngestSummary(BaseModel):
    run_id: int
    kind: str
    file: str
    file_info: dict[str, str]
    rows: int
    accepted: int
    merged: int
    quarantined: int
    columns: dict[str, str]
    ignored_columns: list[str]
    # Sentences naming what could not be read (the columns nobody reads), for every face.
    column_warnings: list[str] = []
    # Sentences about the file itself (NUL bytes removed…), for every face.
    file_warnings: list[str] = []
    warnings: int
    created_ids: list[int]
    updated_ids: list[int]
    # Guests kept with a field left empty (the field waits in quarantine), and guests kept
    # apart from one they resemble: both flagged for a person to look at.
    to_review: int = 0
    possible_duplicates: int = 0
    details: list[RowResult]
    report: dict[str, Any] = {}


class RowProcessor:
    """Runs single rows through parse → match → merge/create, inside a savepoint each."""

    def __init__(
        self,
        session: Session,
        kb: KnowledgeBase,
        kind: str,
        run_id: int,
        long_text: int = 2000,
        fuzzy_threshold: int = 90,
    ) -> None:
        self.session = session
        self.kind = kind
        self.run_id = run_id
        self.long_text = long_text
        self.handler = HANDLERS[kind]
        self.ctx = Context(session, kb, fuzzy_threshold)

    def remember(self, fps: list[str]) -> None:
        """Load a batch's fingerprints in one query, so each row's look-up is in memory."""
        unique = sorted(set(fps))
        self._known = [
            seen
            for i in range(0, len(unique), 900)
            for seen in self.session.scalars(
                select(IngestedRow).where(
                    IngestedRow.kind == self.kind, IngestedRow.fingerprint.in_(unique[i : i + 900])
                )
            )
        ]

    def process(self, number: int, row: dict[str, str], columns: ColumnMap) -> RowResult:
        fp = fingerprint(self.kind, row)
        seen = self.session.get(IngestedRow, (self.kind, fp))
        if seen is not None:
            return unchanged(number, seen.record_id)
        parsed = parse_row(row, columns, self.kind, self.long_text)
        warnings = list(parsed.warnings)
        if parsed.record is None:
            return self._quarantine(number, fp, row, parsed.reasons, warnings)
        self.ctx.warnings = warnings
        try:
            with self.session.begin_nested():
                result = self._store(number, parsed.record, set(parsed.values), fp)
        except RowProblem as problem:
            return self._quarantine(number, fp, row, [problem.reason], warnings)
        except IntegrityError as exc:
            reason = {
                "field": "_row",
                "value": "",
                "error": "conflicts with a stored record: " + str(exc.orig).splitlines()[0][:200],
            }
            return self._quarantine(number, fp, row, [reason], warnings)
        result.warnings = warnings
        return result

    def _store(self, number: int, record: BaseModel, given: set[str], fp: str) -> RowResult:
        found = self.handler.find(self.ctx, record)
        if found is not None:
            target, matched_on = found
            filled = self.handler.merge(self.ctx, target, record, given)
            self.session.flush()
            stage(self.session, updated_events(target, filled))
            self.session.add(
                RecordMerge(
                    kind=self.kind,
                    record_id=target.id,
                    run_id=self.run_id,
                    row_number=number,
                    matched_on=matched_on,
                    fields_filled=filled,
                )
            )
            self.session.add(
                IngestedRow(kind=self.kind, fingerprint=fp, record_id=target.id, run_id=self.run_id)
            )
            self.session.flush()
            return RowResult(
                row=number,
                outcome="merged",
                record_id=target.id,
                matched_on=matched_on,
                fields_filled=filled,
            )
        created = self.handler.create(self.ctx, record)
        self.session.flush()
        stage(self.session, created_events(created))
        self.session.add(
            IngestedRow(kind=self.kind, fingerprint=fp, record_id=created.id, run_id=self.run_id)
        )
        self.session.flush()
        return RowResult(row=number, outcome="accepted", record_id=created.id)

    def _quarantine(
        self,
        number: int,
        fp: str,
        row: dict[str, str],
        reasons: list[dict[str, str]],
        warnings: list[dict[str, str]],
    ) -> RowResult:
        existing = self.session.scalars(
            select(QuarantinedRow).where(
                QuarantinedRow.kind == self.kind, QuarantinedRow.fingerprint == fp
            )
        ).first()
        if existing is None:
            existing = QuarantinedRow(
                run_id=self.run_id,
                kind=self.kind,
                row_number=number,
                fingerprint=fp,
                raw=row,
                reasons=reasons,
            )
            self.session.add(existing)
            self.session.flush()
        return RowResult(
            row=number,
            outcome="quarantined",
            quarantine_id=existing.id,
            reasons=reasons,
            warnings=warnings,
        )


def ingest_file(
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    kind: str,
    path: Path,
    *,
    input_format: str | None = None,
    long_text: int = 2000,
    fuzzy_threshold: int = 90,
    progress: Callable[[int, int], None] | None = None,
    on_batch: Callable[[int, int, dict[str, int]], None] | None = None,
    limits: ReadLimits | None = None,
) -> IngestSummary:
    """Ingest one file of ``kind``; see the module docstring for the guarantees.

    After each batch, ``progress`` hears the rows done and the rows in all, and
    ``on_batch`` hears them with the outcomes so far (accepted, merged, quarantined).
    """
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    started = time.perf_counter()
    table = read_table(path, input_format, limits)
    rows, info = table.rows, table.meta
    columns = checked_columns(table, kind, path.name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction(factory) as session:
        rows_in_file = len(rows) + len(table.bad)
        run = IngestRun(kind=kind, filename=path.name, file_sha256=digest, rows=rows_in_file)
        session.add(run)
        session.flush()
        run_id = run.id
    job = _Job(factory, kb, kind, run_id, columns, long_text, fuzzy_threshold)
    with collector_paused():
        results = job.store_all(rows, progress, on_batch)
        if table.bad:
            results += job.quarantine_bad(table.bad, len(rows) + 1)
    counts = {
        o: sum(r.outcome == o for r in results) for o in ("accepted", "merged", "quarantined")
    }
    report = quality_report(kind, rows, columns, results)
    report["file_warnings"] = table.warnings
    with transaction(factory) as session:
        usual_cache(session)
        stored = session.get(IngestRun, run_id)
        assert stored is not None
        stored.report = report
    INGEST_DURATION.labels(kind).observe(time.perf_counter() - started)
    for outcome, n in counts.items():
        INGEST_ROWS.labels(kind, outcome).inc(n)
    return IngestSummary(
        run_id=run_id,
        kind=kind,
        file=str(path),
        file_info=info,
        rows=len(results),
        accepted=counts["accepted"],
        merged=counts["merged"],
        quarantined=counts["quarantined"],
        columns=columns.fields,
        ignored_columns=columns.ignored,
        column_warnings=[w for w in (columns.warning(kind),) if w],
        file_warnings=table.warnings,
        warnings=sum(len(r.warnings) for r in results),
        created_ids=[r.record_id for r in results if r.outcome == "accepted" and r.record_id],
        updated_ids=sorted(
            {
                r.record_id
                for r in results
                if r.outcome == "merged" and r.fields_filled and r.record_id
            }
        ),
        to_review=sum(bool(r.review_fields) for r in results),
        possible_duplicates=sum(r.possible_duplicate_of is not None for r in results),
        details=results,
        report=report,
    )


@dataclass
class _Job:
    """What every batch of one file shares."""

    factory: sessionmaker[Session]
    kb: KnowledgeBase
    kind: str
    run_id: int
    columns: ColumnMap
    long_text: int
    fuzzy_threshold: int
    # The file's cells already read, shared by its batches.
    memo: CellMemo = field(default_factory=CellMemo)

    def store_all(
        self,
        rows: list[dict[str, str]],
        progress: Callable[[int, int], None] | None,
        on_batch: Callable[[int, int, dict[str, int]], None] | None,
    ) -> list[RowResult]:
        """Every row, a batch at a time, telling how far it got (see ingest_file)."""
        numbered = list(enumerate(rows, start=1))
        results: list[RowResult] = []
        counts = dict.fromkeys(("accepted", "merged", "quarantined"), 0)
        for start in range(0, len(numbered), BATCH_ROWS):
            batch = numbered[start : start + BATCH_ROWS]
            try:
                done = self.store(batch)
            except IntegrityError:
                # Another writer stored one of these records meanwhile: row by row, only
                # the rows that really conflict go to quarantine.
                done = self.store(batch, per_row=True)
            results.extend(done)
            for r in done:
                counts[r.outcome] += 1
            if progress:
                progress(len(results), len(rows))
            if on_batch:
                on_batch(len(results), len(rows), dict(counts))
        return results

    def store(
        self, batch: list[tuple[int, dict[str, str]]], per_row: bool = False
    ) -> list[RowResult]:
        """One batch in one transaction; the run's counts grow with it."""
        with transaction(self.factory) as session:
            roomy_cache(session)
            if self.kind == "guests":
                rows = GuestRows(
                    session,
                    self.kb,
                    self.run_id,
                    long_text=self.long_text,
                    fuzzy_threshold=self.fuzzy_threshold,
                    per_row=per_row,
                    memo=self.memo,
                )
                done = rows.run(batch, self.columns)
            else:
                proc = RowProcessor(
                    session, self.kb, self.kind, self.run_id, self.long_text, self.fuzzy_threshold
                )
                proc.remember([fingerprint(self.kind, row) for _, row in batch])
                done = [proc.process(number, row, self.columns) for number, row in batch]
            self._count(session, done)
            return done

    def quarantine_bad(self, bad: list[BadLine], first: int) -> list[RowResult]:
        """The lines the reader could not read as rows, in one transaction of their own."""
        with transaction(self.factory) as session:
            proc = RowProcessor(
                session, self.kb, self.kind, self.run_id, self.long_text, self.fuzzy_threshold
            )
            done = quarantine_bad_lines(proc, bad, first)
            self._count(session, done)
            return done

    def _count(self, session: Session, done: list[RowResult]) -> None:
        """The run's counts grow with each batch, so a job's progress can be read meanwhile."""
        run = session.get(IngestRun, self.run_id)
        assert run is not None
        run.accepted += sum(r.outcome == "accepted" for r in done)
        run.merged += sum(r.outcome == "merged" for r in done)
        run.quarantined += sum(r.outcome == "quarantined" for r in done)


def checked_columns(table: Table, kind: str, filename: str) -> ColumnMap:
    """The file's column map, or one sentence on why the file cannot be ingested as ``kind``.

    A file with a header and no row, a file whose columns fit another kind clearly better,
    or one with no known column at all is refused before anything is stored.
    """
    if not table.rows and not table.bad:
        raise InvalidInput(
            f"'{filename}' no tiene filas, solo encabezados: no hay nada que cargar / "
            f"'{filename}' has no rows, only a header: nothing to load"
        )
    check_kind(table.header, kind, filename)
    columns = map_columns(table.header, kind)
    if not columns.fields:
        raise InvalidInput(
            f"none of the columns of '{filename}' is known for {kind}: "
            f"found {', '.join(columns.ignored[:8])}; see `sazon ingest --help` for names"
        )
    return columns


def quarantine_bad_lines(proc: RowProcessor, bad: list[BadLine], first: int) -> list[RowResult]:
    """Each line the reader could not read as a row, quarantined on its own with its reason.

    The rows are numbered after the file's good rows (``first`` on); the reason names the
    line in the file. A bad line is kept once, like any quarantined row, so re-ingesting the
    file changes nothing.
    """
    results = []
    for number, line in enumerate(bad, first):
        raw = {**line.cells, "_line": line.text} if line.text else dict(line.cells)
        reason = {
            "field": "_row",
            "value": line.text[:200],
            "error": f"línea/line {line.line}: {line.reason}",
        }
        results.append(proc._quarantine(number, fingerprint(proc.kind, raw), raw, [reason], []))
    return results
