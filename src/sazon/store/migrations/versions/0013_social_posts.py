"""social calendar and publishing outbox: planned posts, what to send, every try (issue #17)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sazon.store.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sazon.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "social_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=True),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("planned_at", utc, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_url", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=True),
        sa.Column("predicted", sa.Float(), nullable=True),
        sa.Column("remote_id", sa.String(length=120), nullable=True),
        sa.Column("failure", sa.Text(), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_social_calendar_venue_id_venues")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_calendar")),
        sa.UniqueConstraint("external_id", name=op.f("uq_social_calendar_external_id")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_social_calendar_planned_at", "social_calendar", ["planned_at"])
    op.create_table(
        "social_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", utc, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["social_calendar.id"],
            name=op.f("fk_social_outbox_post_id_social_calendar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_social_outbox_idempotency_key")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_social_outbox_state_due", "social_outbox", ["state", "due_at"])
    op.create_table(
        "social_publish_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("publisher", sa.String(length=40), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("retryable", sa.Boolean(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["social_outbox.id"],
            name=op.f("fk_social_publish_attempts_outbox_id_social_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_social_publish_attempts")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_social_publish_attempts_outbox_id", "social_publish_attempts", ["outbox_id"]
    )


def downgrade() -> None:
    op.drop_table("social_publish_attempts")
    op.drop_table("social_outbox")
    op.drop_table("social_calendar")
