"""The tables of the one Sazón store.

Times are stored in UTC (see :class:`UTCDateTime`); money is PEN in ``Numeric(10, 2)``.
Lists (allergies, diets, grapes…) are JSON arrays so both SQLite and PostgreSQL hold them.
"""

# Every table, one module per concept; importing this package puts them all on Base.metadata
# (Alembic's env and the store's sessions read it from here).
from sazon.store.models.access import ApiKey, AuditEntry, AuditGuest, WebSession
from sazon.store.models.base import IDS_NEVER_REUSED, NAMING, Base, Money, Timestamped
from sazon.store.models.events import (
    Event,
    EventLock,
    EventPlan,
    GuestNeedsChange,
    Invitation,
    PlanCheck,
    RsvpLink,
)
from sazon.store.models.guests import Feedback, Guest, OrderLine, Visit
from sazon.store.models.ingest import (
    GuestFlag,
    IngestedRow,
    IngestJob,
    IngestRun,
    QuarantinedRow,
    RecordMerge,
)
from sazon.store.models.knowledge import KnowledgeAddition
from sazon.store.models.social import PublishAttempt, ScheduledPost, SocialOutbox
from sazon.store.models.texts import FeedbackSentiment, MarketText, SocialPost
from sazon.store.models.venues import Dish, DishIngredient, Ingredient, Venue, Wine
from sazon.store.models.version import StoreVersion

__all__ = [
    "IDS_NEVER_REUSED",
    "NAMING",
    "ApiKey",
    "AuditEntry",
    "AuditGuest",
    "Base",
    "Dish",
    "DishIngredient",
    "Event",
    "EventLock",
    "EventPlan",
    "Feedback",
    "FeedbackSentiment",
    "Guest",
    "GuestFlag",
    "GuestNeedsChange",
    "IngestJob",
    "IngestRun",
    "IngestedRow",
    "Ingredient",
    "Invitation",
    "KnowledgeAddition",
    "MarketText",
    "Money",
    "OrderLine",
    "PlanCheck",
    "PublishAttempt",
    "QuarantinedRow",
    "RecordMerge",
    "RsvpLink",
    "ScheduledPost",
    "SocialOutbox",
    "SocialPost",
    "StoreVersion",
    "Timestamped",
    "Venue",
    "Visit",
    "WebSession",
    "Wine",
]
