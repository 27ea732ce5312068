"""Segments for marketing: guests clustered on RFM and behaviour, each named in Spanish by
what sets it apart ("habituales de almuerzo", "celebraciones en familia", "en riesgo").

k-means (scikit-learn) on the standardised features of
:mod:`~sazon.experience.segment_features` (recency, visits and spend on a log scale); k is
the one with the best silhouette between 3 and 6. Stability: the same k refitted with other
seeds, compared with the adjusted Rand index (1 = the same partition). A segment's name comes
from its mean on each feature against everyone's, in standard deviations: recency and visits
give the noun (habituales, ocasionales, nuevos, en riesgo, inactivos), the behaviour that
stands out most gives the rest.

The export lists only guests who consented to marketing (Ley 29733) and never health data.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from sazon.experience.segment_features import FEATURES, NAMES, guest_features
from sazon.store.models import Guest
from sazon.timeutil import to_lima, utcnow

K_RANGE = range(3, 7)
SEEDS = tuple(range(10))
N_INIT = 4
#: How far (in standard deviations) a segment's mean must be from everyone's to name it.
STANDS_OUT = 0.5
#: A segment whose median guest came this often is one of regulars, whatever the others do.
REGULAR_VISITS = 4
_LOG = ("recency_days", "visits", "spend_per_visit")
_BY_NAME = {f.name: f for f in FEATURES}


class DefiningFeature(BaseModel):
    feature: str
    label: str
    mean: float = Field(description="the segment's mean")
    overall: float = Field(description="everyone's mean")
    z: float = Field(description="how far apart, in standard deviations of everyone")


class Segment(BaseModel):
    id: int
    name: str = Field(examples=["habituales de almuerzo"])
    size: int
    share: float
    value_pen: float = Field(description="what the segment's guests spent, in total (S/)")
    spend_per_guest_pen: float
    defining: list[DefiningFeature]


class Stability(BaseModel):
    seeds: int
    ari_mean: float = Field(description="adjusted Rand index against seed 0, mean over seeds")
    ari_min: float


class Segmentation(BaseModel):
    as_of: date
    guests: int
    k: int
    silhouette: float | None
    stability: Stability | None
    segments: list[Segment]
    note: str | None = None


class Member(BaseModel):
    """A guest in the marketing export: contact and segment, no health data."""

    guest_id: int
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    language: str
    segment: str
    visits: int
    last_visit: date
    total_spend_pen: float


def _matrix(features: pd.DataFrame) -> np.ndarray:
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    x = features[NAMES].astype(float).copy()
    for name in _LOG:
        x[name] = np.log1p(x[name].clip(lower=0))
    return np.asarray(StandardScaler().fit_transform(x.to_numpy()))


def _fit(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import KMeans  # type: ignore[import-untyped]

    return np.asarray(KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit_predict(x))


def _name(z: pd.Series, visits: float, lang: str) -> list[str]:
    """Names for one segment, best first (the first unused one is taken). ``z``: the
    segment's means against everyone's; ``visits``: its median number of visits."""
    es = lang == "es"
    rec, vis = z["recency_days"], z["visits"]
    regular = visits >= REGULAR_VISITS or vis > STANDS_OUT
    # At risk is said last ("habituales de cena en riesgo"): "en riesgo de cena" misleads.
    tail = ""
    if rec > 0.8 and regular:
        noun, tail = ("habituales", " en riesgo") if es else ("regulars", " at risk")
    elif rec > 0.8:
        noun = "inactivos" if es else "lapsed"
    elif regular:
        noun = "habituales" if es else "regulars"
    elif visits <= 1 and rec < 0:
        noun = "nuevos" if es else "newcomers"
    else:
        noun = "ocasionales" if es else "occasional"
    if z["celebration_share"] > STANDS_OUT and (
        z["family_share"] > STANDS_OUT or z["party_size"] > STANDS_OUT
    ):
        first = ["celebraciones en familia" if es else "family celebrations"]
    else:
        first = []
    words = []
    for name in sorted(NAMES[2:], key=lambda n: -abs(z[n])):
        f = _BY_NAME[name]
        side = f.high if z[name] > STANDS_OUT else f.low if z[name] < -STANDS_OUT else None
        if side is not None:
            words.append(side[0] if es else side[1])
    named = [f"{noun} {w}{tail}" if es else f"{w} {noun}{tail}" for w in words]
    return first + named + [noun + tail]


def segment_guests(
    session: Session, *, as_of: date | None = None, k: int | None = None, lang: str = "es"
) -> tuple[Segmentation, pd.DataFrame]:
    """The segments and each guest's (a frame indexed by guest id, column ``segment``)."""
    import sklearn.cluster  # type: ignore[import-untyped]  # noqa: F401  (before the limit)
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    day = as_of or to_lima(utcnow()).date()
    features = guest_features(session, day)
    # k-means on a thousand rows gains nothing from threads; on a busy machine they cost 10×.
    with threadpool_limits(1):
        return _cluster(features, day, k, lang)


def _cluster(
    features: pd.DataFrame, day: date, k: int | None, lang: str
) -> tuple[Segmentation, pd.DataFrame]:
    from sklearn.metrics import adjusted_rand_score, silhouette_score  # type: ignore[import-untyped]

    n = len(features)
    if n < max(K_RANGE.start, (k or 0)) * 3:
        note = (f"muy pocos invitados con visitas ({n}) para segmentar" if lang == "es"
                else f"too few guests with visits ({n}) to segment")  # fmt: skip
        empty = Segmentation(as_of=day, guests=n, k=0, silhouette=None, stability=None,
                             segments=[], note=note)  # fmt: skip
        return empty, features.assign(segment=pd.Series(dtype=object))
    x = _matrix(features)
    if k is None:
        scored = {c: silhouette_score(x, _fit(x, c, 0), random_state=0) for c in K_RANGE}
        k = max(scored, key=lambda c: scored[c])
    labels = _fit(x, k, SEEDS[0])
    silhouette = float(silhouette_score(x, labels, random_state=0))
    aris = [adjusted_rand_score(labels, _fit(x, k, s)) for s in SEEDS[1:]]
    stability = Stability(seeds=len(SEEDS), ari_mean=round(float(np.mean(aris)), 4),
                          ari_min=round(float(np.min(aris)), 4))  # fmt: skip
    raw = features[NAMES].astype(float)
    mean, sd = raw.mean(), raw.std(ddof=0).replace(0, 1.0)
    segments: list[Segment] = []
    used: set[str] = set()
    order = sorted(range(k), key=lambda c: -float(features["total_spend"][labels == c].sum()))
    names: dict[int, str] = {}
    for rank, c in enumerate(order):
        part = features[labels == c]
        z = (part[NAMES].astype(float).mean() - mean) / sd
        options = _name(z, float(part["visits"].median()), lang)
        name = next((o for o in options if o not in used), f"{options[-1]} ({rank + 1})")
        used.add(name)
        names[c] = name
        top = sorted(NAMES, key=lambda n_: -abs(z[n_]))[:3]
        segments.append(
            Segment(
                id=rank + 1, name=name, size=len(part), share=round(len(part) / n, 4),
                value_pen=round(float(part["total_spend"].sum()), 2),
                spend_per_guest_pen=round(float(part["total_spend"].mean()), 2),
                defining=[
                    DefiningFeature(
                        feature=f, label=_BY_NAME[f].es if lang == "es" else _BY_NAME[f].en,
                        mean=round(float(part[f].mean()), 3), overall=round(float(mean[f]), 3),
                        z=round(float(z[f]), 2),
                    )
                    for f in top
                ],
            )
        )  # fmt: skip
    result = Segmentation(as_of=day, guests=n, k=k, silhouette=round(silhouette, 4),
                          stability=stability, segments=segments)  # fmt: skip
    return result, features.assign(segment=[names[int(c)] for c in labels])


def marketing_members(session: Session, assigned: pd.DataFrame) -> list[Member]:
    """The guests of ``assigned`` who consented to marketing, with contact and segment."""
    if assigned.empty:
        return []
    ids = [int(i) for i in assigned.index]
    guests = session.scalars(
        select(Guest).where(
            Guest.id.in_(ids), Guest.consent_marketing.is_(True), Guest.erased_at.is_(None)
        ).order_by(Guest.id)
    ).all()  # fmt: skip
    out = []
    for g in guests:
        row = assigned.loc[g.id].to_dict()
        out.append(
            Member(
                guest_id=g.id, first_name=g.first_name, last_name=g.last_name, email=g.email,
                phone=g.phone, language=g.language, segment=str(row["segment"]),
                visits=int(row["visits"]), last_visit=row["last_visit"],
                total_spend_pen=round(float(row["total_spend"]), 2),
            )
        )  # fmt: skip
    return out


def members_csv(members: list[Member]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(Member.model_fields))
    writer.writeheader()
    for m in members:
        writer.writerow(m.model_dump(mode="json"))
    return buffer.getvalue()


def members_xlsx(members: list[Member], segmentation: Segmentation) -> bytes:
    """A workbook: the segments (sheet "segmentos") and the consenting guests ("invitados")."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "segmentos"
    sheet.append(["id", "segmento", "invitados", "valor (S/)", "gasto por invitado (S/)",
                  "lo que lo define"])  # fmt: skip
    for s in segmentation.segments:
        defining = "; ".join(f"{d.label} {d.mean:g} (todos {d.overall:g})" for d in s.defining)
        sheet.append([s.id, s.name, s.size, s.value_pen, s.spend_per_guest_pen, defining])
    people = book.create_sheet("invitados")
    people.append(list(Member.model_fields))
    for m in members:
        people.append(list(m.model_dump(mode="python").values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
