"""people search: guests' names, email and phone folded into one indexed text (issue #19)

"Huamán" and "huaman", "maria jose" and "María José", "926 259 305" and "+51926259305" are the
same search: ``search_text`` holds each guest's words without accents or case and the phone's
digits (``sazon.store.search_text``). Existing guests are filled in here; erased guests stay
empty, so no search finds them. The index is what a substring search scans on SQLite (the
text and the row id, not the wide rows).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sazon.store.search_text import guest_search_text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN / CREATE INDEX: no table rebuild, AUTOINCREMENT kept.
    op.add_column("guests", sa.Column("search_text", sa.Text(), nullable=True))
    _backfill(op.get_bind())
    op.create_index("ix_guests_search_text", "guests", ["search_text"], unique=False)


def _backfill(conn: sa.Connection) -> None:
    guests = sa.table(
        "guests",
        sa.column("id", sa.Integer()),
        sa.column("first_name", sa.String()),
        sa.column("last_name", sa.String()),
        sa.column("email", sa.String()),
        sa.column("phone", sa.String()),
        sa.column("erased_at", sa.String()),
        sa.column("search_text", sa.Text()),
    )
    read = sa.select(
        guests.c.id, guests.c.first_name, guests.c.last_name, guests.c.email, guests.c.phone,
        guests.c.erased_at.is_not(None),
    )  # fmt: skip
    write = (
        sa.update(guests)
        .where(guests.c.id == sa.bindparam("gid"))
        .values(search_text=sa.bindparam("text"))
    )
    last = 0
    while True:
        rows = conn.execute(read.where(guests.c.id > last).order_by(guests.c.id).limit(BATCH))
        batch = [
            {"gid": gid, "text": guest_search_text(first, lastname, email, phone, erased=erased)}
            for gid, first, lastname, email, phone, erased in rows
        ]
        if not batch:
            return
        conn.execute(write, batch)
        last = batch[-1]["gid"]


def downgrade() -> None:
    op.drop_index("ix_guests_search_text", table_name="guests")
    # SQLite drops a column in place (3.35+); a batch rebuild would lose AUTOINCREMENT.
    op.get_bind().exec_driver_sql("ALTER TABLE guests DROP COLUMN search_text")
