"""The built-in kinds of text, registered when ``sazon.generate`` is imported."""

from __future__ import annotations

from sazon.generate.kinds import (
    event_concept,
    guest_briefing,
    menu_description,
    opportunity_brief,
    pairing_note,
    social_post,
)
from sazon.generate.registry import KindSpec, register_kind

BUILTIN: tuple[KindSpec, ...] = (
    event_concept.SPEC,
    menu_description.SPEC,
    pairing_note.SPEC,
    guest_briefing.SPEC,
    social_post.SPEC,
    opportunity_brief.SPEC,
)

for _spec in BUILTIN:
    register_kind(_spec, replace=True)
