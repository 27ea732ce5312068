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
    from sazon.trends.detector import Scorer, TrendDetector
    from sazon.trends.kafka_engine import StreamConfig, open_state, publish_items, run_stream
    from sazon.trends.model import STAGES, STAGES_ES, Alert, MarketItem, Settings, Trend
    from sazon.trends.reading import BadLine, MarketRead, read_market_file, read_market_rows
    from sazon.trends.report import TrendReport
    from sazon.trends.service import (
        StoreTrends,
        detect_file,
        saved_scorer,
        store_report,
        text_scorer,
    )
    from sazon.trends.stream_state import StreamState

__getattr__, __dir__ = lazy_exports(__name__, __file__)

__all__ = [
    "STAGES",
    "STAGES_ES",
    "Alert",
    "BadLine",
    "MarketItem",
    "MarketRead",
    "Scorer",
    "Settings",
    "StoreTrends",
    "StreamConfig",
    "StreamState",
    "Trend",
    "TrendDetector",
    "TrendReport",
    "detect_file",
    "open_state",
    "publish_items",
    "read_market_file",
    "read_market_rows",
    "run_stream",
    "saved_scorer",
    "store_report",
    "text_scorer",
]
