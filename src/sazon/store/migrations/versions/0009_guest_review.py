"""guest review: flags a person must decide on, and quarantined fields of kept rows (issue #12)

A guest row with one unreadable field is now kept without that field; the field waits in
quarantine (``quarantine.record_id`` names the guest) and the guest carries a ``review``
flag. A row that shares a key with a guest but disagrees on another (twins, a shared home
phone) is kept apart with a ``possible_duplicate`` flag instead of being merged. Guests are
looked up by birth date on every ingest, so that column gets an index.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-16 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sazon.store.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Tables with an integer ``id`` this revision creates (AUTOINCREMENT, like 0007's).
TABLES = ("guest_flags",)


def upgrade() -> None:
    utc = sazon.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "guest_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("flag", sa.String(length=24), nullable=False),
        sa.Column("other_guest_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("matched_on", sa.String(length=40), nullable=True),
        sa.Column("quarantine_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("resolved_at", utc, nullable=True),
        sa.ForeignKeyConstraint(
            ["guest_id"],
            ["guests.id"],
            name=op.f("fk_guest_flags_guest_id_guests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_flags")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("guest_flags") as batch_op:
        batch_op.create_index(batch_op.f("ix_guest_flags_guest_id"), ["guest_id"], unique=False)
    # Plain ALTER TABLE ADD COLUMN / CREATE INDEX: no table rebuild, AUTOINCREMENT kept.
    op.add_column("quarantine", sa.Column("record_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_quarantine_record_id"), "quarantine", ["record_id"], unique=False)
    op.create_index(op.f("ix_guests_birth_date"), "guests", ["birth_date"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_guests_birth_date"), table_name="guests")
    op.drop_index(op.f("ix_quarantine_record_id"), table_name="quarantine")
    with op.batch_alter_table("quarantine", table_kwargs={"sqlite_autoincrement": True}) as b:
        b.drop_column("record_id")
    op.drop_table("guest_flags")
