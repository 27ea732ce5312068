"""Size limits of the pairing files are settings, named in the error that enforces them
(issue #14: a 3,000-wine list was refused by an undocumented 2,000-row cap)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sazon.cli.app import run
from sazon.config import PairingSettings, load_settings
from sazon.errors import InvalidInput
from sazon.events import read_guests
from sazon.pairing import read_dishes, read_wines

HEADER = "wine_id,name,grapes,color,price_pen"


def _wine_list(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "wines.csv"
    rows = [f"w{i},Vino {i},Malbec,red,{60 + i % 40}" for i in range(n)]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_wine_list_over_the_row_limit__the_error_names_the_setting(tmp_path: Path) -> None:
    path = _wine_list(tmp_path, 3000)
    with pytest.raises(InvalidInput) as err:
        read_wines(path)
    assert "3000 rows" in err.value.message
    assert "2000" in err.value.message
    assert "SAZON_PAIRING__MAX_ROWS" in err.value.message


def test_wine_list_of_3000__reads_with_the_limit_raised(tmp_path: Path) -> None:
    wines = read_wines(_wine_list(tmp_path, 3000), PairingSettings(max_rows=5000))
    assert len(wines) == 3000


def test_file_over_the_byte_limit__the_error_names_the_size_and_the_setting(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dishes.csv"
    path.write_text("dish_id,name\n" + "d1,Causa\n" * 20000, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_dishes(path, PairingSettings(max_file_mb=0.1))
    assert "0.1 MB" in err.value.message
    assert "SAZON_PAIRING__MAX_FILE_MB" in err.value.message


def test_settings__the_limits_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SAZON_PAIRING__MAX_ROWS", "4000")
    monkeypatch.setenv("SAZON_PAIRING__MAX_FILE_MB", "12.5")
    settings = load_settings(home=tmp_path)
    assert settings.pairing == PairingSettings(max_rows=4000, max_file_mb=12.5)


def test_cli_pairing__a_3000_wine_list_is_read_when_the_setting_allows_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wines = _wine_list(tmp_path, 3000)
    dishes = tmp_path / "dishes.csv"
    dishes.write_text("dish_id,name,ingredients\nd1,Lomo saltado,lomo fino;cebolla\n")
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    args = ["pairing", "suggest", "--dishes", str(dishes), "--wines", str(wines)]
    assert run([*args, "--format", "json"]) == 1
    assert "SAZON_PAIRING__MAX_ROWS" in capsys.readouterr().err

    monkeypatch.setenv("SAZON_PAIRING__MAX_ROWS", "3000")
    assert run([*args, "--format", "json"]) == 0
    assert '"wine_id": "w' in capsys.readouterr().out


def test_event_guest_list_over_the_byte_limit__the_error_names_the_setting(
    tmp_path: Path,
) -> None:
    path = tmp_path / "invitados.csv"
    rows = [f"Ana,ana{i}@correo.pe,maní" for i in range(20000)]
    path.write_text("\n".join(["nombre,email,alergias", *rows]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        read_guests(path, max_mb=0.1)
    assert "0.1 MB" in err.value.message
    assert "SAZON_INGEST__MAX_FILE_MB" in err.value.message
    guests, _ = read_guests(path, max_mb=1)  # within the limit it reads
    assert len(guests) == 20000
