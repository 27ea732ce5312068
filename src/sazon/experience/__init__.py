"""Guest experience: what to offer each guest, who they are (segments), whether they come
back, and the pre-shift briefing. See docs/experience.md.

:class:`HybridRecommender` ranks items for guests from any interactions file;
:func:`recommend_for_guest` offers a known guest dishes and wines from the store, each with a
reason, never one that breaks their restrictions or is off the venue's menu.
:func:`forecast` (a transactions file) and :func:`venue_returns` / :func:`guest_returns` (the
store) say how many visits to expect of each guest and how likely they are to come back.
:func:`segment_guests` groups guests for marketing; :func:`build_briefing` writes the
pre-shift briefing; :class:`ExperienceServing` keeps a server's model between requests and
:func:`experience_learn_processor` / :func:`train_items` are the learning loop.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.experience.briefing import Briefing, build_briefing
    from sazon.experience.briefing_print import briefing_pdf
    from sazon.experience.changes import Change, VenueChanges, venue_changes
    from sazon.experience.dish_linker import DishLinker, DishMention, MenuDish
    from sazon.experience.dish_report import DishSentiment, VenueDishes, dish_sentiment
    from sazon.experience.feedback_reads import iso_week, parse_day, parse_week
    from sazon.experience.files import RecData, read_data
    from sazon.experience.learn import experience_learn_processor, train_items
    from sazon.experience.recommend import HybridRecommender
    from sazon.experience.recommend_guest import recommend_for_guest
    from sazon.experience.returns import MAX_HORIZON_DAYS, check_horizon, forecast
    from sazon.experience.returns_data import read_transactions
    from sazon.experience.returns_model import ReturnModel, train_returns
    from sazon.experience.returns_store import (
        GuestReturn,
        VenueReturns,
        guest_returns,
        venue_returns,
    )
    from sazon.experience.schemas import GuestRecommendations, Suggestion
    from sazon.experience.segments import (
        Member,
        Segmentation,
        marketing_members,
        members_csv,
        members_xlsx,
        segment_guests,
    )
    from sazon.experience.serving import ExperienceServing

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "MAX_HORIZON_DAYS",
    "Briefing",
    "Change",
    "DishLinker",
    "DishMention",
    "DishSentiment",
    "ExperienceServing",
    "GuestRecommendations",
    "GuestReturn",
    "HybridRecommender",
    "Member",
    "MenuDish",
    "RecData",
    "ReturnModel",
    "Segmentation",
    "Suggestion",
    "VenueChanges",
    "VenueDishes",
    "VenueReturns",
    "briefing_pdf",
    "build_briefing",
    "check_horizon",
    "dish_sentiment",
    "experience_learn_processor",
    "forecast",
    "guest_returns",
    "iso_week",
    "marketing_members",
    "members_csv",
    "members_xlsx",
    "parse_day",
    "parse_week",
    "read_data",
    "read_transactions",
    "recommend_for_guest",
    "segment_guests",
    "train_items",
    "train_returns",
    "venue_changes",
    "venue_returns",
]
