"""What the trend detector reads (a market text) and what it keeps and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

# The stream's volume, told like a term: "volumen total está en crecimiento".
VOLUME = "volumen total"
STAGES = ("emerging", "growing", "peaking", "declining", "stable", "spike")
STAGES_ES = {
    "emerging": "emergente",
    "growing": "en crecimiento",
    "peaking": "en su pico",
    "declining": "en declive",
    "stable": "estable",
    "spike": "pico aislado",
}
# For the alerts' English line: "«X» has been <this> since …".
STAGES_EN = {
    "emerging": "emerging",
    "growing": "growing",
    "peaking": "at its peak",
    "declining": "declining",
    "stable": "stable",
    "spike": "a one-off spike",
}


@dataclass(frozen=True)
class MarketItem:
    """One consumer text: a post, a review, a comment."""

    id: str
    created_at: datetime  # with an offset; bucketed by its day in America/Lima
    text: str
    source: str = "unknown"
    product: str | None = None
    category: str | None = None
    rating: float | None = None
    region: str | None = None
    segment: str | None = None  # who wrote it, as the source tells ("estudiantes", "padres")


@dataclass(frozen=True)
class Settings:
    """How the detector buckets, tests and alerts; the defaults were chosen on the dev seeds
    of bench/trends_planted.py (docs/trends.md, "Cómo se eligió")."""

    bucket_days: int = 1
    windows: tuple[int, ...] = (1, 3, 7, 28)
    baseline: int = 56  # buckets before a window that give a term's expected share
    alpha: float = 0.01  # family-wise error of a bucket's term tests (Bonferroni, terms × windows)
    min_count: int = 5  # texts in a window before a term is tested at all
    min_ratio: float = 3.0  # observed / expected: significance without size is no trend
    # Terms rare before (under one text expected in the window: a new flavour's first
    # mentions) form a family of their own with this share of alpha and a lower minimum
    # count; 0 puts them back with the rest (weighted Bonferroni: the bucket's error stays α).
    rare_alpha_share: float = 0.5
    min_count_rare: int = 3
    model: str = "poisson"  # or "negbin"
    dispersion: float = 5.0  # the negative binomial's size (smaller = more overdispersed)
    warmup: int = 14  # buckets of history before any test
    max_terms: int = 200_000  # tracked terms; the rarest go first beyond this
    alerts_per_day: int = 3
    example_buckets: int = 14  # how far back texts are kept to show and to read
    close_after: int = 28  # buckets without significance that end an episode

    def __post_init__(self) -> None:
        if not 0.0 <= self.rare_alpha_share < 1.0:  # the other family needs some alpha too
            raise ValueError("rare_alpha_share must be in [0, 1)")

    @property
    def ring(self) -> int:
        return max(self.windows) + self.baseline


@dataclass
class Episode:
    """One burst of one term, from its first significant bucket until it goes quiet."""

    term: str
    first: int  # bucket first significant
    last: int  # bucket last significant
    base_share: float  # the share of texts it had before
    score: float  # the strongest surprise (−log10 p) seen
    peak: int  # bucket of that score
    window: int  # the window that gave it
    hits: list[int] = field(default_factory=list)  # significant buckets
    series: list[tuple[int, int, int]] = field(default_factory=list)  # bucket, count, volume
    alerted: bool = False
    # The evidence as of its last significant bucket (texts are not kept forever).
    examples: list[str] = field(default_factory=list)
    sentiment: float | None = None
    negative_share: float = 0.0
    products: list[str] = field(default_factory=list)
    copies: bool = False
    related: list[str] = field(default_factory=list)
    merged_into: str | None = None  # another term's burst, told as that one
    seasonal: bool = False  # as high the same weeks a year before
    reference: int = 0  # for VOLUME: the volume its series is read against
    ids: list[str] = field(default_factory=list)  # a sample of its texts, to join bursts
    label: str = ""  # the words as people write them ("té de muña", not "te de muñir")
    # The first significant bucket of the burst it tells: a term of the same texts (a new
    # word, "muña") may be significant a day before the phrase that names the burst.
    since: int | None = None

    @property
    def began(self) -> int:
        return self.first if self.since is None else min(self.since, self.first)

    def to_dict(self) -> dict[str, Any]:
        # Its fields are flat (numbers, strings, lists of them): a shallow copy of each list
        # is asdict's result at a fraction of its cost (each Kafka merge saves them all).
        return {k: list(v) if isinstance(v, list) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Episode:
        data = dict(data)
        data["series"] = [tuple(x) for x in data.get("series", [])]
        return cls(**data)


@dataclass
class Trend:
    """A trend as reported: a term (with the terms that rose with it) and its evidence."""

    term: str
    stage: str
    first_detected: date
    score: float
    volume: int  # texts naming it in its recent window
    growth: float  # its share now over its share before
    sentiment: float | None
    examples: list[str]
    related: list[str]
    products: list[str]
    copies: bool  # most of it is one text copied (bots, copy-paste)
    importance: float
    complaint: bool = False
    seasonal: bool = False
    key: str = ""  # the normalised term it is counted under

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["first_detected"] = self.first_detected.isoformat()
        out["stage_es"] = STAGES_ES[self.stage]
        return out


@dataclass
class Alert:
    """What a reader is told once per trend: what, since when, how strong, the stage, texts."""

    id: str
    kind: str  # "tendencia" or "queja"
    term: str
    stage: str
    since: date
    raised: date
    score: float
    severity: str  # "alta", "media", "baja"
    message: str  # Spanish
    examples: list[str]
    products: list[str]
    message_en: str = ""  # the same, in English (empty in alerts saved before it existed)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"] = self.since.isoformat()
        out["raised"] = self.raised.isoformat()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alert:
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["since"] = date.fromisoformat(data["since"])
        data["raised"] = date.fromisoformat(data["raised"])
        return cls(**data)
