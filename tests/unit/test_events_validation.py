"""Bad event and plan input is refused up front with what to fix, never a 500 or exit 4."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from sazon.cli.app import run
from sazon.errors import InvalidInput
from sazon.events import (
    EventCreate,
    EventUpdate,
    GuestNeeds,
    Lock,
    MenuDish,
    PlanRequest,
    plan_menu,
)
from sazon.knowledge import KnowledgeBase, load_knowledge

GUESTS = "id;nombre;alergias;dieta\ng1;Ana;;\ng2;Luis;;vegetariano\n"
LOCKS_REASON = (
    "las elecciones fijadas a mano no caben juntas (mesa, plato de entrada: Plato 0; "
    "invitado a, plato de entrada: Plato 1): quita o cambia alguna"
)
MENU = "codigo,plato,tiempo,precio\ne1,Causa limeña,entrada,S/ 32\ne2,Solterito,entrada,S/ 24\n"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _entradas(n: int) -> list[MenuDish]:
    return [
        MenuDish(dish_id=f"d{i}", name_es=f"Plato {i}", course="entrada", price_pen=10,
                 ingredients=["papa amarilla"], cooking=["boiled"])
        for i in range(n)
    ]  # fmt: skip


# -- the event's budget and start ---------------------------------------------------------


@pytest.mark.parametrize("model", [EventCreate, EventUpdate])
@pytest.mark.parametrize("budget", ["0.001", "0.004", "0", "-5"])
def test_event__a_budget_under_one_cent_is_refused(model: type, budget: str) -> None:
    fields = {"name": "Cena", "starts_at": datetime(2030, 1, 1, 20)} if model is EventCreate else {}
    with pytest.raises(ValidationError, match="budget_per_guest_pen"):
        model(**fields, budget_per_guest_pen=budget)


@pytest.mark.parametrize(("given", "kept"), [("12.345", "12.35"), ("0.005", "0.01"), ("80", "80")])
def test_event__a_budget_is_rounded_half_up_to_cents(given: str, kept: str) -> None:
    event = EventCreate(name="Cena", starts_at=datetime(2030, 1, 1, 20), budget_per_guest_pen=given)
    assert event.budget_per_guest_pen == Decimal(kept)
    assert EventUpdate(budget_per_guest_pen=given).budget_per_guest_pen == Decimal(kept)


@pytest.mark.parametrize(
    "starts", ["9999-12-31T23:59:59", "0001-01-01T00:00:00", "1999-12-31T20:00", "2101-01-01T20:00"]
)
def test_event__a_start_outside_2000_to_2100_is_refused(starts: str) -> None:
    with pytest.raises(ValidationError, match="between 2000 and 2100"):
        EventCreate(name="Cena", starts_at=starts)
    with pytest.raises(ValidationError, match="between 2000 and 2100"):
        EventUpdate(starts_at=starts)


def test_event__a_start_inside_the_bounds_is_kept() -> None:
    assert EventCreate(name="Cena", starts_at="2100-12-31T23:00").starts_at.year == 2100
    assert EventUpdate(starts_at=None).starts_at is None  # the null check is update_event's


# -- repeated courses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "says"),
    [
        ("es", "el curso 'entrada' aparece 3 veces pero la carta tiene 2 platos de entrada"),
        ("en", "the course 'entrada' appears 3 times but the menu has 2 entrada dishes"),
    ],
)
def test_plan__a_course_repeated_more_often_than_the_menu_has_dishes_is_refused(
    kb: KnowledgeBase, lang: str, says: str
) -> None:
    request = PlanRequest(
        guests=[GuestNeeds(guest_id="a")], menu=_entradas(2), courses=["entrada"] * 3, lang=lang
    )
    with pytest.raises(InvalidInput, match=says):
        plan_menu(request, kb)


def test_plan__a_course_repeated_as_often_as_the_menu_has_dishes_is_planned(
    kb: KnowledgeBase,
) -> None:
    request = PlanRequest(
        guests=[GuestNeeds(guest_id="a")], menu=_entradas(2), courses=["entrada"] * 2
    )
    plan = plan_menu(request, kb)
    assert plan.status == "optimal"
    assert sorted(d for d in plan.table_menu.values() if d) == ["d0", "d1"]


def test_plan__locks_that_cannot_hold_together_still_blame_the_locks(kb: KnowledgeBase) -> None:
    # One dish per course, the table fixed on d0 and guest a's plate on d1: impossible.
    request = PlanRequest(
        guests=[GuestNeeds(guest_id="a"), GuestNeeds(guest_id="b")], menu=_entradas(2),
        courses=["entrada"], max_dishes_per_course=1,
        locks=[Lock(course="entrada", dish_id="d0"),
               Lock(course="entrada", dish_id="d1", guest_id="a")],
    )  # fmt: skip
    plan = plan_menu(request, kb)
    assert plan.status == "infeasible"
    assert {u.reason for u in plan.unserved} == {LOCKS_REASON}
    assert {u.cause for u in plan.unserved} == {"locks"}
    assert [c.code for c in plan.causes] == ["locks"]


# -- the CLI ------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    guests, menu = tmp_path / "invitados.csv", tmp_path / "carta.csv"
    guests.write_text(GUESTS, encoding="utf-8")
    menu.write_text(MENU, encoding="utf-8")
    return guests, menu


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--budget-per-guest", "NaN"], "--budget-per-guest: 'NaN' is not an amount in soles"),
        (["--budget-per-guest", "Infinity"], "--budget-per-guest: 'Infinity' is not an amount"),
        (["--budget-per-guest", "-Infinity"], "--budget-per-guest: '-Infinity' is not an amount"),
        (["--drinks-budget-per-guest", "sNaN"], "--drinks-budget-per-guest: 'sNaN' is not an"),
        (["--budget-per-guest", "USD 80"], "--budget-per-guest: 'USD 80' is not in soles"),
        (["--budget-per-guest", "0.001"], "--budget-per-guest must be at least S/ 0.01"),
        (["--budget-per-guest", "1e400"], "--budget-per-guest: '1e400' is more than S/ 100000"),
        (["--courses", ",,,"], "--courses: give at least one course"),
        (["--courses", ",".join(["entrada"] * 1000)], "--courses: give at most 12 courses"),
        (["--courses", "entrada,entrada,entrada"], "aparece 3 veces pero la carta tiene 2"),
    ],
)
def test_cli__bad_plan_options_exit_1_with_what_to_fix(
    files: tuple[Path, Path], args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    guests, menu = files
    argv = ["events", "plan", "--guests", str(guests), "--menu", str(menu)]
    if "--courses" not in args:
        argv += ["--courses", "entrada"]
    assert run([*argv, *args]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1, err
    assert says in err and "validation error" not in err


def test_cli__a_cent_budget_still_plans(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    guests, menu = files
    argv = ["events", "plan", "--guests", str(guests), "--menu", str(menu), "--courses", "entrada"]
    assert run([*argv, "--budget-per-guest", "S/ 30.004", "--format", "json"]) == 0
    assert '"status": "optimal"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--starts-at", "9999-12-31T23:59"], "--starts-at: the event must start between 2000"),
        (["--starts-at", "2030-01-01T20:00", "--budget-per-guest", "0.001"], "at least S/ 0.01"),
    ],
)
def test_cli__bad_event_fields_exit_1_with_what_to_fix(
    files: tuple[Path, Path], args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["events", "create", "--name", "Cena", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and len(err.splitlines()) == 1, err
    assert says in err
