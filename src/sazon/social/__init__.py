"""The social media optimizer: predicted engagement before posting and the best times to post.

    from sazon.social import EngagementModel, read_posts, predict_file, best_times

    posts, y = read_posts(Path("historial.csv"), target="engagement")
    model = EngagementModel().fit(posts, y)
    model.predict(new_posts), model.predict_interval(new_posts)

See docs/social.md.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.social.best_times import (
        MIN_OWN_POSTS,
        BestTimes,
        Daypart,
        FoodDate,
        Observed,
        Slot,
        best_times,
    )
    from sazon.social.calendar import (
        CalendarEntry,
        approve,
        calendar_entries,
        food_days_between,
        next_posts,
        plan_post,
        schedule,
        to_csv,
        to_ics,
    )
    from sazon.social.drafts import DraftSet, SkippedTopic, SocialDraft, trend_terms, venue_drafts
    from sazon.social.food_calendar import FoodDay, food_days, upcoming
    from sazon.social.heatmap import heatmap_svg
    from sazon.social.history import (
        GROUP,
        MODEL_NAME,
        cached_trends,
        channels_with_posts,
        observed,
        predict_file,
        serving_model,
        store_best_times,
        store_drafts,
        train_engagement,
    )
    from sazon.social.learning import (
        MIN_NEW,
        SOCIAL_LEARN,
        Retrained,
        retrain_if_due,
        social_learn_processor,
    )
    from sazon.social.model import Baselines, EngagementModel
    from sazon.social.outbox import DispatchReport, OutboxItem, dispatch, outbox_items, retry
    from sazon.social.posts import Post, lima_slot, read_posts, text_features
    from sazon.social.publishers import (
        FolderPublisher,
        GraphPublisher,
        Outgoing,
        Publisher,
        PublishFailed,
        make_publisher,
    )

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "GROUP",
    "MIN_NEW",
    "MIN_OWN_POSTS",
    "MODEL_NAME",
    "SOCIAL_LEARN",
    "Baselines",
    "BestTimes",
    "CalendarEntry",
    "Daypart",
    "DispatchReport",
    "DraftSet",
    "EngagementModel",
    "FolderPublisher",
    "FoodDate",
    "FoodDay",
    "GraphPublisher",
    "Observed",
    "OutboxItem",
    "Outgoing",
    "Post",
    "PublishFailed",
    "Publisher",
    "Retrained",
    "SkippedTopic",
    "Slot",
    "SocialDraft",
    "approve",
    "best_times",
    "cached_trends",
    "calendar_entries",
    "channels_with_posts",
    "dispatch",
    "food_days",
    "food_days_between",
    "heatmap_svg",
    "lima_slot",
    "make_publisher",
    "next_posts",
    "observed",
    "outbox_items",
    "plan_post",
    "predict_file",
    "read_posts",
    "retrain_if_due",
    "retry",
    "schedule",
    "serving_model",
    "social_learn_processor",
    "store_best_times",
    "store_drafts",
    "text_features",
    "to_csv",
    "to_ics",
    "train_engagement",
    "trend_terms",
    "upcoming",
    "venue_drafts",
]
