"""``sazon status`` and ``sazon guests list`` import only what they use (issue #14: ≤ 0.6 s).

``status`` counts rows on a plain connection: no ORM, no models, no tool. ``guests list``
needs the ORM and the guest models, but not the access layer (export and erase import it
when they run), nor numpy and rapidfuzz (the typo search imports them when a search finds
nothing as typed), nor pandas or alembic. How fast they start is measured by
``bench/bench_startup.py``, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NEVER = ("pandas", "numpy", "rapidfuzz", "alembic", "sklearn", "ortools", "torch", "fastapi")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("light") / "home"
    env = {**os.environ, "SAZON_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "sazon.cli", "init"], env=env, capture_output=True, check=True
    )
    return home


def _loaded_by(argv: list[str], home: Path, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` are in ``sys.modules`` once the command ran (and succeeded)."""
    script = (
        "import sys, json\n"
        "from sazon.cli.app import run\n"
        f"code = run({argv!r})\n"
        f"print(json.dumps([code, sorted(m for m in {names!r} if m in sys.modules)]))\n"
    )
    env = {**os.environ, "SAZON_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    code, loaded = json.loads(out.strip().splitlines()[-1])
    assert code == 0
    return list(loaded)


def test_status__counts_without_the_orm_the_models_or_any_tool(home: Path) -> None:
    names = (*NEVER, "sqlalchemy.orm", "sazon.store.models", "sazon.access", "sazon.bus")
    assert _loaded_by(["status", "--format", "json"], home, names) == []


def test_guests_list__loads_no_access_layer_typo_search_or_dataframes(home: Path) -> None:
    names = (*NEVER, "sazon.access.privacy", "sazon.store.fuzzy_search", "sazon.events")
    assert _loaded_by(["guests", "list", "--format", "json"], home, names) == []
