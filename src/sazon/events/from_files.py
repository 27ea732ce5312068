"""Plan a menu from files: a guest list, a menu and, when given, a wine list; no store needed.

A planner trying a menu before the event exists (``sazon events plan --guests --menu``) gets
the same plan, flight and concept as a stored event would. The fields of the request are
validated by :class:`PlanRequest`; a face names its own options when one is refused.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sazon.config import PairingSettings
from sazon.errors import InvalidInput
from sazon.events.enrich import enrich_request_plan
from sazon.events.files import read_guests, read_menu
from sazon.events.plan_pipeline import plan_menu
from sazon.events.preferences import NoteMatcher
from sazon.events.schemas import Lang, Plan, PlanRequest, WineMode
from sazon.generate import Generator
from sazon.knowledge import KnowledgeBase
from sazon.pairing import read_wines


def plan_from_files(
    guests: Path,
    menu: Path,
    courses: list[str],
    kb: KnowledgeBase,
    *,
    matcher: NoteMatcher | None = None,
    budget_per_guest: Decimal | None = None,
    max_dishes_per_course: int = 3,
    lang: Lang = "es",
    time_limit_s: float = 10.0,
    wines: Path | None = None,
    concept: bool = False,
    event_type: str | None = None,
    wine_mode: WineMode | None = None,
    drinks_budget_per_guest: Decimal | None = None,
    generator: Generator | None = None,
    max_file_mb: float = 50,
    wine_limits: PairingSettings | None = None,
) -> Plan:
    """The plan for the guests in ``guests`` from the dishes in ``menu``; every guest-course
    ends served or explained, and what could not be read from the files is in its warnings.

    Raises ``pydantic.ValidationError`` for a refused request field and ``InvalidInput`` for
    files that cannot be planned (e.g. a menu with none of the ``courses``). Files are read
    within ``max_file_mb`` (``settings.ingest.max_file_mb``) and the wine list within
    ``wine_limits`` (``settings.pairing``).
    """
    dishes, menu_notes = read_menu(menu, kb, lang, max_mb=max_file_mb)
    people, guest_warnings = read_guests(guests, lang, max_mb=max_file_mb)
    request = PlanRequest(
        guests=people, menu=dishes, courses=courses, budget_per_guest=budget_per_guest,
        max_dishes_per_course=max_dishes_per_course, lang=lang, time_limit_s=time_limit_s,
    )  # fmt: skip
    if not {d.course for d in dishes} & set(request.courses):
        raise InvalidInput(
            f"the menu has none of the courses {', '.join(request.courses)}: check --courses"
        )
    wine_list = read_wines(wines, wine_limits or PairingSettings()) if wines else None
    plan = plan_menu(request, kb, matcher)
    plan.warnings = [*guest_warnings, *menu_notes, *plan.warnings]
    enrich_request_plan(
        plan, request, kb, wines=wine_list, concept=concept, event_type=event_type,
        wine_mode=wine_mode, drinks_budget_per_guest=drinks_budget_per_guest,
        generator=generator if concept else None,
    )  # fmt: skip
    return plan
