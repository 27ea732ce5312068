"""Ingest and cleansing: read messy files, standardise, de-duplicate, quarantine what is bad."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.ingest.catalog import initialise_store, load_catalog
    from sazon.ingest.csvout import safe_cell, write_csv
    from sazon.ingest.decoding import decode
    from sazon.ingest.jobs import UploadJobs, read_job
    from sazon.ingest.metrics import open_quarantine, quarantine_source
    from sazon.ingest.parse import ColumnMap, fold_column, map_columns, read_fields
    from sazon.ingest.pipeline import IngestSummary, RowResult, ingest_file
    from sazon.ingest.quarantine import (
        QuarantineEntry,
        correct_quarantined,
        discard_quarantined,
        list_quarantine,
    )
    from sazon.ingest.readers import ReadLimits, read_rows
    from sazon.ingest.report import charts, render_html, report_paths, write_report
    from sazon.ingest.runs import get_run, recent_runs, run_detail, run_summary
    from sazon.ingest.schemas import KINDS
    from sazon.ingest.single import create_record, update_guest
    from sazon.ingest.uploads import save_upload

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "KINDS",
    "ColumnMap",
    "IngestSummary",
    "QuarantineEntry",
    "ReadLimits",
    "RowResult",
    "UploadJobs",
    "charts",
    "correct_quarantined",
    "create_record",
    "decode",
    "discard_quarantined",
    "fold_column",
    "get_run",
    "ingest_file",
    "initialise_store",
    "list_quarantine",
    "load_catalog",
    "map_columns",
    "open_quarantine",
    "quarantine_source",
    "read_fields",
    "read_job",
    "read_rows",
    "recent_runs",
    "render_html",
    "report_paths",
    "run_detail",
    "run_summary",
    "safe_cell",
    "save_upload",
    "update_guest",
    "write_csv",
    "write_report",
]
