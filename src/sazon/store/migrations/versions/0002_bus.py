"""event bus: the embedded log, consumer offsets, processed event ids and the outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:20:40.399073
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sazon.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "bus_partitions",
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("next_offset", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sazon.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("topic", "partition", name=op.f("pk_bus_partitions")),
    )
    op.create_table(
        "bus_messages",
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=120), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("headers", _json(), nullable=False),
        sa.Column("created_at", sazon.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("topic", "partition", "offset", name=op.f("pk_bus_messages")),
    )
    op.create_table(
        "bus_offsets",
        sa.Column("consumer_group", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=False),
        sa.Column("committed_offset", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sazon.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "consumer_group", "topic", "partition", name=op.f("pk_bus_offsets")
        ),
    )
    op.create_table(
        "bus_processed",
        sa.Column("consumer_group", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("processed_at", sazon.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer_group", "event_id", name=op.f("pk_bus_processed")),
    )
    with op.batch_alter_table("bus_processed", schema=None) as batch_op:
        batch_op.create_index("ix_bus_processed_processed_at", ["processed_at"], unique=False)
    op.create_table(
        "bus_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=120), nullable=False),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("headers", _json(), nullable=False),
        sa.Column("created_at", sazon.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bus_outbox")),
    )


def downgrade() -> None:
    op.drop_table("bus_outbox")
    with op.batch_alter_table("bus_processed", schema=None) as batch_op:
        batch_op.drop_index("ix_bus_processed_processed_at")
    op.drop_table("bus_processed")
    op.drop_table("bus_offsets")
    op.drop_table("bus_messages")
    op.drop_table("bus_partitions")
