"""``sazon experience recommend`` on files: the documented JSON, and one clear line for bad
input (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sazon.cli.app import run

pytestmark = pytest.mark.integration


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SAZON_DATABASE_URL", raising=False)
    return tmp_path


def _files(tmp: Path) -> tuple[Path, Path, Path]:
    rows = ["guest_id,item_id,rating,timestamp"]
    for g in range(12):
        own = "p" if g % 2 else "c"
        rows += [f"u{g},{own}{(g + k) % 6},{1 + k % 2},2026-01-0{1 + k}" for k in range(4)]
    interactions = tmp / "interacciones.csv"
    interactions.write_text("\n".join(rows) + "\n", encoding="utf-8")
    guests = tmp / "invitados.csv"
    # Latin-1, '?' as missing, one row per liked cuisine.
    guests.write_bytes(
        "id;ciudad;cocina\nu0;Lima;criolla\nu0;?;marina\nu1;Cusco;andina\nu2;Piura;?\n".encode(
            "latin-1"
        )
    )
    items = tmp / "items.csv"
    text = "item_id,latitude,longitude,price,cocina\n" + "".join(
        f"{p}{i},-12.1{i},-77.0{i},{10 + i},{'marina' if p == 'p' else 'criolla'}\n"
        for p in "cp"
        for i in range(6)
    )
    items.write_text(text + "c0,?,?,?,norteña\n", encoding="utf-8")
    return interactions, guests, items


def test_cli__recommends_for_every_guest_never_what_they_had(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    interactions, guests, items = _files(home)
    code = run([
        "experience", "recommend", "--interactions", str(interactions),
        "--guest-features", str(guests), "--item-features", str(items),
        "--top", "3", "--format", "json",
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    recs = json.loads(out)
    assert set(recs) == {f"u{g}" for g in range(12)}
    had: dict[str, set[str]] = {}
    for line in interactions.read_text().splitlines()[1:]:
        g, item = line.split(",")[:2]
        had.setdefault(g, set()).add(item)
    for g, items_ in recs.items():
        assert 1 <= len(items_) <= 3 and not set(items_) & had[g]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("guest,item\nu1,a\n", "guest_id"),
        ("guest_id,item_id,rating\nu1,a,muy bueno\n", "rating"),
        ("guest_id,item_id\nu1,\n", "línea 2"),
        ("guest_id,item_id\n", "no tiene filas"),
    ],
)
def test_cli__bad_input_is_one_line_and_exit_1(
    home: Path, capsys: pytest.CaptureFixture[str], content: str, says: str
) -> None:
    path = home / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code = run(["experience", "recommend", "--interactions", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert says in err and len(err.strip().splitlines()) == 1


def test_cli__neither_file_nor_guest_says_what_to_give(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["experience", "recommend"])
    err = capsys.readouterr().err
    assert code == 1 and "--interactions" in err and "--guest" in err
    code = run(["experience", "recommend", "--interactions", str(home / "no.csv")])
    assert code == 1 and "no existe" in capsys.readouterr().err


def test_cli__recommend_for_a_store_guest(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sazon.store import make_engine, session_factory
    from tests.integration.test_experience_store import FISH, _store

    engine = make_engine(cli_env)
    try:
        guests = _store(session_factory(engine))
    finally:
        engine.dispose()
    code = run(["experience", "recommend", "--guest", str(guests["fish"]), "--top", "2",
                "--format", "json"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    body = json.loads(out)
    assert {d["code"] for d in body["dishes"]} <= FISH and body["favourites"]
    assert run(["experience", "recommend", "--guest", "999999"]) == 1
    assert "999999" in capsys.readouterr().err
