"""House additions to the knowledge base (issue #11 item 6): a chef classifies what the
packaged base does not know, and every tool sees it at its next call. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from sazon.cli.app import run
from sazon.errors import Conflict, InvalidInput
from sazon.events import GuestNeeds, MenuDish, PlanRequest, plan_menu
from sazon.ingest import ingest_file
from sazon.knowledge import (
    CLASSIFY_HINT,
    IngredientCreate,
    PreparationCreate,
    SynonymCreate,
    add_ingredient,
    add_preparation,
    add_synonym,
    classify,
    current_knowledge,
    list_additions,
    load_knowledge,
    unknown_words,
)
from sazon.store import (
    AuditEntry,
    Dish,
    DishIngredient,
    Ingredient,
    make_engine,
    session_factory,
    transaction,
)
from sazon.store.models import Base

pytestmark = pytest.mark.integration

SAUCE = "salsa ahumada de sacha inchi"  # not in the packaged base
DISH = MenuDish(
    dish_id="d1", name_es="Tallarín de la casa", course="fondo", price_pen=40,
    ingredients=["papa", SAUCE], cooking=["boiled"],
)  # fmt: skip
GUESTS = [
    GuestNeeds(guest_id="veg", diets=["vegetarian"], diet_text="vegetariano"),
    GuestNeeds(guest_id="nuts", allergies=["tree_nuts"], allergies_text="nueces"),
    GuestNeeds(guest_id="free"),
]


def _plan(session: Session) -> tuple[dict[str, str | None], list[str]]:
    request = PlanRequest(guests=GUESTS, menu=[DISH], courses=["fondo"], time_limit_s=5)
    plan = plan_menu(request, current_knowledge(session))
    return {g.guest_id: plan.plate(g.guest_id, "fondo") for g in GUESTS}, plan.warnings


def _sauce(**kw: object) -> IngredientCreate:
    values: dict[str, object] = {"name_es": SAUCE, "category": "sauce",
                                 "allergens": ["tree_nuts"], "diet": []}  # fmt: skip
    return IngredientCreate.model_validate(values | kw)


def test_migration__0005_creates_the_table_as_declared(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert not [d for d in diff if "knowledge_additions" in str(d)]


def test_plan__unknown_is_unsafe_then_served_after_add_ingredient(
    factory: sessionmaker[Session],
) -> None:
    assert load_knowledge().find_ingredient(SAUCE) is None
    with transaction(factory) as session:
        plates, warnings = _plan(session)
    assert plates == {"veg": None, "nuts": None, "free": "d1"}
    assert any(SAUCE in w and CLASSIFY_HINT in w for w in warnings)

    with transaction(factory) as session:
        out = add_ingredient(session, _sauce(), actor="chef", via="test")
    assert out.ingredient_id == "house_salsa_ahumada_de_sacha_inchi"
    assert out.allergens == ["tree_nuts"] and out.added_by == "chef"

    # A new session, no restart: the next plan knows it.
    with transaction(factory) as session:
        plates, warnings = _plan(session)
    assert plates == {"veg": "d1", "nuts": None, "free": "d1"}
    assert not any(SAUCE in w for w in warnings)


def test_add__is_audited_and_listed(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        add_ingredient(session, _sauce(), actor="chef", via="test", request_id="r-1")
    with transaction(factory) as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "knowledge.add_ingredient")
        ).all()
        assert entry.guest_id is None and entry.request_id == "r-1"
        assert "house_salsa_ahumada_de_sacha_inchi" in (entry.detail or "")
        [listed] = list_additions(session)
        assert listed.kind == "ingredient" and listed.name_es == SAUCE


def test_synonym__resolves_to_its_ingredient(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        add_ingredient(session, _sauce(), actor="chef")
        out = add_synonym(session, SynonymCreate(word="ahumado de sacha", to=SAUCE), actor="chef")
    assert out.kind == "synonym" and out.ingredient_id == "house_salsa_ahumada_de_sacha_inchi"
    with transaction(factory) as session:
        kb = current_knowledge(session)
        item = classify(kb, "Ahumado de Sacha").items[0]
        stored = session.get(Ingredient, "house_salsa_ahumada_de_sacha_inchi")
        assert stored is not None and "ahumado de sacha" in stored.synonyms
    assert item.kind == "ingredient" and item.allergens == ["tree_nuts"]
    # A synonym of a packaged ingredient works too.
    with transaction(factory) as session:
        add_synonym(session, SynonymCreate(word="cacahuate tostado", to="maní"), actor="chef")
        assert classify(current_knowledge(session), "cacahuate tostado").allergens == ["peanuts"]


def test_preparation__carries_its_components_allergens(factory: sessionmaker[Session]) -> None:
    spec = PreparationCreate(
        name_es="crema de la casa", components=["maní", "leche evaporada"], allergens=["mustard"]
    )
    with transaction(factory) as session:
        out = add_preparation(session, spec, actor="chef")
    assert {"peanuts", "milk", "mustard"} <= set(out.allergens) and "dairy" in out.diet
    dish = DISH.model_copy(update={"ingredients": ["papa", "crema de la casa"]})
    guests = [GuestNeeds(guest_id="p", allergies=["peanuts"]), GuestNeeds(guest_id="ok")]
    with transaction(factory) as session:
        kb = current_knowledge(session)
    plan = plan_menu(PlanRequest(guests=guests, menu=[dish], courses=["fondo"]), kb)
    assert plan.plate("p", "fondo") is None and plan.plate("ok", "fondo") == "d1"


@pytest.mark.parametrize(
    ("add", "error", "says"),
    [
        (lambda s: add_ingredient(s, _sauce(allergens=["nuts"])), InvalidInput, "'nuts'"),
        (lambda s: add_ingredient(s, _sauce(diet=["carnivore"])), InvalidInput, "diet class"),
        (lambda s: add_ingredient(s, _sauce(category="thing")), InvalidInput, "category"),
        (lambda s: add_ingredient(s, _sauce(name_es="Ají Amarillo")), Conflict, "already names"),
        (lambda s: add_ingredient(s, _sauce(name_es="langostinos")), Conflict, "already names"),
        (
            lambda s: add_synonym(s, SynonymCreate(word="sillao", to="maní")),
            Conflict,
            "already names sillao",
        ),
        (lambda s: add_synonym(s, SynonymCreate(word="x y z", to="nada")), InvalidInput, "'nada'"),
        (
            lambda s: add_preparation(
                s, PreparationCreate(name_es="crema x", components=["maní", "mani tostadx"])
            ),
            InvalidInput,
            "'mani tostadx'",
        ),
        (lambda s: add_preparation(s, PreparationCreate(name_es="crema y")), InvalidInput, "give"),
    ],
)
def test_add__bad_input_is_a_clear_error(
    factory: sessionmaker[Session], add: object, error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says), transaction(factory) as session:
        add(session)  # type: ignore[operator]
    with transaction(factory) as session:
        assert list_additions(session) == []


def test_add__a_name_added_twice_is_a_conflict(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as session:
        add_ingredient(session, _sauce())
    with pytest.raises(Conflict), transaction(factory) as session:
        add_ingredient(session, _sauce(name_es="Salsas ahumadas de sacha inchi"))


def test_add__resolves_the_menu_lines_and_empties_the_todo(
    factory: sessionmaker[Session],
) -> None:
    match = load_knowledge().find_ingredient("papa")
    papa = match.id if match else None
    with transaction(factory) as session:
        dish = Dish(code="t1", name_es="Tallarín de la casa", course="fondo",
                    ingredients_raw=["papa", SAUCE])  # fmt: skip
        dish.ingredients = [
            DishIngredient(position=0, ingredient_id=papa, written_as="papa"),
            DishIngredient(position=1, ingredient_id=None, written_as=SAUCE),
        ]
        session.add(dish)
    with transaction(factory) as session:
        todo = unknown_words(session)
    assert [(u.written, u.dishes) for u in todo] == [(SAUCE, ["Tallarín de la casa"])]
    with transaction(factory) as session:
        out = add_ingredient(session, _sauce())
    assert out.dish_lines_resolved == 1
    with transaction(factory) as session:
        line = session.get(DishIngredient, (dish.id, 1))
        assert line is not None and line.ingredient_id == out.ingredient_id
        assert unknown_words(session) == []


def test_current_knowledge__cached_per_revision(engine: Engine) -> None:
    first = current_knowledge(engine)
    assert first is load_knowledge()  # no additions: the packaged base itself
    with transaction(session_factory(engine)) as session:
        add_ingredient(session, _sauce())
    second = current_knowledge(engine)
    assert second is not first and second is current_knowledge(engine)
    assert SAUCE in {i.name_es for i in second.ingredients.values()}


# -- the CLI, through its runner --------------------------------------------------------------


@pytest.fixture
def cli_env(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sessionmaker[Session]]:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SAZON_DATABASE_URL", store_url)
    engine = make_engine(store_url)
    yield session_factory(engine)
    engine.dispose()


def test_cli__add_list_and_errors(
    cli_env: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["knowledge", "add-ingredient", SAUCE, "--allergens", "tree_nuts", "--diet", "none",
            "--category", "sauce", "--flavour", "heat=2", "--format", "json"]  # fmt: skip
    assert run(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ingredient_id"] == "house_salsa_ahumada_de_sacha_inchi"
    assert out["allergens"] == ["tree_nuts"] and out["added_by"] == "cli"

    assert run(["knowledge", "add-synonym", "sacha ahumada", "--to", SAUCE]) == 0
    comps = f"maní,{SAUCE}"
    assert run(["knowledge", "add-preparation", "crema de la casa", "--components", comps]) == 0
    capsys.readouterr()
    assert run(["knowledge", "additions", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["kind"] for r in rows] == ["ingredient", "synonym", "preparation"]
    assert set(rows[2]["allergens"]) == {"peanuts", "tree_nuts"}
    assert run(["knowledge", "classify", "sacha ahumada", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["allergens"] == ["tree_nuts"]

    bad = [
        ["knowledge", "add-ingredient", "hoja de x", "--allergens", "nuts", "--diet", "none",
         "--category", "herb"],
        ["knowledge", "add-ingredient", SAUCE, "--allergens", "none", "--diet", "none",
         "--category", "sauce"],
        ["knowledge", "add-preparation", "crema z", "--components", "nada de nada"],
        ["knowledge", "add-ingredient", "hoja de y", "--allergens", "none", "--diet", "none",
         "--category", "herb", "--flavour", "heat=9"],
    ]  # fmt: skip
    for argv in bad:
        assert run(argv) == 1, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith("error:") and len(err.splitlines()) == 1, err
    with transaction(cli_env) as session:
        assert len(list_additions(session)) == 3
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("knowledge.%"))
        ).all()
    assert sorted(audited) == [
        "knowledge.add_ingredient", "knowledge.add_preparation", "knowledge.add_synonym",
    ]  # fmt: skip


def test_ingest__a_new_menu_resolves_the_added_ingredient(
    factory: sessionmaker[Session], engine: Engine, tmp_path: Path
) -> None:
    menu = tmp_path / "carta.csv"
    menu.write_text(f"codigo,plato,tiempo,ingredientes\nk9,Tallarín,fondo,papa;{SAUCE}\n")
    with transaction(factory) as session:
        added = add_ingredient(session, _sauce())
    summary = ingest_file(factory, current_knowledge(engine), "dishes", menu)
    assert summary.accepted == 1
    with transaction(factory) as session:
        dish = session.scalars(select(Dish).where(Dish.code == "k9")).one()
        assert [i.ingredient_id for i in dish.ingredients][1] == added.ingredient_id
