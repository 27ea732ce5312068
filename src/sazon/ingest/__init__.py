"""Ingest and cleansing: read messy files, standardise, de-duplicate, quarantine what is bad."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.ingest.catalog import initialise_store, load_catalog
    from sazon.ingest.csvout import safe_cell, write_csv
    from sazon.ingest.pipeline import IngestSummary, RowResult, ingest_file, record_outcomes
    from sazon.ingest.quarantine import (
        QuarantineEntry,
        correct_quarantined,
        discard_quarantined,
        list_quarantine,
    )
    from sazon.ingest.readers import ReadLimits
    from sazon.ingest.report import render_html, write_report
    from sazon.ingest.schemas import KINDS

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "KINDS",
    "IngestSummary",
    "QuarantineEntry",
    "ReadLimits",
    "RowResult",
    "correct_quarantined",
    "discard_quarantined",
    "ingest_file",
    "initialise_store",
    "list_quarantine",
    "load_catalog",
    "record_outcomes",
    "render_html",
    "safe_cell",
    "write_csv",
    "write_report",
]
