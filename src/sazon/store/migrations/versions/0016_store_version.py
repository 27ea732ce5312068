"""store: a data version, bumped by every commit that changes data (issue #14, hot reads)

One row. The API keeps whole responses of its hot reads and the keys it has checked for one
version of the store only; every writer that uses :func:`sazon.store.make_engine` bumps it in
the transaction that writes (``sazon.store.version``), so the next read after any write, in
any process, is fresh.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 01:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "store_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_version")),
        sqlite_autoincrement=True,
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("store_version")
