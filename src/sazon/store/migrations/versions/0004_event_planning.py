"""event planning: plan snapshots, locked choices, RSVP links, dietary-needs history

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:05:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sazon.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    utc = sazon.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "event_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proven_optimal", sa.Boolean(), nullable=False),
        sa.Column("trigger", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("request", _json(), nullable=False),
        sa.Column("plan", _json(), nullable=False),
        sa.Column("diff", _json(), nullable=False),
        sa.Column("solve_seconds", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_plans_event_id_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_plans")),
        sa.UniqueConstraint("event_id", "version", name=op.f("uq_event_plans_event_id")),
    )
    with op.batch_alter_table("event_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_plans_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_locks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=40), nullable=False),
        sa.Column("dish_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["dish_id"], ["dishes.id"], name=op.f("fk_event_locks_dish_id_dishes")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_locks_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["guests.id"], name=op.f("fk_event_locks_guest_id_guests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_locks")),
    )
    with op.batch_alter_table("event_locks", schema=None) as batch_op:
        batch_op.create_index("ix_event_locks_event_course", ["event_id", "course"], unique=False)

    op.create_table(
        "rsvp_links",
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("expires_at", utc, nullable=False),
        sa.Column("opened_at", utc, nullable=True),
        sa.Column("answered_at", utc, nullable=True),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name=op.f("fk_rsvp_links_invitation_id_invitations"),
        ),
        sa.PrimaryKeyConstraint("invitation_id", name=op.f("pk_rsvp_links")),
    )

    op.create_table(
        "guest_needs_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("fields", _json(), nullable=False),
        sa.Column("before", _json(), nullable=False),
        sa.Column("after", _json(), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_guest_needs_changes_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"], ["guests.id"], name=op.f("fk_guest_needs_changes_guest_id_guests")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_needs_changes")),
    )
    with op.batch_alter_table("guest_needs_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guest_needs_changes_guest_id"), ["guest_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("guest_needs_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guest_needs_changes_guest_id"))
    op.drop_table("guest_needs_changes")
    op.drop_table("rsvp_links")
    with op.batch_alter_table("event_locks", schema=None) as batch_op:
        batch_op.drop_index("ix_event_locks_event_course")
    op.drop_table("event_locks")
    with op.batch_alter_table("event_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_plans_event_id"))
    op.drop_table("event_plans")
