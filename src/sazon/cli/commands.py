"""The sub-commands of ``sazon``, each imported only when it runs or shows its own help.

Every command module imports the tool it calls (pandas, SQLAlchemy, OR-Tools,
scikit-learn…); importing them all to print ``sazon --help`` cost 1.4 s and 174 MiB
(issue #14). :data:`COMMANDS` names where each one lives and the line the root help shows
for it, so ``sazon --help`` imports none of them; ``tests/unit/test_cli_startup.py`` checks
the lines against the commands' own help.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a sub-command lives (``module:attribute``) and its line in the root help.

    The attribute is a ``typer.Typer`` (a group of commands) or a function (one command).
    """

    target: str
    summary: str

    def load(self, name: str) -> Any:
        module, _, attr = self.target.partition(":")
        obj = getattr(importlib.import_module(module), attr)
        command: Any
        if isinstance(obj, typer.Typer):
            # A group even with one command, as ``add_typer`` made it (``guests list``).
            command = typer.main.get_group(obj)
        else:
            single = typer.Typer()
            single.command(name)(obj)
            command = typer.main.get_command(single)
        command.name = name
        return command


COMMANDS: dict[str, LazyCommand] = {
    "init": LazyCommand(
        "sazon.cli.data:init",
        "Crea o actualiza el almacén y carga la base de conocimiento (idempotente).",
    ),
    "ingest": LazyCommand(
        "sazon.cli.data:ingest",
        "Ingesta un archivo: cada fila queda aceptada, fusionada o en cuarentena.",
    ),
    "demo-data": LazyCommand(
        "sazon.cli.data:demo_data",
        "Genera y carga datos de demostración de un grupo de restaurantes en Lima.",
    ),
    "status": LazyCommand(
        "sazon.cli.status:status", "Cuántas filas hay en cada tabla del almacén."
    ),
    "serve": LazyCommand("sazon.cli.server:serve", "Sirve la API y la aplicación web con uvicorn."),
    "worker": LazyCommand(
        "sazon.cli.bus:worker",
        "Corre los procesadores del bus hasta Ctrl+C / run the bus processors until stopped.",
    ),
    "knowledge": LazyCommand("sazon.cli.knowledge:app", "Base de conocimiento / knowledge base."),
    "quarantine": LazyCommand(
        "sazon.cli.data:quarantine_app", "Filas en cuarentena / quarantined rows."
    ),
    "guests": LazyCommand("sazon.cli.store:guests_app", "Invitados / guests."),
    "users": LazyCommand(
        "sazon.cli.server:users_app", "Usuarios y claves de API / users and API keys."
    ),
    "bus": LazyCommand("sazon.cli.bus:bus_app", "Bus de eventos / the event bus."),
    "events": LazyCommand("sazon.cli.events:app", "Planificador de eventos / event planner."),
    "pairing": LazyCommand("sazon.cli.pairing:app", "Maridaje / wine pairing."),
    "experience": LazyCommand(
        "sazon.cli.experience:app", "Experiencia del invitado / guest experience."
    ),
    "text": LazyCommand("sazon.cli.text:app", "Texto: sentimiento, idioma, frases clave / text."),
    "generate": LazyCommand("sazon.cli.generate:app", "Generación de textos / text generation."),
    "trends": LazyCommand("sazon.cli.trends:app", "Tendencias / trends."),
    "social": LazyCommand("sazon.cli.social:app", "Redes sociales / social media optimizer."),
}


class _Commands(MutableMapping[str, Any]):
    """The group's commands: the lazy ones are imported on first look-up."""

    def __init__(self, lazy: dict[str, LazyCommand], loaded: MutableMapping[str, Any]) -> None:
        self.lazy = lazy
        self.loaded = dict(loaded)

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            spec = self.lazy[name]  # KeyError: no such command, as a dict says it
            self.loaded[name] = spec.load(name)
        return self.loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.lazy.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.loaded
        yield from (name for name in self.lazy if name not in self.loaded)

    def __len__(self) -> int:
        return len(self.loaded.keys() | self.lazy.keys())


class LazyGroup(TyperGroup):
    """A Typer group whose :data:`COMMANDS` load on use; its help lists them unloaded."""

    lazy: dict[str, LazyCommand] = COMMANDS

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(dict(self.lazy), self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: TyperGroup's own reads every command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The root help, drawn with the Rich pieces the commands' tables already use.

        Typer's own Rich help module imports a Markdown parser and a syntax highlighter
        (about a hundred modules, the most ``sazon --help`` loaded beyond typer and rich
        themselves, issue #14) to draw these two boxes.
        """
        from rich.markup import escape
        from rich.panel import Panel
        from rich.table import Table

        from sazon.cli.output import console

        def box(title: str, rows: list[tuple[str, str]]) -> Panel:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold cyan", no_wrap=True)
            grid.add_column()
            for name, line in rows:
                grid.add_row(escape(name), escape(line))
            return Panel(grid, title=title, title_align="left", border_style="dim")

        options = [
            (", ".join(p.opts), getattr(p, "help", None) or "")
            for p in self.get_params(ctx)
            if not getattr(p, "hidden", False)
        ]
        commands = self.commands
        assert isinstance(commands, _Commands)
        listed = []
        for name in commands:
            spec = commands.lazy.get(name)
            if name in commands.loaded or spec is None:
                command = commands.loaded[name]
                listed.append((name, command.get_short_help_str(limit=200)))
            else:
                listed.append((name, spec.summary))
        console.print(
            f"\n [bold]Usage:[/] {escape(ctx.command_path)} [OPTIONS] COMMAND [ARGS]...\n"
        )
        if self.help:
            console.print(f" {escape(self.help)}\n")
        console.print(box("Options", options))
        console.print(box("Commands", listed))
