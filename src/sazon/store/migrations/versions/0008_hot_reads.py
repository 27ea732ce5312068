"""hot reads: one audit entry per request with the guests it showed; stored plan checks

The audit log wrote a whole row per guest shown (20 per page of guests, one per guest of a
plan). An entry now lists the ids it showed (``guest_ids``) and ``audit_log_guests`` indexes
them, two integers per guest, so a guest's export still finds every read of them quickly on
SQLite and PostgreSQL. Existing entries are indexed by their ``guest_id``.

``event_plan_checks`` keeps the result of checking a plan against the guests, menu and
knowledge of one moment, keyed by a digest of those inputs.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-16 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sazon.store.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json = sazon.store.types.JsonType
    utc = sazon.store.types.UTCDateTime(timezone=True)
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_ids", json, nullable=True))
    op.create_table(
        "audit_log_guests",
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_log.id"], name=op.f("fk_audit_log_guests_audit_id_audit_log")
        ),
        sa.PrimaryKeyConstraint("guest_id", "audit_id", name=op.f("pk_audit_log_guests")),
    )
    with op.batch_alter_table("audit_log_guests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_guests_audit_id"), ["audit_id"])
    op.execute(
        "INSERT INTO audit_log_guests (guest_id, audit_id) "
        "SELECT guest_id, id FROM audit_log WHERE guest_id IS NOT NULL"
    )
    op.create_table(
        "event_plan_checks",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.String(length=64), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("notes", json, nullable=False),
        sa.Column("checked_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["event_plans.id"], name=op.f("fk_event_plan_checks_plan_id_event_plans")
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_event_plan_checks")),
    )


def downgrade() -> None:
    op.drop_table("event_plan_checks")
    # The old log had a row per guest shown: entries that showed several get them back.
    cols = "at, actor_key_id, actor, action, detail, request_id"
    op.execute(
        f"INSERT INTO audit_log ({cols}, guest_id) SELECT "
        f"{', '.join('a.' + c.strip() for c in cols.split(','))}, g.guest_id "
        "FROM audit_log a JOIN audit_log_guests g ON g.audit_id = a.id WHERE a.guest_id IS NULL"
    )
    op.execute(
        "DELETE FROM audit_log_guests WHERE audit_id IN "
        "(SELECT id FROM audit_log WHERE guest_id IS NULL AND guest_ids IS NOT NULL)"
    )
    op.execute("DELETE FROM audit_log WHERE guest_id IS NULL AND guest_ids IS NOT NULL")
    with op.batch_alter_table("audit_log_guests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_guests_audit_id"))
    op.drop_table("audit_log_guests")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("guest_ids")
