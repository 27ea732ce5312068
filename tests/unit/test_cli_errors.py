"""The CLI's exit codes: 0 ok, 1 your input, 2 usage, 3 a service; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sazon.cli.app import run


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["text", "sentiment"], "Missing option '--input'"),
        (["events", "plan", "--format", "nope"], "Invalid value for '--format'"),
        (["pairing", "suggest", "--top", "many"], "Invalid value for '--top'"),
        (["no-such-command"], "No such command"),
    ],
)
def test_usage_errors__exit_2_with_the_reason(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert says in err and "unexpected error" not in err and "Traceback" not in err


def test_help__exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    assert "worker" in capsys.readouterr().out


def test_bad_input__exits_1_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["text", "sentiment", "--input", str(tmp_path / "missing.csv")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("table", "query", "fmt", "says"),
    [
        ("ingredients", "ají amarillo", "csv", "aji_amarillo"),
        ("dishes", "ceviche", "csv", "ceviche"),
        ("wines", "tacama", "csv", "tacama"),
        ("wines", "xyzzy", "table", "Ningún vino coincide con 'xyzzy'."),
    ],
)
def test_knowledge_lookups__rows_or_what_matched_nothing(
    table: str, query: str, fmt: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["knowledge", table, query, "--format", fmt]) == 0
    assert says in capsys.readouterr().out
