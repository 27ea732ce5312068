"""Reproducible demo data: a fictitious Lima restaurant group, loaded through real ingest."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.demo.load import generate_files, load_demo, remove_old_demo_files

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = ["generate_files", "load_demo", "remove_old_demo_files"]
