"""guest name key length: ingest's fuzzy name step reads only the names that can be close (#12)

Ingest compares a row's name with the guests born the same day. ``name_length`` is the length
of each guest's folded name key (``sazon.store.name_key``); with the birth date it forms one
index, so ingest asks for the lengths that can reach its threshold and nothing else. Existing
guests are filled in here; the index replaces the one on the birth date alone (its first
column serves the same look-ups).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 22:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sazon.store.name_key import guest_name_key

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN / CREATE INDEX: no table rebuild, AUTOINCREMENT kept.
    op.add_column("guests", sa.Column("name_length", sa.Integer(), nullable=True))
    _backfill(op.get_bind())
    op.drop_index("ix_guests_birth_date", table_name="guests")
    op.create_index(
        "ix_guests_birth_date_name_length", "guests", ["birth_date", "name_length"], unique=False
    )


def _backfill(conn: sa.Connection) -> None:
    guests = sa.table(
        "guests",
        sa.column("id", sa.Integer()),
        sa.column("first_name", sa.String()),
        sa.column("last_name", sa.String()),
        sa.column("name_length", sa.Integer()),
    )
    read = sa.select(guests.c.id, guests.c.first_name, guests.c.last_name)
    write = (
        sa.update(guests)
        .where(guests.c.id == sa.bindparam("gid"))
        .values(name_length=sa.bindparam("length"))
    )
    last = 0
    while True:
        rows = conn.execute(read.where(guests.c.id > last).order_by(guests.c.id).limit(BATCH))
        batch = [
            {"gid": gid, "length": len(guest_name_key(first, lastname))}
            for gid, first, lastname in rows
        ]
        if not batch:
            return
        conn.execute(write, batch)
        last = batch[-1]["gid"]


def downgrade() -> None:
    op.drop_index("ix_guests_birth_date_name_length", table_name="guests")
    op.create_index("ix_guests_birth_date", "guests", ["birth_date"], unique=False)
    # SQLite drops a column in place (3.35+); a batch rebuild would lose AUTOINCREMENT.
    op.get_bind().exec_driver_sql("ALTER TABLE guests DROP COLUMN name_length")
