"""What every command shares: the settings (built once) and lazily the store and knowledge.

The store, the bus and the knowledge base are imported when a command first asks for them:
``sazon --help`` and commands on files never load SQLAlchemy (issue #14).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from sazon.bus import Bus
    from sazon.config import Settings
    from sazon.knowledge import KnowledgeBase


@dataclass
class AppState:
    settings: Settings
    debug: bool = False

    @cached_property
    def engine(self) -> Engine:
        from sazon.store import make_engine

        self.settings.ensure_home()
        return make_engine(self.settings.db_url, self.settings.database_busy_timeout_s)

    @cached_property
    def factory(self) -> sessionmaker[Session]:
        from sazon.bus import OutboxRelay
        from sazon.store import session_factory

        factory = session_factory(self.engine)
        # Events staged by a command go to the bus before the command ends.
        OutboxRelay(lambda: self.bus, self.engine).attach(factory)
        return factory

    @cached_property
    def bus(self) -> Bus:
        from sazon.bus import make_bus

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
        from sazon.knowledge import current_knowledge, load_knowledge

        url = self.settings.db_url
        path = url.removeprefix("sqlite:///")
        if url.startswith("sqlite:///") and path != ":memory:" and not Path(path).exists():
            return load_knowledge()
        return current_knowledge(self.engine)
