"""Reproducible demo data: a fictitious Lima restaurant group, loaded through real ingest."""

from sazon.demo.load import generate_files, load_demo, remove_old_demo_files

__all__ = ["generate_files", "load_demo", "remove_old_demo_files"]
