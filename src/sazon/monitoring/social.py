"""Social media's metrics: posts published and given up on (``social.outbox``), and the
time to suggest a page's best hours (``social.best_times``). Posts read in are counted by
``sazon_ingest_rows_total``.

Labels are bounded sets: the channel is one of :data:`CHANNELS` (any other is counted as
``other``, see :func:`channel_label`) and a publish failure's reason one of
:data:`PUBLISH_FAILURES`; never a post's text, account or id.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from sazon.monitoring.metrics import LATENCY_BUCKETS, REGISTRY

CHANNELS = ("instagram", "facebook", "tiktok", "other")
#: Why a post did not go out: the network refused it, the account's token is no longer
#: valid, the channel could not be reached, or the post itself was invalid.
PUBLISH_FAILURES = ("rejected", "auth", "unreachable", "invalid")

SOCIAL_PUBLISHED = Counter(
    "sazon_social_posts_published_total",
    "Posts published to a channel.",
    ["channel"],
    registry=REGISTRY,
)
SOCIAL_PUBLISH_FAILURES = Counter(
    "sazon_social_publish_failures_total",
    "Posts that failed to publish, by channel and reason (rejected, auth, unreachable, invalid).",
    ["channel", "reason"],
    registry=REGISTRY,
)
SOCIAL_SUGGEST_SECONDS = Histogram(
    "sazon_social_best_times_seconds",
    "Time to suggest the best hours to post for one page.",
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
for _channel in CHANNELS:
    SOCIAL_PUBLISHED.labels(_channel)
    for _reason in PUBLISH_FAILURES:
        SOCIAL_PUBLISH_FAILURES.labels(_channel, _reason)


def channel_label(channel: str) -> str:
    """The label value for a channel named in a file: one of :data:`CHANNELS`."""
    name = channel.strip().lower()
    return name if name in CHANNELS else "other"
