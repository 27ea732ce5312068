from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import mean

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sazon.demo import generate_files, load_demo, remove_old_demo_files
from sazon.demo.feedback_text import STRONG_NEGATIVE, STRONG_POSITIVE
from sazon.ingest import initialise_store
from sazon.knowledge import KnowledgeBase
from sazon.knowledge.vocab import DIET_EXCLUSIONS
from sazon.store import (
    Dish,
    DishIngredient,
    Event,
    Feedback,
    Guest,
    Invitation,
    OrderLine,
    Visit,
    make_engine,
    session_factory,
)
from sazon.timeutil import LIMA

N_GUESTS = 60


@dataclass
class Demo:
    factory: sessionmaker[Session]
    workdir: Path
    counts: dict[str, int]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase) -> Iterator[Demo]:
    tmp_path = tmp_path_factory.mktemp("demo")
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    initialise_store(engine, kb)
    factory = session_factory(engine)
    steps: list[str] = []
    counts = load_demo(
        factory,
        kb,
        tmp_path / "files",
        n_guests=N_GUESTS,
        progress=lambda step, done, total: steps.append(step),
    )
    assert "Cargando visitas" in steps
    yield Demo(factory, tmp_path / "files", counts)
    engine.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_load_demo__every_table_gets_rows(demo: Demo) -> None:
    c = demo.counts
    assert all(v > 0 for v in c.values()), c
    assert c["venues"] == 3
    assert c["guests"] >= N_GUESTS
    assert c["events"] == 5
    assert c["social_posts"] >= 300
    assert c["market_texts"] >= 1500
    # The deliberately broken guest rows (no identity, 31/02, bad e-mail, short phone).
    assert c["quarantined"] == 4
    assert 30 <= c["dishes_on_menus"] <= 50 * 3
    assert c["wines_on_list"] == 28 * 3


def test_generate_files__same_seed_gives_identical_files(
    demo: Demo, kb: KnowledgeBase, tmp_path: Path
) -> None:
    generate_files(kb, tmp_path / "again", n_guests=N_GUESTS)
    generate_files(kb, tmp_path / "other", seed=8, n_guests=N_GUESTS)
    loaded = _files(demo.workdir)
    assert _files(tmp_path / "again") == loaded
    assert _files(tmp_path / "other")["clientes.csv"] != loaded["clientes.csv"]


def test_load_demo__second_run_changes_no_counts(demo: Demo, kb: KnowledgeBase) -> None:
    again = load_demo(demo.factory, kb, demo.workdir, n_guests=N_GUESTS)
    assert again == demo.counts


def test_feedback__ratings_agree_with_the_words(demo: Demo) -> None:
    with demo.factory() as session:
        rows = session.execute(
            select(Feedback.rating, Feedback.text).where(
                Feedback.rating.is_not(None), Feedback.text.is_not(None)
            )
        ).all()
    rated = [(r, t.lower()) for r, t in rows if r is not None and t is not None]
    negative = [r for r, t in rated if any(w in t for w in STRONG_NEGATIVE)]
    positive = [r for r, t in rated if any(w in t for w in STRONG_POSITIVE)]
    assert len(negative) >= 5
    assert len(positive) >= 5
    assert mean(negative) + 0.5 < mean(positive)


def _labels(guest: Guest) -> set[str]:
    return {*guest.allergies, *guest.diets}


def test_tasting__24_invitations_with_the_restriction_mix(demo: Demo) -> None:
    with demo.factory() as session:
        event = session.scalars(select(Event).where(Event.name == "Cata de maridaje nikkei")).one()
        invitations = list(
            session.scalars(select(Invitation).where(Invitation.event_id == event.id))
        )
        guests = [session.get(Guest, i.guest_id) for i in invitations]
    assert event.status == "planning"
    assert event.starts_at.astimezone(LIMA) == datetime(2026, 12, 12, 20, 0, tzinfo=LIMA)
    assert event.courses == ["entrada", "fondo", "postre"]
    assert len(invitations) == 24
    statuses = [i.status for i in invitations]
    assert statuses.count("declined") == 1
    assert statuses.count("invited") >= 1
    assert statuses.count("confirmed") > len(statuses) / 2
    profiles = [(g.allergies, g.diets) for g in guests if g is not None]

    def count(test: str) -> int:
        return sum(
            1
            for allergies, diets in profiles
            if {
                "seafood": bool({"crustaceans", "molluscs"} & set(allergies)),
                "peanut": "peanuts" in allergies,
                "celiac": "gluten" in allergies,
                "vegetarian": "vegetarian" in diets,
                "vegan": "vegan" in diets,
                "pregnant": "pregnancy" in diets,
                "no_alcohol": "no_alcohol" in diets,
            }[test]
        )

    assert count("seafood") >= 2
    assert count("peanut") >= 1
    assert count("celiac") >= 1
    assert count("vegetarian") >= 2
    assert count("vegan") >= 1
    assert count("pregnant") >= 1
    assert count("no_alcohol") >= 1


def test_visits__no_guest_is_served_what_they_cannot_eat(demo: Demo, kb: KnowledgeBase) -> None:
    with demo.factory() as session:
        guests = {g.id: g for g in session.scalars(select(Guest))}
        ingredients: dict[int, list[str | None]] = {}
        for di in session.scalars(select(DishIngredient)):
            ingredients.setdefault(di.dish_id, []).append(di.ingredient_id)
        lines = session.execute(
            select(Visit.guest_id, OrderLine.dish_id, OrderLine.item_name).join(
                Visit, Visit.id == OrderLine.visit_id
            )
        ).all()
        dish_count = len(session.scalars(select(Dish.id)).all())
    assert lines and dish_count
    checked = 0
    for guest_id, dish_id, name in lines:
        assert guest_id is not None, f"a visit with '{name}' has no guest"
        guest = guests[guest_id]
        assert dish_id is not None, f"'{name}' did not resolve to a dish"
        excluded = set().union(*(DIET_EXCLUSIONS.get(d, frozenset()) for d in guest.diets))
        for ing_id in ingredients.get(dish_id, []):
            if not (guest.allergies or excluded):
                continue
            assert ing_id is not None, f"{name}: unknown ingredient served to a restricted guest"
            info = kb.ingredients[ing_id]
            assert not set(info.allergens) & set(guest.allergies), (name, guest.allergies)
            assert not set(info.diet) & excluded, (name, guest.diets)
            checked += 1
    assert checked > 0


def test_remove_old_demo_files__deletes_only_the_demo_files(tmp_path: Path) -> None:
    """Issue #12: earlier versions kept the demo files beside the store, out of erasure's
    reach; the next load deletes them and nothing else."""
    folder = tmp_path / "demo"
    folder.mkdir()
    for name in ("clientes.csv", "resenas.jsonl", "locales_y_eventos.json"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "mine.txt").write_text("mine", encoding="utf-8")
    removed = remove_old_demo_files(folder)
    assert sorted(removed) == ["clientes.csv", "locales_y_eventos.json", "resenas.jsonl"]
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    (folder / "mine.txt").unlink()
    (folder / "ventas.csv").write_text("x", encoding="utf-8")
    assert remove_old_demo_files(folder) == ["ventas.csv"]
    assert not folder.exists()
    assert remove_old_demo_files(folder) == []
