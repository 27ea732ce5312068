"""Text generation: event concepts, menu descriptions, pairing notes, guest briefings, social
posts and opportunity briefs, in Spanish (es-PE) and English, grounded in the facts given.

>>> from sazon.generate import DishFacts, GenerationRequest, MenuDescriptionFacts, TemplateGenerator
>>> facts = MenuDescriptionFacts(dish=DishFacts(name="Lomo saltado", ingredients=["lomo fino"]))
>>> TemplateGenerator().generate(GenerationRequest(kind="menu_description", facts=facts)).lang
'es'

Backends: ``template`` (default, offline, deterministic for a seed) and ``openai`` (any
OpenAI-compatible endpoint, falling back to ``template``). See docs/generate.md.
"""

from sazon.generate import kinds as _kinds  # registers the built-in kinds
from sazon.generate.base import (
    Draft,
    Generation,
    GenerationRequest,
    Generator,
    Tone,
    build_request,
)
from sazon.generate.factory import BACKENDS, make_generator
from sazon.generate.facts import DishFacts, Facts, GuestMix, WineFacts
from sazon.generate.grounding import GroundingReport, Violation, check_grounding
from sazon.generate.kinds.event_concept import EventConceptFacts
from sazon.generate.kinds.guest_briefing import GuestBriefingFacts, GuestNote
from sazon.generate.kinds.menu_description import MenuDescriptionFacts
from sazon.generate.kinds.opportunity_brief import OpportunityBriefFacts
from sazon.generate.kinds.pairing_note import PairingNoteFacts, PairingReason
from sazon.generate.kinds.social_post import SocialPostFacts
from sazon.generate.openai_compat import OpenAIGenerator
from sazon.generate.registry import Composition, KindSpec, get_kind, kind_names, register_kind
from sazon.generate.template import TemplateGenerator
from sazon.generate.words import restriction_label

del _kinds

__all__ = [
    "BACKENDS",
    "Composition",
    "DishFacts",
    "Draft",
    "EventConceptFacts",
    "Facts",
    "Generation",
    "GenerationRequest",
    "Generator",
    "GroundingReport",
    "GuestBriefingFacts",
    "GuestMix",
    "GuestNote",
    "KindSpec",
    "MenuDescriptionFacts",
    "OpenAIGenerator",
    "OpportunityBriefFacts",
    "PairingNoteFacts",
    "PairingReason",
    "SocialPostFacts",
    "TemplateGenerator",
    "Tone",
    "Violation",
    "WineFacts",
    "build_request",
    "check_grounding",
    "get_kind",
    "kind_names",
    "make_generator",
    "register_kind",
    "restriction_label",
]
