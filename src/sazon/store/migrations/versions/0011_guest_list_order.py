"""hot reads: the guest list's order as an index (issue #14)

Every page of guests is ordered by last name, first name and id; without an index the store
sorted the whole table for each page of 20 (a temporary B-tree on SQLite). With it a page is
read in order and stops at its last row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_guests_name_order", "guests", ["last_name", "first_name", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_guests_name_order", table_name="guests")
