"""``sazon_ingest_quarantine_open``: open quarantined rows per kind, read at scrape time.

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


def quarantine_source(factory: sessionmaker[Session]) -> Source:
    def read() -> Iterable[Metric]:
        stmt = (
            select(QuarantinedRow.kind, func.count())
            .where(QuarantinedRow.status == "open")
            .group_by(QuarantinedRow.kind)
        )
        with factory() as session:
            counts = {str(k): int(n) for k, n in session.execute(stmt)}
        # Every kind, 0 included: a panel or alert on a kind with nothing open still has data.
        samples = [({"kind": k}, counts.get(k, 0)) for k in sorted(set(KINDS) | set(counts))]
        yield gauge("sazon_ingest_quarantine_open", "Open quarantined rows, by kind.", samples)

    return read
