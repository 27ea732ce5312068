"""knowledge additions: house ingredients, synonyms and preparations

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 09:00:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sazon.store.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    utc = sazon.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "knowledge_additions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("ingredient_id", sa.String(length=80), nullable=False),
        sa.Column("name_es", sa.String(length=160), nullable=False),
        sa.Column("name_en", sa.String(length=160), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("allergens", _json(), nullable=False),
        sa.Column("diet", _json(), nullable=False),
        sa.Column("flavour", _json(), nullable=False),
        sa.Column("aromas", _json(), nullable=False),
        sa.Column("components", _json(), nullable=False),
        sa.Column("added_by", sa.String(length=160), nullable=False),
        sa.Column("added_by_key_id", sa.Integer(), nullable=True),
        sa.Column("added_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_key_id"],
            ["api_keys.id"],
            name=op.f("fk_knowledge_additions_added_by_key_id_api_keys"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_additions")),
        sa.UniqueConstraint("name_key", name=op.f("uq_knowledge_additions_name_key")),
    )
    with op.batch_alter_table("knowledge_additions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_knowledge_additions_ingredient_id"), ["ingredient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("knowledge_additions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_additions_ingredient_id"))
    op.drop_table("knowledge_additions")
