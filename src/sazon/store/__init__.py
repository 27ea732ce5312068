"""The store: SQLAlchemy 2 models, sessions and Alembic upgrades (SQLite or PostgreSQL)."""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.store.db import (
        current_revision,
        head_revision,
        make_engine,
        session_factory,
        transaction,
        upgrade,
    )
    from sazon.store.models import (
        ApiKey,
        AuditEntry,
        AuditGuest,
        Base,
        Dish,
        DishIngredient,
        Event,
        Feedback,
        Guest,
        GuestFlag,
        IngestedRow,
        IngestJob,
        IngestRun,
        Ingredient,
        Invitation,
        KnowledgeAddition,
        MarketText,
        OrderLine,
        PublishAttempt,
        QuarantinedRow,
        RecordMerge,
        ScheduledPost,
        SocialOutbox,
        SocialPost,
        Venue,
        Visit,
        WebSession,
        Wine,
    )
    from sazon.store.name_key import fold_words, guest_name_key, name_lengths_within
    from sazon.store.version import DataVersion

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ApiKey",
    "AuditEntry",
    "AuditGuest",
    "Base",
    "DataVersion",
    "Dish",
    "DishIngredient",
    "Event",
    "Feedback",
    "Guest",
    "GuestFlag",
    "IngestJob",
    "IngestRun",
    "IngestedRow",
    "Ingredient",
    "Invitation",
    "KnowledgeAddition",
    "MarketText",
    "OrderLine",
    "PublishAttempt",
    "QuarantinedRow",
    "RecordMerge",
    "ScheduledPost",
    "SocialOutbox",
    "SocialPost",
    "Venue",
    "Visit",
    "WebSession",
    "Wine",
    "current_revision",
    "fold_words",
    "guest_name_key",
    "head_revision",
    "make_engine",
    "name_lengths_within",
    "session_factory",
    "transaction",
    "upgrade",
]
