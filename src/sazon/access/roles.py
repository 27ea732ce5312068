"""Roles and what they may see. Health data is personal data under Peru's Ley 29733."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    admin = "admin"
    planner = "planner"
    coordinator = "coordinator"
    sommelier = "sommelier"
    staff = "staff"
    marketing = "marketing"
    analyst = "analyst"


ROLES = tuple(r.value for r in Role)

# Only these roles may read allergies, diets and notes (Ley 29733, health data).
HEALTH_READERS = frozenset({Role.admin, Role.planner, Role.coordinator, Role.staff})
# Who may change guests, venues, menus, and run ingest.
EDITORS = frozenset({Role.admin, Role.planner, Role.coordinator})
CATALOG_EDITORS = frozenset({Role.admin, Role.sommelier, Role.planner})
# Who may classify what the knowledge base does not know (house ingredients, synonyms,
# preparations): it decides which guests a dish is served to, so the people who own the menus.
KNOWLEDGE_EDITORS = frozenset({Role.admin, Role.planner})
ALL = frozenset(Role)
ADMINS = frozenset({Role.admin})
# Who plans events: builds guest lists, plans menus, sends invitations.
PLANNERS = frozenset({Role.admin, Role.planner, Role.coordinator})
# Who may download an event's guest list: the planners, and marketing to thank the guests
# or follow up after the event (names and answers only: marketing reads no health data).
EVENT_GUEST_READERS = PLANNERS | {Role.marketing}
# Who pairs wine: the sommelier and the floor (waitstaff), the owner, and the people who plan
# events and write about the menu. Pairing reads no personal data; analysts have no use for it.
PAIRERS = frozenset(
    {Role.admin, Role.sommelier, Role.staff, Role.planner, Role.coordinator, Role.marketing}
)

# Who reads market trends and complaints: the owner, marketing and the analysts (the texts
# are public posts and reviews, no guest data).
TREND_READERS = frozenset({Role.admin, Role.marketing, Role.analyst})


def can_read_health(role: str) -> bool:
    return role in HEALTH_READERS
