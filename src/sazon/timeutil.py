"""Time rules: the store keeps UTC, people see America/Lima."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LIMA = ZoneInfo("America/Lima")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_utc(value: datetime, assume: ZoneInfo = LIMA) -> datetime:
    """A naive time is read as Lima time (how people write it), then converted to UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=assume)
    return value.astimezone(UTC)


def to_lima(value: datetime) -> datetime:
    """Show a stored time in Lima. Naive values from the store are UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LIMA)
