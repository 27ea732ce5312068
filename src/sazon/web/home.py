"""What the home page shows a role: the blocks a manager opens the app for, each read through
its tool's own function (no query here) and only for the roles that may open the page it
links to.

- upcoming events with their RSVPs and the allergies to expect (``sazon.events``),
- the last uploads and the rows waiting in quarantine (``sazon.ingest``),
- what changed in each venue's reviews and why (``sazon.experience.venue_changes``, as the
  what-changed page draws it),
- how many trend alerts are open (``sazon.trends.app_alerts``, never waiting for a replay),
- the next posts of the social calendar (``sazon.social.next_posts``).

A block a role may not see is None (the page leaves it out); an empty one is an empty list,
and the page says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sazon.access import EDITORS, PLANNERS, can_read_health
from sazon.events import UpcomingEvent, upcoming_events
from sazon.experience import VenueChanges, venue_changes
from sazon.ingest import open_quarantine, recent_runs, run_summary
from sazon.social import CalendarEntry, next_posts
from sazon.store.catalog import venues_by_name
from sazon.store.queries import row_counts
from sazon.timeutil import LIMA
from sazon.trends import Alert, app_alerts
from sazon.web.home_charts import allergy_bars_svg, rsvp_bar_svg
from sazon.web.i18n import LABELS
from sazon.web.nav import menu_for
from sazon.web.tools.experience_charts import change_svg
from sazon.web.tools.experience_feedback import CHANGES_WEEKS, FEEDBACK_READERS
from sazon.web.tools.social import READERS as SOCIAL_READERS
from sazon.web.tools.trends import READERS as TREND_READERS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sazon.api import ApiState

__all__ = ["COUNTS", "Home", "home_view"]

#: The counters, each with the list it opens and the word it is shown with. A number with no
#: list behind it (visits, venues, dishes, wines, all the feedback) was a dead end; a role
#: sees only the counters whose list it may open.
COUNTS = {"guests": ("/guests", "guests"), "events": ("/tools/events", "ev_events")}
#: Changes shown per venue on the home (the what-changed page has them all).
CHANGES_SHOWN = 2


@dataclass
class EventCard:
    event: UpcomingEvent
    rsvp_chart: str
    allergy_chart: str


@dataclass
class VenueCard:
    report: VenueChanges
    charts: list[str]


@dataclass
class Home:
    counts: dict[str, int]
    lists: dict[str, tuple[str, str]] = field(default_factory=dict)  # (its list, its word)
    events: list[EventCard] | None = None
    health: bool = False
    uploads: list[dict[str, Any]] | None = None
    quarantine: dict[str, int] | None = None
    changes: list[VenueCard] | None = None
    changes_weeks: int = CHANGES_WEEKS
    #: None while the first analysis is being made (the page says so), else the alerts.
    alerts: list[Alert] | None = None
    alerts_shown: bool = False
    posts: list[CalendarEntry] | None = None
    blocks: list[str] = field(default_factory=list)  # the blocks shown, in order

    @property
    def quarantine_open(self) -> int:
        return sum((self.quarantine or {}).values())


def home_view(
    state: ApiState, owner: Any, session: Session, role: str, lang: str, t: dict[str, str]
) -> Home:
    """The home of ``role`` in ``lang`` (``t``: the page's words); ``owner`` holds the app's
    caches (the trends analysis)."""
    lists = {e.href for e in menu_for(role)}
    shown = tuple(name for name, (href, _) in COUNTS.items() if href in lists)
    home = Home(counts=row_counts(session, shown), lists={n: COUNTS[n] for n in shown})
    now = datetime.now(LIMA)
    if role in PLANNERS:
        home.health = can_read_health(role)
        names = {slug: words[lang] for slug, words in LABELS.items()}
        home.events = [
            EventCard(e, rsvp_bar_svg(e.rsvp, e.capacity, t),
                      allergy_bars_svg(e.allergies or [], names))
            for e in upcoming_events(session, health=home.health, now=now, limit=3)
        ]  # fmt: skip
        home.blocks.append("events")
    if role in FEEDBACK_READERS:
        home.changes = [_venue_card(session, v.code, lang) for v in venues_by_name(session)]
        home.blocks.append("changes")
    if role in EDITORS:
        home.uploads = [run_summary(r) for r in recent_runs(session, 4)]
        home.quarantine = open_quarantine(session)
        home.blocks.append("uploads")
    if role in TREND_READERS:
        home.alerts = app_alerts(owner, state.settings, state.factory)
        home.alerts_shown = True
        home.blocks.append("trends")
    if role in SOCIAL_READERS:
        home.posts = next_posts(session, now.date())
        home.blocks.append("posts")
    return home


def _venue_card(session: Session, venue: str, lang: str) -> VenueCard:
    report = venue_changes(session, venue, weeks=CHANGES_WEEKS, lang=lang)
    report.changes = report.changes[:CHANGES_SHOWN]
    return VenueCard(report, [change_svg(c, lang) for c in report.changes])
