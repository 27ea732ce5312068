"""CSV output that spreadsheets cannot execute: the shared writer in :mod:`sazon.spreadsheets`."""

from __future__ import annotations

from sazon.spreadsheets import safe_cell, write_csv

__all__ = ["safe_cell", "write_csv"]
