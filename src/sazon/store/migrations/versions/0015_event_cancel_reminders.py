"""events: when an event was cancelled, when each invitation was last reminded (issue #19)

A cancelled event keeps its record (status ``cancelled``) and says since when; a planner's
RSVP reminder is stored per invitation so the event page shows the last one per guest.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 22:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sazon.store.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sazon.store.types.UTCDateTime(timezone=True)
    # Plain ALTER TABLE ADD COLUMN on both stores: the tables (and SQLite's AUTOINCREMENT
    # on their ids) are not rebuilt.
    op.add_column("events", sa.Column("cancelled_at", utc, nullable=True))
    op.add_column("invitations", sa.Column("reminded_at", utc, nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place (3.35+); a batch rebuild would lose AUTOINCREMENT, and
    # with it the promise that ids are never reused (0007).
    bind = op.get_bind()
    bind.exec_driver_sql("ALTER TABLE invitations DROP COLUMN reminded_at")
    bind.exec_driver_sql("ALTER TABLE events DROP COLUMN cancelled_at")
