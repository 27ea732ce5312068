"""Where a benchmark's numbers go: ``docs/bench/<name>.json``, stamped with when, what and where.

Every number in docs/benchmarks.md comes from one of these files, so each carries the date
(America/Lima), the commit it measured (and whether the tree had uncommitted changes) and the
machine, so a reader can tell a stale or foreign number from a current one.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from sazon.timeutil import LIMA

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "bench"


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _memory_gib() -> float | None:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return None
    return round(pages * size / 2**30, 1)


def run_facts() -> dict[str, Any]:
    """When, at which commit and on what machine this run happened."""
    return {
        "date": datetime.now(LIMA).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short=12", "HEAD") or "unknown",
        "uncommitted_changes": bool(_git("status", "--porcelain", "--untracked-files=no")),
        # Speeds on a shared machine say little: the load average says whether it was.
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": _memory_gib(),
            "processor": platform.machine(),
            "python": platform.python_version(),
        },
    }


def save(name: str, result: dict[str, Any]) -> Path:
    """Write ``result`` with the run's facts to ``docs/bench/<name>.json``; return the path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    data = {"run": run_facts(), **result}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    print(f"numbers written to {path.relative_to(ROOT)}")
    return path
