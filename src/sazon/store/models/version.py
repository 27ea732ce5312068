"""The store's data version: one row, bumped by every transaction that changes data."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from sazon.store.models.base import IDS_NEVER_REUSED, Base


class StoreVersion(Base):
    """One row (``id`` 1) whose ``version`` goes up with each commit that wrote data, in that
    commit (:mod:`sazon.store.version`). The API's caches of hot reads and of keys are valid
    for one version only; audit entries, which no cached read shows, do not bump it."""

    __tablename__ = "store_version"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
