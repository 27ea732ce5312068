"""The Kafka engine's state: what each partition has read, and one detector merged from all.

Three tables in a database of their own (a SQLite file by default; PostgreSQL when consumers
run on several machines), created on first use like a stream processor's local state:

- ``trend_stream_cursors``: per group, topic and partition, the next offset to count and the
  newest bucket seen there. A batch's texts and its cursor are saved in one transaction, and
  the consumer commits its Kafka offsets only after that: a message below the cursor was
  already counted, so a redelivery after a crash (kill -9 between the save and the commit)
  is skipped, and a message never saved is read again. Nothing lost, nothing counted twice.
- ``trend_stream_texts``: each text's bucket, time and terms (tokenised by the consumer
  that read it, which is the costly part and so scales with the consumers), waiting to be
  folded into the detector.
- ``trend_stream_detectors``: the merged :class:`TrendDetector` of the group, as JSON, but
  for its two big parts, saved by parts so that a merge writes what it changed and not the
  whole detector (that rewrite was most of the engine's time): ``trend_stream_columns``
  holds one column of the counts per ring bucket (a merge rewrites the columns it touched),
  and ``trend_stream_recent`` the texts kept to show, as a log (a merge appends the texts it
  folded as one chunk and deletes the chunks that aged out).

Merging is exact: a bucket is folded only when every partition has seen a newer one, and
its texts go into the detector in (time, id) order, as ``learn_many`` puts them. On a
stream published in time order that is the detector's own input in the embedded engine, so
both engines report the same trends and alerts. What can differ: a text that arrives later
than texts of a newer bucket on its own partition (out of order) is counted where it lands,
as the embedded detector counts a late line of a file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from sazon.bus import log_columns
from sazon.trends.detector import Scorer, TrendDetector
from sazon.trends.model import Alert, MarketItem, Settings
from sazon.trends.report import TrendReport

META = MetaData()
# Where a group has read each partition, as the bus keeps a consumer group's offsets.
CURSORS = Table(
    "trend_stream_cursors",
    META,
    *log_columns("group_name"),
    Column("next_offset", BigInteger, nullable=False),
    Column("newest_bucket", Integer),
    Column("counted", BigInteger, nullable=False),
    Column("rejected", BigInteger, nullable=False),
    Column("owner", String(200)),
    PrimaryKeyConstraint("group_name", "topic", "partition"),
)
TEXTS = Table(
    "trend_stream_texts",
    META,
    *log_columns("group_name", offset=True),
    Column("bucket", Integer, nullable=False, index=True),
    Column("payload", Text, nullable=False),  # JSON: at (µs UTC), id, text, product, rating, terms
    PrimaryKeyConstraint("group_name", "topic", "partition", "offset"),
)
DETECTORS = Table(
    "trend_stream_detectors",
    META,
    *log_columns("group_name", partition=False),
    Column("partitions", Integer, nullable=False),
    Column("state", Text, nullable=False),
    Column("published", Integer, nullable=False),  # alerts already sent to trends.alerts
    Column("version", Integer, nullable=False),  # bumped by every merge that folded texts
    PrimaryKeyConstraint("group_name", "topic"),
)
COLUMNS = Table(
    "trend_stream_columns",
    META,
    *log_columns("group_name", partition=False),
    Column("col", Integer, nullable=False),
    Column("cells", LargeBinary, nullable=False),  # TrendDetector.column
    PrimaryKeyConstraint("group_name", "topic", "col"),
)
RECENT = Table(
    "trend_stream_recent",
    META,
    *log_columns("group_name", partition=False),
    Column("idx", BigInteger, nullable=False),  # place in the log of its first text
    Column("n", Integer, nullable=False),
    Column("payload", Text, nullable=False),  # JSON: a list of TrendDetector.recent_row
    PrimaryKeyConstraint("group_name", "topic", "idx"),
)


@dataclass(frozen=True)
class Counted:
    """One text as the consumer prepared it: its bucket and terms, ready to fold."""

    offset: int
    bucket: int
    item: MarketItem
    terms: tuple[str, ...]

    def payload(self) -> str:
        at = int(self.item.created_at.timestamp() * 1_000_000)
        i = self.item
        return json.dumps([at, i.id, i.text, i.product, i.rating, list(self.terms)])


def _unpack(payload: str) -> tuple[MarketItem, list[str]]:
    at, ident, text, product, rating, terms = json.loads(payload)
    when = datetime.fromtimestamp(at / 1_000_000, UTC)
    return MarketItem(ident, when, text, product=product, rating=rating), terms


class StreamState:
    """The state of one consumer group on one topic."""

    def __init__(self, engine: Engine, group: str, topic: str) -> None:
        self.engine = engine
        self.group = group
        self.topic = topic
        self._key = (DETECTORS.c.group_name == group) & (DETECTORS.c.topic == topic)
        # The merged detector as this process last saved it: while no other consumer merged
        # since (same version), it is not read back. With it, how far its kept texts were saved.
        self._cached: tuple[int, TrendDetector, int] | None = None
        # The texts this process saved and has not folded yet, by (partition, offset): a fold
        # takes them from here instead of decoding their saved JSON again.
        self._mine: dict[tuple[int, int], Counted] = {}

    def create(self, partitions: int, settings: Settings | None = None) -> None:
        """The tables and this group's detector, unless they exist (any process may race)."""
        try:
            META.create_all(self.engine)
        except DBAPIError:  # another consumer created them between the check and the CREATE
            META.create_all(self.engine)
        state = json.dumps(TrendDetector(settings).state())
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(DETECTORS).values(
                        group_name=self.group, topic=self.topic, partitions=partitions,
                        state=state, published=0, version=0,
                    )
                )  # fmt: skip
        except IntegrityError:
            with self.engine.begin() as conn:
                conn.execute(update(DETECTORS).where(self._key).values(partitions=partitions))

    # ---- a partition's batch --------------------------------------------------------------

    def save(
        self, partition: int, texts: Sequence[Counted], last_offset: int, rejected: int,
        owner: str,
    ) -> bool:  # fmt: skip
        """Save a batch read from ``partition`` up to ``last_offset``; texts below the cursor
        were saved before (a redelivery) and are skipped. True when the partition's newest
        bucket moved on (so a merge may have work)."""
        key = (
            (CURSORS.c.group_name == self.group)
            & (CURSORS.c.topic == self.topic)
            & (CURSORS.c.partition == partition)
        )
        with self.engine.begin() as conn:
            # A write first: it takes the lock (SQLite) or the row (PostgreSQL) for the batch.
            found = conn.execute(update(CURSORS).where(key).values(owner=owner)).rowcount
            if not found:
                conn.execute(
                    insert(CURSORS).values(
                        group_name=self.group, topic=self.topic, partition=partition,
                        next_offset=0, newest_bucket=None, counted=0, rejected=0, owner=owner,
                    )
                )  # fmt: skip
            cursor = conn.execute(
                select(CURSORS.c.next_offset, CURSORS.c.newest_bucket, CURSORS.c.counted,
                       CURSORS.c.rejected).where(key)
            ).one()  # fmt: skip
            if last_offset < cursor.next_offset:
                return False  # the whole batch was saved before the crash
            new = [t for t in texts if t.offset >= cursor.next_offset]
            if new:
                self._mine.update(((partition, t.offset), t) for t in new)
                conn.execute(
                    insert(TEXTS),
                    [
                        {"group_name": self.group, "topic": self.topic, "partition": partition,
                         "offset": t.offset, "bucket": t.bucket, "payload": t.payload()}
                        for t in new
                    ],
                )  # fmt: skip
            newest = max([t.bucket for t in new], default=None)
            before = cursor.newest_bucket
            if newest is not None and before is not None:
                newest = max(newest, before)
            conn.execute(
                update(CURSORS).where(key).values(
                    next_offset=last_offset + 1,
                    newest_bucket=newest if newest is not None else before,
                    counted=cursor.counted + len(new),
                    rejected=cursor.rejected + rejected,
                )
            )  # fmt: skip
            return newest is not None and newest != before

    # ---- merging --------------------------------------------------------------------------

    def merge(self, scorer: Scorer | None = None) -> list[Alert]:
        """Fold every bucket all partitions have moved past into the merged detector; the
        alerts it raised that were not yet sent come back (send them, then :meth:`sent`)."""
        with self.engine.begin() as conn:
            conn.execute(update(DETECTORS).where(self._key).values(published=DETECTORS.c.published))
            row = conn.execute(
                select(DETECTORS.c.partitions, DETECTORS.c.published, DETECTORS.c.version).where(
                    self._key
                )
            ).one()
            newest = conn.execute(
                select(CURSORS.c.newest_bucket).where(
                    (CURSORS.c.group_name == self.group) & (CURSORS.c.topic == self.topic)
                )
            ).scalars().all()  # fmt: skip
            known = [b for b in newest if b is not None]
            if len(known) < row.partitions:
                return []  # a partition has not read a text yet: its buckets are unknown
            if self._cached is not None and self._cached[0] == row.version:
                _, det, saved_upto = self._cached
            else:
                det, saved_upto = self._load(conn, scorer)
            self._cached = None  # until this transaction commits
            version = row.version
            if self._fold(conn, det, below=min(known)):
                version += 1
                saved_upto = self._save_parts(conn, det, saved_upto)
                # Values as parameters, not in the statement: SQLAlchemy would key its
                # statement cache on the whole JSON, and compile it again each time.
                conn.execute(
                    update(DETECTORS)
                    .where(self._key)
                    .values(state=bindparam("head"), version=bindparam("v")),
                    {"head": json.dumps(det.state(whole=False)), "v": version},
                )
        self._cached = (version, det, saved_upto)
        return det.alerts[row.published :]

    def _load(self, conn: Connection, scorer: Scorer | None) -> tuple[TrendDetector, int]:
        """The saved detector, and the log index up to which its kept texts are saved."""
        head = json.loads(conn.execute(select(DETECTORS.c.state).where(self._key)).scalar_one())
        det = TrendDetector.from_state(head, scorer)
        if "counts" in head:  # saved whole (a new group): every part is still to save
            det.dirty = set(range(det.settings.ring))
            return det, det.recent_dropped
        mine = (COLUMNS.c.group_name == self.group) & (COLUMNS.c.topic == self.topic)
        for col, cells in conn.execute(select(COLUMNS.c.col, COLUMNS.c.cells).where(mine)):
            det.set_column(col, cells)
        kept = (RECENT.c.group_name == self.group) & (RECENT.c.topic == self.topic)
        query = select(RECENT.c.idx, RECENT.c.payload).where(kept).order_by(RECENT.c.idx)
        for idx, payload in conn.execute(query):
            for r in json.loads(payload)[max(det.recent_dropped - idx, 0) :]:
                det.recent.append((r[0], r[1], r[2], r[3], r[4], frozenset(r[5])))
        return det, det.recent_dropped + len(det.recent)

    def _save_parts(self, conn: Connection, det: TrendDetector, saved_upto: int) -> int:
        """The columns the fold changed and the kept texts it added or aged out; the log
        index saved up to comes back."""
        cols = det.take_dirty()
        mine = (COLUMNS.c.group_name == self.group) & (COLUMNS.c.topic == self.topic)
        if cols:
            conn.execute(delete(COLUMNS).where(mine & COLUMNS.c.col.in_(cols)))
            conn.execute(
                insert(COLUMNS),
                [{"group_name": self.group, "topic": self.topic, "col": c,
                  "cells": det.column(c)} for c in cols],
            )  # fmt: skip
        kept = (RECENT.c.group_name == self.group) & (RECENT.c.topic == self.topic)
        dropped = det.recent_dropped
        conn.execute(delete(RECENT).where(kept & (RECENT.c.idx + RECENT.c.n <= dropped)))
        start = max(saved_upto, dropped)
        new = [det.recent_row(r) for r in islice(det.recent, start - dropped, None)]
        if new:  # one row for the texts this merge kept: a chunk of the log
            conn.execute(
                insert(RECENT),
                {"group_name": self.group, "topic": self.topic, "idx": start, "n": len(new),
                 "payload": json.dumps(new)},
            )  # fmt: skip
        return dropped + len(det.recent)

    def sent(self, n: int) -> None:
        """``n`` more alerts were delivered (an alert id is stable, so a resend is harmless)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(DETECTORS).where(self._key).values(published=DETECTORS.c.published + n)
            )

    def _fold(self, conn: Connection, det: TrendDetector, below: int | None) -> int:
        mine = (TEXTS.c.group_name == self.group) & (TEXTS.c.topic == self.topic)
        if below is not None:
            mine &= TEXTS.c.bucket < below
        rows = conn.execute(select(TEXTS.c.partition, TEXTS.c.offset).where(mine)).all()
        texts: list[tuple[MarketItem, Sequence[str]]] = []
        if all((r.partition, r.offset) in self._mine for r in rows):
            for r in rows:
                c = self._mine[r.partition, r.offset]
                texts.append((c.item, c.terms))
        else:  # some were saved by another consumer: read them all back
            query = select(TEXTS.c.payload).where(mine)
            texts = [_unpack(payload) for payload in conn.execute(query).scalars()]
        texts.sort(key=lambda t: (t[0].created_at, t[0].id))  # learn_many's order
        for item, terms in texts:
            det.learn_terms(det.bucket_of(item), terms, item)
        if below is not None:  # folded (by this process or another): no longer waiting
            self._mine = {k: c for k, c in self._mine.items() if c.bucket >= below}
        if below is not None and rows:
            # Up to the last offset folded of each partition, not by bucket alone: a late text
            # saved meanwhile (PostgreSQL) has a newer offset, and stays to fold.
            last: dict[int, int] = {}
            for r in rows:
                last[r.partition] = max(last.get(r.partition, -1), r.offset)
            for partition, offset in sorted(last.items()):
                conn.execute(
                    delete(TEXTS).where(
                        (TEXTS.c.group_name == self.group)
                        & (TEXTS.c.topic == self.topic)
                        & (TEXTS.c.partition == partition)
                        & (TEXTS.c.offset <= offset)
                        & (TEXTS.c.bucket < below)
                    )
                )
        return len(rows)

    # ---- reading --------------------------------------------------------------------------

    def report(self, scorer: Scorer | None = None, top: int = 20) -> TrendReport:
        """The group's report now: the merged detector plus every text not yet folded, with
        the open bucket closed (as a file replay ends). Nothing is written."""
        with self.engine.connect() as conn:
            found = conn.execute(select(DETECTORS.c.group_name).where(self._key)).one_or_none()
            if found is None:
                return TrendDetector().report()
            det, _ = self._load(conn, scorer)
            self._fold(conn, det, below=None)
        det.finish()
        return det.report(top=top)

    def progress(self) -> dict[str, Any]:
        """Per partition: next offset, texts counted and rejected, and the consumer owning it."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(CURSORS).where(
                    (CURSORS.c.group_name == self.group) & (CURSORS.c.topic == self.topic)
                ).order_by(CURSORS.c.partition)
            ).all()  # fmt: skip
        return {
            "partitions": {
                r.partition: {"next_offset": r.next_offset, "counted": r.counted,
                              "rejected": r.rejected, "owner": r.owner}
                for r in rows
            },
            "counted": sum(r.counted for r in rows),
            "rejected": sum(r.rejected for r in rows),
        }  # fmt: skip
