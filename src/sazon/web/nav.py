"""What each role sees in the menu and on the home page: only pages it may open and that exist.

A sommelier clicking "Planificador" to get a 403, or a tool that is not built sitting in the
menu, are dead ends; the entries here carry the same role sets the pages check.
"""

from __future__ import annotations

from dataclasses import dataclass

from sazon.access import ALL, EDITORS, KNOWLEDGE_EDITORS, PAIRERS, PLANNERS
from sazon.web.tools.experience_feedback import FEEDBACK_READERS
from sazon.web.tools.experience_pages import BRIEFING_READERS, SEGMENT_READERS
from sazon.web.tools.social import READERS as SOCIAL_READERS
from sazon.web.tools.trends import READERS as TREND_READERS


@dataclass(frozen=True)
class Entry:
    name: str  # its data-testid is "nav-<name>"
    label: str  # the word key of its label
    href: str
    roles: frozenset[str]
    tool: str | None = None  # the tool it belongs to (for the home page's tool cards)


ENTRIES = (
    Entry("home", "home", "/", ALL),
    Entry("guests", "guests", "/guests", ALL),
    Entry("ingest", "ingest", "/ingest", EDITORS),
    Entry("knowledge", "kn_title", "/knowledge/additions", KNOWLEDGE_EDITORS),
    Entry("events", "tool_events", "/tools/events", PLANNERS, "events"),
    Entry("pairing", "tool_pairing", "/tools/pairing", PAIRERS, "pairing"),
    Entry("segments", "xb_segments", "/tools/experience/segments", SEGMENT_READERS, "experience"),
    Entry("briefing", "xb_briefing", "/tools/experience/briefing", BRIEFING_READERS, "experience"),
    Entry("dishes", "xb_dishes_title", "/tools/experience/dishes", FEEDBACK_READERS, "experience"),
    Entry(
        "changes", "xb_changes_title", "/tools/experience/changes", FEEDBACK_READERS, "experience"
    ),
    Entry("trends", "tool_trends", "/tools/trends", TREND_READERS, "trends"),
    Entry("social", "tool_social", "/tools/social", SOCIAL_READERS, "social"),
)


def menu_for(role: str | None) -> list[Entry]:
    """The entries ``role`` may open (none before logging in)."""
    if role is None:
        return []
    return [e for e in ENTRIES if role in e.roles]


def tools_for(role: str | None) -> list[tuple[str, str]]:
    """The tools ``role`` can use, each with the first page it may open: (tool, href)."""
    out: dict[str, str] = {}
    for entry in menu_for(role):
        if entry.tool and entry.tool not in out:
            out[entry.tool] = entry.href
    return list(out.items())
