"""The store-derived gauges the api serves at /metrics (read at scrape time, cached).

The api owns them because one api is always running: open quarantine, dead letters and
model quality. Consumer lag is the worker's (it knows its processors); see
``sazon.cli`` ``worker --metrics-port``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sazon.bus import Bus, dlq_source
from sazon.config import Settings
from sazon.ingest import quarantine_source
from sazon.ml import ModelRegistry, model_quality_source
from sazon.monitoring import SCRAPE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

SOURCES = ("ingest-quarantine", "bus-dlq", "ml-models")


def install(settings: Settings, factory: sessionmaker[Session], bus: Bus) -> None:
    SCRAPE.add("ingest-quarantine", quarantine_source(factory))
    SCRAPE.add("bus-dlq", dlq_source(bus))
    SCRAPE.add("ml-models", model_quality_source(ModelRegistry.from_settings(settings)))


def uninstall() -> None:
    for name in SOURCES:
        SCRAPE.remove(name)
