"""Each tool's counters and histograms. Labels are bounded sets (kinds, outcomes, statuses,
topics, consumer groups, model names): never a name, an email, a text or an id.

They are cheap to update on the hot path (a dict lookup and an add). What must be read from
the store (open quarantine, plans by status, bus lag, model quality) is collected at scrape
time instead: see :mod:`sazon.monitoring.scrape`.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from sazon.monitoring.metrics import LATENCY_BUCKETS, REGISTRY

# Solves and batch jobs take longer than a request: up to ten minutes.
SLOW_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

# -- bus --------------------------------------------------------------------------------------
BUS_PUBLISHED = Counter(
    "sazon_bus_published_total", "Events published, by topic.", ["topic"], registry=REGISTRY
)
BUS_HANDLED = Counter(
    "sazon_bus_handled_total",
    "Messages a processor took off the bus, by outcome (processed, duplicate).",
    ["group", "outcome"],
    registry=REGISTRY,
)
BUS_RETRIED = Counter(
    "sazon_bus_retried_total", "Failed attempts tried again.", ["group"], registry=REGISTRY
)
BUS_DEAD_LETTERED = Counter(
    "sazon_bus_dead_lettered_total",
    "Messages sent to <topic>.dlq, by consumer group and source topic.",
    ["group", "topic"],
    registry=REGISTRY,
)
WORKER_UP = Gauge(
    "sazon_worker_processors",
    "Processors this worker runs (0 when it only relays the outbox).",
    registry=REGISTRY,
)

# -- ingest -----------------------------------------------------------------------------------
INGEST_ROWS = Counter(
    "sazon_ingest_rows_total",
    "Ingested rows by kind and outcome (accepted, merged, quarantined).",
    ["kind", "outcome"],
    registry=REGISTRY,
)
INGEST_DURATION = Histogram(
    "sazon_ingest_duration_seconds",
    "Time to ingest one file, by kind.",
    ["kind"],
    buckets=SLOW_BUCKETS,
    registry=REGISTRY,
)

# -- events -----------------------------------------------------------------------------------
EVENTS_PLANS = Counter(
    "sazon_events_plans_total",
    "Plans solved, by status (optimal, feasible, infeasible…) and trigger.",
    ["status", "trigger"],
    registry=REGISTRY,
)
EVENTS_SOLVE = Histogram(
    "sazon_events_solve_seconds",
    "CP-SAT solve time per plan.",
    buckets=SLOW_BUCKETS,
    registry=REGISTRY,
)
EVENTS_UNSERVED = Counter(
    "sazon_events_unserved_guest_courses_total",
    "Guest-courses a plan left without a plate.",
    registry=REGISTRY,
)
EVENTS_TO_CONFIRM = Counter(
    "sazon_events_restrictions_to_confirm_total",
    "Planned guests with restriction words nobody could read (a person must confirm them).",
    registry=REGISTRY,
)

# -- pairing ----------------------------------------------------------------------------------
PAIRING_SUGGESTIONS = Counter(
    "sazon_pairing_suggestions_total",
    "Dishes paired, by kind of drink (wine, non_alcoholic).",
    ["drinks"],
    registry=REGISTRY,
)
PAIRING_LATENCY = Histogram(
    "sazon_pairing_suggest_seconds",
    "Time to pair one request (all its dishes).",
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
PAIRING_UNKNOWN = Counter(
    "sazon_pairing_unknown_ingredients_total",
    "Ingredient words of paired dishes the knowledge base could not read.",
    registry=REGISTRY,
)

# -- text and generate ------------------------------------------------------------------------
TEXT_SCORED = Counter(
    "sazon_text_scored_total",
    "Texts scored for sentiment, by label and language.",
    ["label", "language"],
    registry=REGISTRY,
)
TEXT_ASPECTS = Counter(
    "sazon_text_aspect_mentions_total",
    "Aspects mentioned in scored texts, by aspect and label.",
    ["aspect", "label"],
    registry=REGISTRY,
)
TEXT_MODEL = Gauge(
    "sazon_text_model_info",
    "The sentiment model version serving (1 for the version in use).",
    ["version"],
    registry=REGISTRY,
)
GENERATE_TEXTS = Counter(
    "sazon_generate_texts_total",
    "Texts generated, by kind and backend.",
    ["kind", "backend"],
    registry=REGISTRY,
)
GENERATE_GROUNDING = Counter(
    "sazon_generate_grounding_checks_total",
    "Grounding checks of generated texts, by outcome (ok, rejected).",
    ["outcome"],
    registry=REGISTRY,
)
for _outcome in ("ok", "rejected"):
    GENERATE_GROUNDING.labels(_outcome)

# -- experience -------------------------------------------------------------------------------
EXPERIENCE_LATENCY = Histogram(
    "sazon_experience_recommendation_seconds",
    "Time to recommend dishes and wines to one guest.",
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
