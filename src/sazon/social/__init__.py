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
    from sazon.social.food_calendar import FoodDay, food_days, upcoming
    from sazon.social.heatmap import heatmap_svg
    from sazon.social.history import (
        GROUP,
        MODEL_NAME,
        channels_with_posts,
        observed,
        predict_file,
        store_best_times,
        train_engagement,
    )
    from sazon.social.model import Baselines, EngagementModel
    from sazon.social.posts import Post, lima_slot, read_posts, text_features

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "GROUP",
    "MIN_OWN_POSTS",
    "MODEL_NAME",
    "Baselines",
    "BestTimes",
    "Daypart",
    "EngagementModel",
    "FoodDate",
    "FoodDay",
    "Observed",
    "Post",
    "Slot",
    "best_times",
    "channels_with_posts",
    "food_days",
    "heatmap_svg",
    "lima_slot",
    "observed",
    "predict_file",
    "read_posts",
    "store_best_times",
    "text_features",
    "train_engagement",
    "upcoming",
]
