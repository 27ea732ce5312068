"""feedback sentiment: the label, score and aspects of each feedback text

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:30:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sazon.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "feedback_sentiment",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("aspects", _json(), nullable=False),
        sa.Column("model_name", sa.String(length=64), nullable=False),
        sa.Column("model_version", sa.String(length=32), nullable=False),
        sa.Column("scored_at", sazon.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_feedback_sentiment_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_feedback_sentiment")),
    )
    with op.batch_alter_table("feedback_sentiment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_sentiment_label_scored_at", ["label", "scored_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("feedback_sentiment", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_sentiment_label_scored_at")
    op.drop_table("feedback_sentiment")
