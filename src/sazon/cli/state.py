"""What every command shares: the settings (built once) and lazily the store and knowledge."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sazon.config import Settings
from sazon.knowledge import KnowledgeBase, load_knowledge
from sazon.store import make_engine, session_factory


@dataclass
class AppState:
    settings: Settings
    debug: bool = False

    @cached_property
    def engine(self) -> Engine:
        self.settings.ensure_home()
        return make_engine(self.settings.db_url)

    @cached_property
    def factory(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    def close(self) -> None:
        """Dispose the engine if a command opened one (no connection outlives the command)."""
        if "engine" in self.__dict__:
            self.engine.dispose()

    @cached_property
    def kb(self) -> KnowledgeBase:
        return load_knowledge()
