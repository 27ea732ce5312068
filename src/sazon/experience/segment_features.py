"""What segments are made of: one row per guest with recency, frequency and spend (RFM) and
how they come — the time of day, the party, the occasions, the dishes, how they rate.

Never health data: no allergies, diets or notes are read here (marketing sees segments,
Ley 29733). Erased guests and guests without visits are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.store.models import Dish, Feedback, Guest, OrderLine, Visit
from sazon.timeutil import LIMA

#: Before this hour (Lima) a visit is lunch; from it on, dinner.
DINNER_FROM_HOUR = 17
#: Occasions that are celebrations (folded to lower case), apart from business lunches.
BUSINESS = ("negocio", "business", "trabajo")
FAMILY_PARTY = 4


@dataclass(frozen=True)
class Feature:
    name: str
    es: str
    en: str
    #: How the segment is named when it stands out high / low on this feature.
    high: tuple[str, str] | None = None
    low: tuple[str, str] | None = None


#: The features clustered on, in order, with how to name a segment by each.
FEATURES: tuple[Feature, ...] = (
    Feature("recency_days", "días desde la última visita", "days since the last visit"),
    Feature("visits", "visitas", "visits"),
    Feature("spend_per_visit", "gasto por visita (S/)", "spend per visit (S/)",
            ("de alto consumo", "big spenders"), ("de ticket bajo", "low spend")),
    Feature("lunch_share", "parte de almuerzos", "share of lunches",
            ("de almuerzo", "lunch"), ("de cena", "dinner")),
    Feature("weekend_share", "parte de fines de semana", "share of weekends",
            ("de fin de semana", "weekend"), ("de entre semana", "weekday")),
    Feature("party_size", "tamaño del grupo", "party size",
            ("en grupo", "in groups"), ("en pareja o solos", "couples and solo")),
    Feature("family_share", "parte de mesas de 4 o más", "share of tables of 4+",
            ("en familia", "families")),
    Feature("celebration_share", "parte de celebraciones", "share of celebrations",
            ("de celebraciones", "celebrations")),
    Feature("business_share", "parte de almuerzos de negocios", "share of business meals",
            ("de negocios", "business")),
    Feature("seafood_share", "parte de platos marinos", "share of seafood dishes",
            ("amantes de lo marino", "seafood lovers")),
    Feature("rating", "calificación media", "mean rating",
            ("muy satisfechos", "delighted"), ("descontentos", "unhappy")),
)  # fmt: skip
NAMES = [f.name for f in FEATURES]


def guest_features(session: Session, as_of: date) -> pd.DataFrame:
    """One row per guest (index ``guest_id``) with :data:`NAMES` plus ``total_spend`` and
    ``last_visit``; only visits up to ``as_of`` (Lima) count."""
    live = select(Guest.id).where(Guest.erased_at.is_(None))
    visits = pd.DataFrame(
        session.execute(
            select(Visit.id, Visit.guest_id, Visit.visited_at, Visit.party_size,
                   Visit.total_pen, Visit.occasion)
            .where(Visit.guest_id.in_(live))
        ).all(),
        columns=["visit_id", "guest_id", "at", "party", "total", "occasion"],
    )  # fmt: skip
    if visits.empty:
        return pd.DataFrame(columns=[*NAMES, "total_spend", "last_visit"])
    local = _lima(visits["at"])
    visits["day"] = local.dt.date
    keep = (visits["day"] <= as_of).to_numpy()
    visits, local = visits[keep].copy(), local[keep]
    if visits.empty:
        return pd.DataFrame(columns=[*NAMES, "total_spend", "last_visit"])
    visits["lunch"] = (local.dt.hour < DINNER_FROM_HOUR).astype(float)
    visits["weekend"] = (local.dt.day_of_week >= 5).astype(float)
    visits["total"] = visits["total"].astype(float)
    occasion = visits["occasion"].fillna("").str.lower()
    business = occasion.map(lambda o: any(b in o for b in BUSINESS))
    visits["business"] = business.astype(float)
    visits["celebration"] = ((occasion != "") & ~business).astype(float)
    visits["family"] = (visits["party"].fillna(1) >= FAMILY_PARTY).astype(float)
    g = visits.groupby("guest_id")
    out = pd.DataFrame(
        {
            "last_visit": g["day"].max(),
            "visits": g.size().astype(float),
            "total_spend": g["total"].sum(min_count=1).fillna(0.0),
            "spend_per_visit": g["total"].mean().fillna(0.0),
            "lunch_share": g["lunch"].mean(),
            "weekend_share": g["weekend"].mean(),
            "party_size": g["party"].mean().astype(float),
            "family_share": g["family"].mean(),
            "celebration_share": g["celebration"].mean(),
            "business_share": g["business"].mean(),
        }
    )
    out["recency_days"] = [(as_of - d).days for d in out["last_visit"]]
    out["seafood_share"] = _seafood(session, visits["visit_id"].tolist(), visits).reindex(
        out.index, fill_value=0.0
    )
    ratings = _ratings(session, as_of)
    out["rating"] = ratings.reindex(out.index).fillna(ratings.mean() if len(ratings) else 4.0)
    out.index.name = "guest_id"
    return out[[*NAMES, "total_spend", "last_visit"]]


def _lima(times: pd.Series) -> pd.Series:
    # Stored times are UTC (naive on SQLite): the day and hour a guest would say are Lima's.
    stamps = pd.to_datetime(times, utc=True)
    return stamps.dt.tz_convert(LIMA)


def _seafood(session: Session, visit_ids: list[int], visits: pd.DataFrame) -> pd.Series:
    lines = pd.DataFrame(
        session.execute(
            select(OrderLine.visit_id, Dish.cuisine, OrderLine.quantity)
            .join(Dish, Dish.id == OrderLine.dish_id)
            .where(Dish.course != "bebida")
        ).all(),
        columns=["visit_id", "cuisine", "qty"],
    )
    lines = lines[lines["visit_id"].isin(set(visit_ids))]
    if lines.empty:
        return pd.Series(dtype=float)
    lines = lines.merge(visits[["visit_id", "guest_id"]], on="visit_id")
    lines["sea"] = (lines["cuisine"].fillna("").str.lower() == "marina").astype(float)
    return lines.groupby("guest_id")["sea"].mean()


def _ratings(session: Session, as_of: date) -> pd.Series:
    rows = session.execute(
        select(Feedback.guest_id, Feedback.rating, Feedback.submitted_at).where(
            Feedback.guest_id.is_not(None), Feedback.rating.is_not(None)
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["guest_id", "rating", "at"])
    if frame.empty:
        return pd.Series(dtype=float)
    frame = frame[(_lima(frame["at"]).dt.date <= as_of).to_numpy()]
    means: pd.Series = frame.groupby("guest_id")["rating"].mean().astype(float)
    return means
