"""The declarative base every table shares: naming of constraints, money in soles, ids
never reused, and the created/updated times.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sazon.store.types import JsonType, UTCDateTime
from sazon.timeutil import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


Money = Numeric(10, 2)


# SQLite hands a deleted row's id (the largest) to the next row unless the table is
# AUTOINCREMENT; ids are kept outside their rows (audit log, merge history, ingest
# fingerprints, plans, API clients), so a reused id would show one person's history to the
# next. PostgreSQL's sequences never reuse. Every table with an ``id`` uses this (a test checks).
IDS_NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JsonType,
        list[Any]: JsonType,
        datetime: UTCDateTime,
    }


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
