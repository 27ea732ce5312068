"""Trend spotting in a stream of consumer texts (issue #16): emerging terms and products,
their lifecycle stage, complaints, and few, explained alerts in Spanish.

    from sazon.trends import TrendDetector, read_market_file

    detector = TrendDetector()
    read = read_market_file(path)            # good items + bad lines with reasons
    detector.learn_many(read.items)
    detector.finish()
    detector.report().to_json()              # {"trends": [...], "alerts": [...]}

On Kafka (Quix Streams): ``publish_items``, ``run_stream(StreamConfig(...))`` and
``open_state(cfg).report()``. See docs/trends.md.
"""

from typing import TYPE_CHECKING

from sazon.lazy import lazy_exports

if TYPE_CHECKING:
    from sazon.trends.analysis import Analysis, Topic, analyse
    from sazon.trends.briefs import Brief, find_trend, make_brief
    from sazon.trends.cache import StoreTrends, store_digest
    from sazon.trends.delivery import (
        ALERTS_TOPIC,
        TrendAlertRaised,
        publish_alerts,
        webhook_processor,
    )
    from sazon.trends.detector import Scorer, TrendDetector
    from sazon.trends.kafka_engine import StreamConfig, open_state, publish_items, run_stream
    from sazon.trends.model import STAGES, STAGES_ES, Alert, MarketItem, Settings, Trend
    from sazon.trends.octagons import Formulation, Screen, screen
    from sazon.trends.reading import BadLine, MarketRead, read_market_file, read_market_rows
    from sazon.trends.report import TrendReport
    from sazon.trends.sales import Lead, SalesRead, brief_lead, read_sales_file, read_sales_rows
    from sazon.trends.segments import Segment
    from sazon.trends.service import (
        analyse_file,
        app_alerts,
        app_analysis,
        detect_file,
        saved_scorer,
        scorer_tag,
        store_analysis,
        store_items,
        store_report,
        text_scorer,
    )
    from sazon.trends.shifts import Shift
    from sazon.trends.stream_state import StreamState
    from sazon.trends.themes import Theme, Themes, find_themes

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "ALERTS_TOPIC",
    "STAGES",
    "STAGES_ES",
    "Alert",
    "Analysis",
    "BadLine",
    "Brief",
    "Formulation",
    "Lead",
    "MarketItem",
    "MarketRead",
    "SalesRead",
    "Scorer",
    "Screen",
    "Segment",
    "Settings",
    "Shift",
    "StoreTrends",
    "StreamConfig",
    "StreamState",
    "Theme",
    "Themes",
    "Topic",
    "Trend",
    "TrendAlertRaised",
    "TrendDetector",
    "TrendReport",
    "analyse",
    "analyse_file",
    "app_alerts",
    "app_analysis",
    "brief_lead",
    "detect_file",
    "find_themes",
    "find_trend",
    "make_brief",
    "open_state",
    "publish_alerts",
    "publish_items",
    "read_market_file",
    "read_market_rows",
    "read_sales_file",
    "read_sales_rows",
    "run_stream",
    "saved_scorer",
    "scorer_tag",
    "screen",
    "store_analysis",
    "store_digest",
    "store_items",
    "store_report",
    "text_scorer",
    "webhook_processor",
]
