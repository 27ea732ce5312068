"""Issue #12: a change enforces the same uniqueness as a creation, and a plan racing the
delete of its event is a clear 404, never a foreign-key 500 (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import sazon.events.plans as plans
from sazon.errors import Conflict, NotFound
from sazon.events import TokenOverlapMatcher, delete_event, plan_event
from sazon.ingest.single import create_record, update_guest
from sazon.knowledge import KnowledgeBase
from sazon.store.models import Event, EventPlan
from tests.integration.test_events_faces import _load, write_files

pytestmark = pytest.mark.integration


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write_files(tmp_path)


@pytest.mark.parametrize(
    ("field", "mine", "theirs"),
    [("email", "eva@example.pe", "olga@example.pe"), ("phone", "987 000 111", "987 000 222")],
)
def test_update_guest__another_guests_key_is_the_same_conflict_as_on_create(
    factory: sessionmaker[Session], kb: KnowledgeBase, field: str, mine: str, theirs: str
) -> None:
    with factory.begin() as s:
        olga = create_record(s, kb, "guests", {"first_name": "Olga", field: theirs})
        eva = create_record(s, kb, "guests", {"first_name": "Eva", field: mine})
    with factory.begin() as s, pytest.raises(Conflict) as on_create:
        create_record(s, kb, "guests", {"first_name": "Otra", field: theirs})
    with factory.begin() as s, pytest.raises(Conflict) as on_update:
        update_guest(s, eva, {field: theirs})
    assert on_update.value.code == on_create.value.code == "conflict"
    assert (
        on_update.value.details
        == on_create.value.details
        == {
            "record_id": olga,
            "matched_on": field,
        }
    )
    with factory.begin() as s:  # their own value again, and other fields, still change
        guest = update_guest(s, eva, {field: mine, "notes": "mesa junto a la ventana"})
        assert guest.notes == "mesa junto a la ventana"


def _solving(hook: Any) -> Any:
    """``enrich_plan`` that runs ``hook`` first: the solve is done, the plan not yet saved."""
    original = plans.enrich_plan

    def enrich(*args: Any, **kwargs: Any) -> None:
        hook()
        original(*args, **kwargs)

    return enrich


def test_plan__an_event_deleted_during_the_solve_is_not_found(
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    event_id = _load(factory, kb, files)

    def delete_it() -> None:
        with factory.begin() as other:
            delete_event(other, event_id)

    monkeypatch.setattr(plans, "enrich_plan", _solving(delete_it))
    with factory.begin() as s, pytest.raises(NotFound, match="deleted while"):
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
    with factory() as s:
        assert s.get(Event, event_id) is None
        assert s.scalars(select(EventPlan).where(EventPlan.event_id == event_id)).all() == []


def test_plan__saved_while_a_delete_is_uncommitted_waits_and_is_not_found(
    factory: sessionmaker[Session],
    kb: KnowledgeBase,
    files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Real concurrency: the delete holds its locks while the plan tries to save."""
    event_id = _load(factory, kb, files)
    solved, deleting = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def wait_for_the_delete() -> None:
        solved.set()
        assert deleting.wait(30)

    def plan() -> None:
        try:
            with factory.begin() as s:
                plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    monkeypatch.setattr(plans, "enrich_plan", _solving(wait_for_the_delete))
    planner = threading.Thread(target=plan)
    planner.start()
    assert solved.wait(60)
    with factory.begin() as d:
        delete_event(d, event_id)
        deleting.set()
        planner.join(0.5)  # the plan is now waiting for the delete's locks
    planner.join(60)
    assert not planner.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], NotFound), errors


def test_delete__waits_for_a_plan_being_saved_and_deletes_it_too(
    factory: sessionmaker[Session], kb: KnowledgeBase, files: tuple[Path, Path]
) -> None:
    event_id = _load(factory, kb, files)
    errors: list[BaseException] = []

    def delete() -> None:
        try:
            with factory.begin() as d:
                delete_event(d, event_id)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    deleter = threading.Thread(target=delete)
    with factory.begin() as s:
        plan_event(s, kb, event_id, matcher=TokenOverlapMatcher())
        deleter.start()
        deleter.join(0.5)  # the delete is now waiting for the plan's locks
    deleter.join(60)
    assert not deleter.is_alive() and errors == []
    with factory() as s:
        assert s.get(Event, event_id) is None
        assert s.scalars(select(EventPlan).where(EventPlan.event_id == event_id)).all() == []
