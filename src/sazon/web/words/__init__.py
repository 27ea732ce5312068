"""The tools' own words (one module per tool, each a ``WORDS`` dict like ``i18n.T``).

``sazon.web.i18n`` merges them; a key may be defined once across all of them (a test checks).
"""

from __future__ import annotations

from sazon.web.words import (
    errors,
    event_errors,
    event_flow,
    event_guests,
    events,
    experience_pages,
    home,
    ingest,
    invite,
    knowledge,
    pairing,
    social,
    trends,
)

TOOL_WORDS: list[dict[str, dict[str, str]]] = [
    pairing.WORDS,
    events.WORDS,
    knowledge.WORDS,
    errors.WORDS,
    social.WORDS,
    experience_pages.WORDS,
    ingest.WORDS,
    event_errors.WORDS,
    invite.WORDS,
    event_flow.WORDS,
    event_guests.WORDS,
    trends.WORDS,
    home.WORDS,
]


__all__ = ["TOOL_WORDS"]
