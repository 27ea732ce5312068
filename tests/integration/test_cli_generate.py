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


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert captured.out == "" and len(lines) == 1, captured
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("facts", "text", "says"),
    [
        (b"[]", b"Causa.", "holds an empty list: give one facts object"),
        (b"", b"Causa.", "is empty: give the JSON facts file"),
        (b'{"dish": ', b"Causa.", "line 1, column 10: not valid JSON"),
        (b"\xff\xfe{}", b"Causa.", "is not UTF-8 (byte 0xff at position 0)"),
        (b'{"dish": {"name": "Causa"}}', None, "no such file; give the path of the text"),
        (b'{"dish": {"name": "Causa"}}', b"la causa \xf1", "is not UTF-8 (byte 0xf1"),
        (b'{"dish": {"name": "Causa"}}', b"  \n", "is empty: give the text to check"),
        (b'{"dish": {"name": "Causa", "alergens": []}}', b"Causa.",
         "facts.dish.alergens: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_cli_generate__check_bad_files_are_one_clear_line_and_exit_1(
    files: Path, capsys: pytest.CaptureFixture[str], facts: bytes, text: bytes | None, says: str
) -> None:
    (files / "f.json").write_bytes(facts)
    if text is not None:
        (files / "t.txt").write_bytes(text)
    code = run(["generate", "check", "menu_description", "--facts", str(files / "f.json"),
                "--text", str(files / "t.txt")])  # fmt: skip
    assert code == 1
    assert says in _one_error_line(capsys)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--facts", "{dir}"], "is a folder, not a file"),
        (["--facts", "{dir}/nope.json"], "no such file; give the path of the JSON facts file"),
        (["--facts", "{dir}/empty.json"], "holds an empty list"),
        (["--facts", "{dir}/facts.json", "--lang", "fr"], "lang: Input should be 'es' or 'en'"),
        (["--facts", "{dir}/facts.json", "--tone", "loud"], "tone: Input should be 'warm'"),
        (["--facts", "{dir}/facts.json", "--variants", "11"], "variants: Input should be less"),
    ],
)
def test_cli_generate__write_bad_input_is_one_clear_line_and_exit_1(
    files: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    (files / "empty.json").write_text("[]", "utf-8")
    argv = [a.replace("{dir}", str(files)) for a in args]
    assert run(["generate", "write", "menu_description", *argv]) == 1
    assert says in _one_error_line(capsys)


def test_cli_generate__check_says_which_facts_object_it_used(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "t.txt").write_text("La causa limeña de pollo, con palta. S/ 32.00", "utf-8")
    code = run(["generate", "check", "menu_description", "--facts", str(files / "facts.json"),
                "--text", str(files / "t.txt"), "--format", "json"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0 and json.loads(captured.out) == {"ok": True, "violations": []}
    assert "se revisa contra el primero de los 2 objetos de datos" in captured.err
