"""ingest jobs: uploads run off the request, their status and progress stored (issue #12)

An upload answers 202 at once and is ingested in a worker thread; any server process reads
the job from here. Created AUTOINCREMENT on SQLite, like every table since 0007: a job id is
never handed out twice.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-16 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sazon.store.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sazon.store.types.UTCDateTime(timezone=True)
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("counts", sazon.store.types.JsonType, nullable=True),
        sa.Column("summary", sazon.store.types.JsonType, nullable=True),
        sa.Column("problem", sazon.store.types.JsonType, nullable=True),
        sa.Column("worker", sa.String(length=120), nullable=False),
        sa.Column("key_id", sa.Integer(), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("started_at", utc, nullable=True),
        sa.Column("finished_at", utc, nullable=True),
        sa.Column("updated_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_jobs")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_jobs_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_jobs_status"))
    op.drop_table("ingest_jobs")
