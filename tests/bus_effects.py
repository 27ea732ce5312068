"""What test handlers "do": one row per applied event, written in the handler's transaction.

Counting rows is counting effects, so "no effect doubled" is a row count. Shared by the bus
contract and fault tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, func, insert, select

from sazon.bus import DomainEvent, current_connection

effects_metadata = MetaData()
effects = Table(
    "bus_test_effects",
    effects_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("grp", String(200), nullable=False),
    Column("event_id", String(64), nullable=False),
)


def record_effect(group: str, pause: float = 0.0) -> Callable[[DomainEvent], None]:
    def handler(event: DomainEvent) -> None:
        current_connection().execute(insert(effects).values(grp=group, event_id=event.id))
        if pause:
            time.sleep(pause)  # a handler that does some work: gives a kill a window

    return handler


def effect_counts(engine: Engine) -> tuple[int, int]:
    """(effects, distinct events with an effect)."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(effects)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(effects.c.event_id)))).scalar_one()
    return int(total), int(distinct)
