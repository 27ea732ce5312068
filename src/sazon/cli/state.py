"""What every command shares: the settings (built once) and lazily the store and knowledge."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sazon.bus import Bus, OutboxRelay, make_bus
from sazon.config import Settings
from sazon.knowledge import KnowledgeBase, current_knowledge, load_knowledge
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
        factory = session_factory(self.engine)
        # Events staged by a command go to the bus before the command ends.
        OutboxRelay(lambda: self.bus, self.engine).attach(factory)
        return factory

    @cached_property
    def bus(self) -> Bus:
        return make_bus(self.settings.bus.url, self.engine)

    def close(self) -> None:
        """Close the bus and dispose the engine if a command opened them."""
        if "bus" in self.__dict__:
            self.bus.close()
        if "engine" in self.__dict__:
            self.engine.dispose()

    @property
    def kb(self) -> KnowledgeBase:
        """The packaged knowledge base plus the store's house additions; the packaged base
        alone while there is no store yet (a command on files does not create one)."""
        url = self.settings.db_url
        path = url.removeprefix("sqlite:///")
        if url.startswith("sqlite:///") and path != ":memory:" and not Path(path).exists():
            return load_knowledge()
        return current_knowledge(self.engine)
