"""A roomier SQLite page cache, and rarer checkpoints, while a file is stored.

Each batch inserts into the guests' six indexes, the fingerprints' key and the outbox, at
places spread over each index. With SQLite's default cache (2 MiB) a store of 100,000 guests
no longer fits: every batch read its index pages again from the file, and the pages it
changed were spilled to the write-ahead log before the commit. 128 MiB hold the indexes a
batch touches for a few hundred thousand guests. And each commit of a batch dirties
thousands of index pages that the default checkpoint (every 1,000 WAL pages) then copies
into the file, batch after batch; checkpointing every 16,384 pages (64 MiB of WAL) copies a
page that several batches changed once (docs/ingest.md, «Batches and speed»). Both settings
belong to one connection: they are set on the batch's connection and set back when the file
is done (a pooled connection that ran an earlier batch of the file keeps them until its next
ingest ends on it; any other writer's commit still checkpoints at the usual size).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

# KiB, as SQLite's negative cache_size reads it.
INGEST_CACHE_KIB = 131072
# WAL pages between checkpoints while a file is stored (SQLite's default is 1,000).
INGEST_CHECKPOINT_PAGES = 16384
_USUAL = "sazon.ingest.usual_cache_size"


def roomy_cache(session: Session) -> None:
    """Give the session's SQLite connection the ingest's cache and checkpoints (elsewhere:
    nothing)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    info = conn.connection.info
    if _USUAL not in info:
        usual = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        info[_USUAL] = (usual, conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar())
        conn.exec_driver_sql(f"PRAGMA cache_size=-{INGEST_CACHE_KIB}")
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={INGEST_CHECKPOINT_PAGES}")


def usual_cache(session: Session) -> None:
    """Set the session's SQLite connection's cache and checkpoints back to what they were."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    usual = conn.connection.info.pop(_USUAL, None)
    if usual is not None:
        cache, checkpoint = usual
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={int(checkpoint)}")
