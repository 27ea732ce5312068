"""Past ingest runs, newest first, as the faces show them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.store.models import IngestRun
from sazon.store.queries import row_or_missing


def recent_runs(session: Session, limit: int = 20) -> list[IngestRun]:
    return list(session.scalars(select(IngestRun).order_by(IngestRun.id.desc()).limit(limit)))


def get_run(session: Session, run_id: int) -> IngestRun:
    return row_or_missing(session, IngestRun, run_id, f"no ingest run {run_id}")


def run_summary(r: IngestRun) -> dict[str, Any]:
    """A run's counts (:func:`run_detail` adds its quality report)."""
    return {
        "id": r.id,
        "kind": r.kind,
        "file": r.filename,
        "started_at": r.started_at.isoformat(),
        "rows": r.rows,
        "accepted": r.accepted,
        "merged": r.merged,
        "quarantined": r.quarantined,
    }


def run_detail(r: IngestRun) -> dict[str, Any]:
    """A run's counts and its quality report."""
    return {**run_summary(r), "report": r.report}
