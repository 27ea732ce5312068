"""A roomier SQLite page cache while a file is stored, and the usual one afterwards.

Each batch inserts into the guests' six indexes, the fingerprints' key and the outbox, at
places spread over each index. With SQLite's default cache (2 MiB) a store of 200,000 guests
no longer fits: every batch read its index pages again from the file, and the pages it
changed were spilled to the write-ahead log before the commit, some more than once
(docs/ingest.md, «Batches and speed»). 128 MiB hold the indexes a batch touches for a few
hundred thousand guests. The cache belongs to one connection: it is set on the batch's
connection and set back when the file is done (a pooled connection that ran an earlier
batch of the file keeps it until its next ingest ends on it).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

# KiB, as SQLite's negative cache_size reads it.
INGEST_CACHE_KIB = 131072
_USUAL = "sazon.ingest.usual_cache_size"


def roomy_cache(session: Session) -> None:
    """Give the session's SQLite connection the ingest's page cache (elsewhere: nothing)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    info = conn.connection.info
    if _USUAL not in info:
        info[_USUAL] = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size=-{INGEST_CACHE_KIB}")


def usual_cache(session: Session) -> None:
    """Set the session's SQLite connection's page cache back to what it was."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return
    usual = conn.connection.info.pop(_USUAL, None)
    if usual is not None:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(usual)}")
