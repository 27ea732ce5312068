"""House additions to the knowledge base (issue #11): what the packaged base does not
know.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from sazon.store.models.base import IDS_NEVER_REUSED, Base
from sazon.timeutil import utcnow


class KnowledgeAddition(Base):
    """A house addition to the knowledge base: an ingredient, a synonym or a preparation.

    Additions are kept, never edited: the knowledge layer reads them on top of the packaged
    tables (``sazon.knowledge.current_knowledge``). ``name_key`` is the folded name (or the
    written word of a synonym), so one written name has one owner. ``ingredient_id`` is the
    id of the added ingredient or preparation, or, for a synonym, the ingredient it names.
    """

    __tablename__ = "knowledge_additions"
    __table_args__ = IDS_NEVER_REUSED
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    ingredient_id: Mapped[str] = mapped_column(String(80), index=True)
    name_es: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    category: Mapped[str | None] = mapped_column(String(40))
    allergens: Mapped[list[Any]] = mapped_column(default=list)
    diet: Mapped[list[Any]] = mapped_column(default=list)
    flavour: Mapped[dict[str, Any]] = mapped_column(default=dict)
    aromas: Mapped[list[Any]] = mapped_column(default=list)
    components: Mapped[list[Any]] = mapped_column(default=list)
    added_by: Mapped[str] = mapped_column(String(160))
    added_by_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
