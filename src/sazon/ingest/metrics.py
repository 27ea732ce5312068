"""``sazon_ingest_quarantine_open``: open quarantined rows per kind, read at scrape time (and
by the home page).

One grouped count (an index on ``kind``), never the rows: they hold guests' data.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import Metric
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.ingest.schemas import KINDS
from sazon.monitoring import Source, gauge
from sazon.store import QuarantinedRow


def open_quarantine(session: Session) -> dict[str, int]:
    """How many quarantined rows wait for a person, per kind (kinds with none left out)."""
    stmt = (
        select(QuarantinedRow.kind, func.count())
        .where(QuarantinedRow.status == "open")
        .group_by(QuarantinedRow.kind)
    )
    return {str(k): int(n) for k, n in sorted(session.execute(stmt).all())}


def quarantine_source(factory: sessionmaker[Session]) -> Source:
    def read() -> Iterable[Metric]:
        with factory() as session:
            counts = open_quarantine(session)
        # Every kind, 0 included: a panel or alert on a kind with nothing open still has data.
        samples = [({"kind": k}, counts.get(k, 0)) for k in sorted(set(KINDS) | set(counts))]
        yield gauge("sazon_ingest_quarantine_open", "Open quarantined rows, by kind.", samples)

    return read
