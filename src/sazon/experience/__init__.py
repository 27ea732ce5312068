"""Guest experience: what to offer each guest (and, as it grows, what guests say, who they
are, whether they come back, the pre-shift briefing). See docs/experience.md.

:class:`HybridRecommender` ranks items for guests from any interactions file;
:func:`recommend_for_guest` offers a known guest dishes and wines from the store, each with a
reason, never one that breaks their restrictions or is off the venue's menu.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.experience.files import RecData, read_data
    from sazon.experience.recommend import HybridRecommender
    from sazon.experience.recommend_guest import recommend_for_guest
    from sazon.experience.schemas import GuestRecommendations, Suggestion

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "GuestRecommendations",
    "HybridRecommender",
    "RecData",
    "Suggestion",
    "read_data",
    "recommend_for_guest",
]
