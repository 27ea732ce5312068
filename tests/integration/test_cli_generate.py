"""``sazon generate write|check|kinds`` through the CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sazon.cli.app import run

pytestmark = pytest.mark.integration

FACTS = [
    {"dish": {"name": "Causa limeña de pollo", "course": "entrada", "allergens": ["eggs"],
              "ingredients": ["papa amarilla", "pollo", "palta"], "price_pen": 32}},
    {"dish": {"name": "Picarones", "course": "postre", "allergens": ["gluten"],
              "ingredients": ["zapallo macre", "camote"], "price_pen": 15}},
]  # fmt: skip


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SAZON_GENERATE__BACKEND", raising=False)
    (tmp_path / "facts.json").write_text(json.dumps(FACTS), "utf-8")
    return tmp_path


def test_cli_generate__writes_one_text_per_facts_object_as_json(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["generate", "write", "menu_description", "--facts", str(files / "facts.json"),
                "--seed", "3", "--format", "json"])  # fmt: skip
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["backend"] for o in out] == ["template", "template"]
    assert "S/ 32.00" in out[0]["text"] and "S/ 15.00" in out[1]["text"]
    assert not set(out[0]["phrasings"]) & set(out[1]["phrasings"])


def test_cli_generate__check_exits_1_and_lists_the_violations(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = files / "text.txt"
    text.write_text("La causa limeña de pollo, sin gluten, con langostinos. S/ 30.", "utf-8")
    code = run(["generate", "check", "menu_description", "--facts", str(files / "facts.json"),
                "--text", str(text), "--format", "json"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 1
    report = json.loads(captured.out)
    assert not report["ok"]
    assert [v["kind"] for v in report["violations"]] == ["allergen", "ingredient", "price"]
    assert "not grounded" in captured.err


def test_cli_generate__bad_facts_and_unknown_kinds_are_user_errors(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "bad.json").write_text(json.dumps({"dish": {"name": "X", "allergens": ["nuts"]}}))
    assert run(["generate", "write", "menu_description", "--facts", str(files / "bad.json")]) == 1
    assert "unknown allergen" in capsys.readouterr().err
    assert run(["generate", "write", "poem", "--facts", str(files / "facts.json")]) == 1
    assert "event_concept" in capsys.readouterr().err
