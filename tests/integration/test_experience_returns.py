"""Return visits on the store (SQLite and PostgreSQL), from a file through the CLI, and
through the API of a real server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from sazon.cli.app import run
from sazon.errors import NotFound
from sazon.experience.returns_store import guest_returns, venue_returns
from sazon.store import Guest, Venue, Visit, transaction
from tests.ml.test_returns_bgnbd import population
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration

AS_OF = date(2026, 3, 31)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 20, 0, tzinfo=UTC)  # 15:00 in Lima


def seed_venue(factory: sessionmaker[Session]) -> dict[str, int]:
    """A venue whose guests come as a BG/NBD-like process, plus two regulars (one still
    coming, one gone quiet four months ago), an erased regular and another venue's guest."""
    ids: dict[str, int] = {}
    with transaction(factory) as session:
        venue, other = Venue(code="rv", name="Rincón"), Venue(code="ov", name="Otro")
        session.add_all([venue, other])
        session.flush()
        ids["venue"], ids["other"] = venue.id, other.id
        crowd = population(seed=11, n=150)
        shift = AS_OF - date(2025, 12, 31)  # the simulated year ends at AS_OF
        guests: dict[str, Guest] = {}
        for gid in crowd["guest_id"].unique():
            guests[gid] = Guest(first_name="Invitado", last_name=gid)
        session.add_all(guests.values())
        session.flush()
        for gid, day in zip(crowd["guest_id"], crowd["date"], strict=True):
            session.add(Visit(guest_id=guests[gid].id, venue_id=venue.id,
                              visited_at=_at(day.date() + shift)))  # fmt: skip
        quiet = AS_OF - timedelta(days=120)
        for name, last, venue_id in (("now", AS_OF - timedelta(days=5), venue.id),
                                     ("gone", quiet, venue.id), ("erased", quiet, venue.id),
                                     ("elsewhere", quiet, other.id)):  # fmt: skip
            guest = Guest(first_name="Regular", last_name=name, consent_marketing=True)
            if name == "erased":
                guest.erased_at = _at(AS_OF)
            session.add(guest)
            session.flush()
            ids[name] = guest.id
            for k in range(10):  # every two weeks, ten times, ending at ``last``
                day = last - timedelta(days=14 * k)
                session.add(Visit(guest_id=guest.id, venue_id=venue_id, visited_at=_at(day),
                                  total_pen=Decimal("80.00")))  # fmt: skip
        # A visit after AS_OF is not read for a forecast made at AS_OF.
        session.add(Visit(guest_id=ids["gone"], venue_id=venue.id,
                          visited_at=_at(AS_OF + timedelta(days=3))))  # fmt: skip
    return ids


def test_store__regulars_who_stopped_are_at_risk_and_drop_in_p_return(
    factory: sessionmaker[Session],
) -> None:
    ids = seed_venue(factory)
    with factory() as session:
        result = venue_returns(session, ids["venue"], 30, as_of=AS_OF)
        by_id = {g.guest_id: g for g in result.guests}
        assert ids["erased"] not in by_id and ids["elsewhere"] not in by_id
        now, gone = by_id[ids["now"]], by_id[ids["gone"]]
        assert now.p_return > gone.p_return + 0.2 and now.expected_visits > gone.expected_visits
        assert gone.visits == 10 and gone.days_since_last == 120  # the later visit is unread
        assert gone.usual_interval_days == 14.0 and gone.overdue and not now.overdue
        assert "atrasado" in gone.why and "10 visitas, cada ~14 días" in gone.why
        at_risk = {r.guest_id: r for r in result.at_risk}
        assert ids["gone"] in at_risk and ids["now"] not in at_risk
        assert (
            at_risk[ids["gone"]].name == "Regular gone" and at_risk[ids["gone"]].consent_marketing
        )
        assert all(by_id[g].overdue and by_id[g].visits >= 3 for g in at_risk)
        assert [g.p_return for g in result.guests] == sorted(
            (g.p_return for g in result.guests), reverse=True
        )
        english = guest_returns(session, ids["gone"], 30, as_of=AS_OF, lang="en")
        assert [g.venue_id for g in english] == [ids["venue"]]
        assert english[0].p_return == gone.p_return and "overdue" in english[0].why
        with pytest.raises(NotFound):
            guest_returns(session, ids["erased"], 30, as_of=AS_OF)
        with pytest.raises(NotFound):
            venue_returns(session, 999_999, 30)
        # One guest, or a day before any visit: empty lists and a note, not an error.
        for venue, day in ((ids["other"], AS_OF), (ids["venue"], date(2020, 1, 1))):
            empty = venue_returns(session, venue, 30, as_of=day)
            assert (
                empty.guests == []
                and empty.at_risk == []
                and "muy poca historia" in (empty.note or "")
            )
        assert result.note is None


# -- the CLI on a file -------------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["experience", "returns", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write_population(path: Path) -> Path:
    crowd = population(seed=5, n=200)
    lines = ["guest_id,date,amount"]
    lines += [f"{g},{d.date().isoformat()},{35 + len(g)}.50" for g, d in
              zip(crowd["guest_id"], crowd["date"], strict=True)]  # fmt: skip
    lines += ["late,2026-01-15,20", "g1,2026-01-20,"]  # after the calibration end
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli__json_for_every_guest_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = write_population(tmp_path / "visitas.csv")
    code, out, err = cli(capsys, "--transactions", str(path), "--calibration-end", "2025-12-31",
                         "--horizon-days", "60", "--format", "json")  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    guests = {line.split(",")[0] for line in path.read_text().splitlines()[1:]}
    assert {r["guest_id"] for r in rows} == guests
    assert all(set(r) == {"guest_id", "expected_visits", "p_return"} for r in rows)
    known = [r for r in rows if r["guest_id"] != "late"]
    assert all(0 <= r["p_return"] <= 1 and r["expected_visits"] >= 0 for r in known)
    assert next(r for r in rows if r["guest_id"] == "late")["p_return"] is None


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("guest_id;date\na;2025-01-01\n", (), "separate the columns with commas"),
        ("name,date\na,2025-01-01\n", (), "missing the column guest_id"),
        ("guest_id,date\na,01/02/2025\n", (), "line 2: date '01/02/2025' is not a date; write"),
        ("guest_id,date,amount\na,2025-01-01,caro\n", (), "amount 'caro' is not a number"),
        ("guest_id,date\n,2025-01-01\n", (), "line 2: guest_id is empty"),
        ("", (), "is empty"),
        ("guest_id,date\na,2025-01-01\nb,2025-02-01\n", (), "too little history"),
        ("guest_id,date\na,2025-01-01\n", ("--calibration-end", "31/12/2025"),
         "--calibration-end '31/12/2025' is not a date"),
        ("guest_id,date\na,2025-01-01\n", ("--horizon-days", "0"), "between 1 and 730 days"),
    ],
)  # fmt: skip
def test_cli__bad_input_is_one_line_that_says_what_to_fix(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    args: tuple[str, ...],
    message: str,
) -> None:
    path = tmp_path / "visitas.csv"
    path.write_text(content, encoding="utf-8")
    options = {"--calibration-end": "2025-12-31", "--horizon-days": "30"}
    options.update(zip(args[::2], args[1::2], strict=True))
    flat = [item for pair in options.items() for item in pair]
    code, out, err = cli(capsys, "--transactions", str(path), *flat, "--format", "json")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err


def test_cli__a_missing_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "--transactions", str(tmp_path / "nope.csv"),
                       "--calibration-end", "2025-12-31")  # fmt: skip
    assert code == 1 and "nope.csv: no such file" in err


# -- the API through a real server -------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("returns-api")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


def api(server: Server, role: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    return httpx.Client(base_url=server.url + "/api/v1/experience", headers=headers, timeout=60)


def test_api__a_venues_guests_and_its_overdue_regulars(server: Server) -> None:
    with api(server, "marketing") as c:
        r = c.get("/returns", params={"venue_id": 1, "horizon_days": 60, "as_of": "2026-11-20"})
        assert r.status_code == 200, r.text
        data = r.json()
        assert data["venue_id"] == 1 and data["horizon_days"] == 60 and data["guests"]
        guests = {g["guest_id"]: g for g in data["guests"]}
        for g in data["guests"]:
            assert 0 <= g["p_return"] <= 1 and g["why"] and g["visits"] >= 1
        for risk in data["at_risk"]:
            assert guests[risk["guest_id"]]["overdue"] and risk["visits"] >= 3
        one = data["guests"][0]["guest_id"]
        r = c.get(f"/guests/{one}/returns", params={"horizon_days": 60, "as_of": "2026-11-20",
                                                   "lang": "en"})  # fmt: skip
        assert r.status_code == 200
        mine = [g for g in r.json() if g["venue_id"] == 1]
        assert mine[0]["p_return"] == data["guests"][0]["p_return"]
        assert "visit" in mine[0]["why"] and "visita" not in mine[0]["why"]


def test_api__roles_unknown_records_and_validation(server: Server) -> None:
    with api(server, None) as anonymous:
        r = anonymous.get("/returns", params={"venue_id": 1})
        assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    with api(server, "analyst") as analyst:
        r = analyst.get("/returns", params={"venue_id": 1})
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    with api(server, "staff") as c:
        r = c.get("/returns", params={"venue_id": 9999})
        assert r.status_code == 404 and r.json()["code"] == "not_found"
        assert c.get("/guests/999999/returns").status_code == 404
        r = c.get("/returns", params={"venue_id": 1, "horizon_days": 0})
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("application/problem+json")
        assert c.get("/returns").status_code == 422  # venue_id is required
        # Any day is valid: before the venue's first visit there is nothing to say yet.
        r = c.get("/returns", params={"venue_id": 1, "as_of": "1721-01-03"})
        assert r.status_code == 200 and r.json()["guests"] == [] and r.json()["note"]
        r = c.get("/returns", params={"venue_id": 1, "as_of": "0"})  # not a Unix time
        assert r.status_code == 422


def test_served__the_registry_model_is_loaded_and_never_fitted_on_a_request(
    sqlite_factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = sqlite_factory  # the registry is files: one store kind is enough
    from sazon.config import load_settings
    from sazon.experience import ExperienceServing, train_returns
    from sazon.experience.bgnbd import BgNbd
    from sazon.ml import ModelRegistry

    settings = load_settings(home=tmp_path / "home")
    ids = seed_venue(factory)
    with factory() as session:
        trained = {t.venue_id: t for t in train_returns(session, settings, as_of=AS_OF)}
        fitted_here = venue_returns(session, ids["venue"], 30, as_of=AS_OF)
    # One guest at the other venue: nothing to learn there, so no model is saved for it.
    assert set(trained) == {ids["venue"]}
    mine = trained[ids["venue"]]
    registry = ModelRegistry.from_settings(settings)
    assert registry.active(mine.name) == mine.version == "v0001"
    assert registry.manifest(mine.name).metrics["guests"] == mine.metrics["guests"] > 2

    def no_fit(*_: object, **__: object) -> None:
        raise AssertionError("a request fitted a return model")

    monkeypatch.setattr(BgNbd, "fit", no_fit)
    served = ExperienceServing(settings)
    with factory() as session:
        model = served.returns_model(session, ids["venue"], AS_OF)
        assert model is not None and served.returns_model(session, ids["venue"]) is model
        from_registry = venue_returns(session, ids["venue"], 30, as_of=AS_OF, model=model)
        models = lambda v: served.returns_model(session, v, AS_OF)  # noqa: E731
        by_guest = guest_returns(session, ids["gone"], 30, as_of=AS_OF, models=models)
    # The same model the store would have fitted that day: the same forecasts.
    assert [(g.guest_id, g.p_return) for g in from_registry.guests] == [
        (g.guest_id, g.p_return) for g in fitted_here.guests
    ]
    assert by_guest[0].p_return == next(
        g.p_return for g in fitted_here.guests if g.guest_id == ids["gone"]
    )
