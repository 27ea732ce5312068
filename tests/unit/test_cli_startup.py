"""The CLI starts light: ``sazon --help`` imports none of the heavy libraries, every
sub-command still loads and its line in the root help matches its own (issue #14).

How fast it starts is measured by ``bench/bench_startup.py``, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sazon.cli.app import run
from sazon.cli.commands import COMMANDS

HEAVY = (
    "pandas",
    "numpy",
    "sqlalchemy",
    "alembic",
    "torch",
    "sklearn",
    "scipy",
    "ortools",
    "matplotlib",
    "sentence_transformers",
    "rapidfuzz",
    "pandera",
    "fastapi",
)


def _imported_after(code: str, tmp_path: Path, names: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of ``names`` (top-level packages, heavy ones by default) are in ``sys.modules``
    after running ``code`` in a new Python process."""
    script = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))\n"
    )
    env = {**os.environ, "SAZON_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    loaded: list[str] = json.loads(out.strip().splitlines()[-1])
    return loaded


def test_import_cli_app__loads_no_heavy_library(tmp_path: Path) -> None:
    assert _imported_after("import sazon.cli.app", tmp_path) == []


def test_help__loads_no_heavy_library(tmp_path: Path) -> None:
    code = "from sazon.cli.app import run\nassert run(['--help']) == 0"
    assert _imported_after(code, tmp_path) == []


def test_help__loads_no_markdown_parser_syntax_highlighter_or_settings(tmp_path: Path) -> None:
    """Typer's Rich help module loads a markdown parser and a highlighter (about a hundred
    modules) to draw two boxes; the settings (pydantic, pydantic-settings: a third of the
    start-up) are read by the root callback, which the help never runs. One process for
    both: each costs a start-up."""
    code = "from sazon.cli.app import run\nassert run(['--help']) == 0"
    names = ("markdown_it", "pygments", "typer.rich_utils", "rich.markdown", "rich.syntax")
    names += ("pydantic", "pydantic_settings", "sazon.config")
    assert _imported_after(code, tmp_path, names) == []


def test_sub_command_help__loads_only_that_command(tmp_path: Path) -> None:
    code = "from sazon.cli.app import run\nassert run(['generate', '--help']) == 0"
    loaded = _imported_after(code, tmp_path)
    assert "ortools" not in loaded and "sqlalchemy" not in loaded


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_registry__every_command_loads_and_its_help_line_is_its_own(name: str) -> None:
    command = COMMANDS[name].load(name)
    assert command.name == name
    own = (command.short_help or command.help or "").strip().split("\n\n")[0]
    assert " ".join(own.split()) == COMMANDS[name].summary


def test_help__lists_every_command_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for name, spec in COMMANDS.items():
        assert name in out
        assert spec.summary[:30] in out


def test_unknown_command__is_a_usage_error_that_suggests_the_near_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["statu"]) == 2
    assert "status" in capsys.readouterr().err
