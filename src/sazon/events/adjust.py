"""Fixing a dish by hand takes effect at once: the lock is saved and, when the event already
has a plan, the plan is made again with it, so the planner sees the result right away
(the plan page shows the new version, or why the lock could not hold).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sazon.events.inputs import PlanOptions
from sazon.events.locks import remove_lock, set_lock
from sazon.events.plan_versions import latest_plan_row
from sazon.events.plans import PlanResult, plan_event
from sazon.events.preferences import NoteMatcher
from sazon.generate import Generator
from sazon.knowledge import KnowledgeBase


def lock_and_replan(
    session: Session,
    kb: KnowledgeBase,
    event_id: int,
    course: str,
    dish_id: int,
    guest_id: int | None = None,
    *,
    actor: str = "system",
    options: PlanOptions | None = None,
    matcher: NoteMatcher | None = None,
    generator: Generator | None = None,
) -> PlanResult | None:
    """Save the lock, then re-plan (as last time) if the event has a plan; None if it has
    none yet (the lock applies to the first plan)."""
    set_lock(session, event_id, course, dish_id, guest_id, actor=actor)
    return _replan(session, kb, event_id, actor, options, matcher, generator)


def unlock_and_replan(
    session: Session,
    kb: KnowledgeBase,
    event_id: int,
    lock_id: int,
    *,
    actor: str = "system",
    options: PlanOptions | None = None,
    matcher: NoteMatcher | None = None,
    generator: Generator | None = None,
) -> PlanResult | None:
    """Remove a lock, then re-plan if the event has a plan (the planner chooses again)."""
    remove_lock(session, event_id, lock_id)
    return _replan(session, kb, event_id, actor, options, matcher, generator)


def _replan(
    session: Session,
    kb: KnowledgeBase,
    event_id: int,
    actor: str,
    options: PlanOptions | None,
    matcher: NoteMatcher | None,
    generator: Generator | None,
) -> PlanResult | None:
    if latest_plan_row(session, event_id) is None:
        return None
    return plan_event(
        session, kb, event_id, options, actor=actor, trigger="lock", matcher=matcher,
        generator=generator,
    )  # fmt: skip
