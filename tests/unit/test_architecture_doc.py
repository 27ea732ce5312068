"""docs/architecture.md's module size list is written by a script and never drifts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_module_size_list_is_current() -> None:
    run = subprocess.run(
        [sys.executable, "scripts/module_sizes.py", "--check"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
