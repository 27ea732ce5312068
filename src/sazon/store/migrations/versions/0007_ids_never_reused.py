"""ids never reused: SQLite tables with an id become AUTOINCREMENT (issue #12)

SQLite gives a new row ``max(id) + 1``, so deleting the newest guest handed their id to the
next one, with the audit log, merge history and ingest fingerprints kept under it. An
AUTOINCREMENT table never hands an id out twice. PostgreSQL's SERIAL sequences already never
do: there this migration does nothing.

Each table is rebuilt (batch mode: create, copy, drop, rename), its data kept. The next id of
each table is then at least the largest id anything still refers to, so an id deleted before
this upgrade is not reused either when the audit log or the ingest history remembers it.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-15 09:00:00.000000
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Connection, text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Every table with an integer ``id`` at this revision (tests/integration/test_ids_never_reused
# checks that the models agree).
TABLES = (
    "venues",
    "guests",
    "dishes",
    "wines",
    "visits",
    "order_lines",
    "feedback",
    "events",
    "invitations",
    "social_posts",
    "market_texts",
    "ingest_runs",
    "quarantine",
    "record_merges",
    "api_keys",
    "audit_log",
    "event_plans",
    "event_locks",
    "guest_needs_changes",
    "knowledge_additions",
    "bus_outbox",
    "web_sessions",
)
# Ids kept outside their table: the ingest history names records by kind, the audit log guests.
KINDS = {
    "guests": "guests",
    "visits": "visits",
    "feedback": "feedback",
    "dishes": "dishes",
    "wines": "wines",
    "social_posts": "social-posts",
    "market_texts": "market-texts",
}


def _violations(conn: Connection) -> set[tuple[object, ...]]:
    return {tuple(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")}


def _rebuild(autoincrement: bool) -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # Dropping a table with foreign keys on would cascade to the rows referring to it.
        raise RuntimeError("rebuilding tables needs PRAGMA foreign_keys=OFF (see env.py)")
    before = _violations(conn)
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    after = _violations(conn)
    if after - before:
        raise RuntimeError(f"rebuilding the tables broke foreign keys: {sorted(after - before)}")


def _remembered_ids(conn: Connection) -> dict[str, int]:
    """The largest id each table has ever shown, as far as the store still remembers."""
    out: dict[str, int] = {}
    for table, kind in KINDS.items():
        sources = [
            f"SELECT max(id) FROM {table}",
            "SELECT max(record_id) FROM record_merges WHERE kind = :kind",
            "SELECT max(record_id) FROM ingested_rows WHERE kind = :kind",
            "SELECT max(resolved_record_id) FROM quarantine WHERE kind = :kind",
        ]
        if table == "guests":
            sources += [
                "SELECT max(guest_id) FROM audit_log",
                "SELECT max(guest_id) FROM guest_needs_changes",
            ]
        found = [conn.execute(text(q), {"kind": kind}).scalar() for q in sources]
        out[table] = max((int(n) for n in found if n is not None), default=0)
    return out


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return  # SERIAL: a sequence never hands a number out twice
    _rebuild(autoincrement=True)
    for table, seq in _remembered_ids(conn).items():
        if not seq:
            continue
        conn.execute(
            text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :name"),
            {"seq": seq, "name": table},
        )
        conn.execute(
            text(
                "INSERT INTO sqlite_sequence (name, seq) SELECT :name, :seq "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = :name)"
            ),
            {"seq": seq, "name": table},
        )


def downgrade() -> None:
    _rebuild(autoincrement=False)
