"""``sazon generate write|check|kinds``: text generation from a facts file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from sazon.cli.output import Format, console, emit, emit_json, err_console
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.generate import (
    GenerationRequest,
    build_request,
    check_grounding,
    get_kind,
    kind_names,
    make_generator,
)
from sazon.textfiles import read_text_file

app = typer.Typer(help="Generación de textos / text generation.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
KindArg = Annotated[str, typer.Argument(help="event_concept, menu_description, pairing_note…")]
# Files are checked here (missing, a folder, too big, not UTF-8, empty), so every problem is
# one "error: …" line naming the file and the fix.
FactsOpt = Annotated[
    Path, typer.Option("--facts", help="JSON file: one facts object, or a list of them.")
]


def _facts(path: Path, max_mb: int) -> list[Any]:
    text = read_text_file(path, what="JSON facts file", max_mb=max_mb)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); give "
            'one facts object such as {"dish": {"name": "Causa limeña"}}, or a list of them'
        ) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InvalidInput(
            f"{path} holds an empty list: give one facts object, or a list with at least one"
        )
    return items


def _requests(kind: str, items: list[Any], **options: Any) -> list[GenerationRequest]:
    out = []
    for i, facts in enumerate(items):
        try:
            out.append(build_request(kind, facts, **options))
        except InvalidInput as exc:
            where = f"facts #{i + 1}: " if len(items) > 1 else ""
            raise InvalidInput(f"{where}{exc.message}", details=exc.details) from None
    return out


@app.command("write")
def write(
    ctx: typer.Context,
    kind: KindArg,
    facts_file: FactsOpt,
    lang: Annotated[str, typer.Option("--lang", help="es or en.")] = "es",
    tone: Annotated[str, typer.Option("--tone", help="warm, elegant, casual, formal.")] = "warm",
    seed: Annotated[int, typer.Option("--seed")] = 0,
    variants: Annotated[int, typer.Option("--variants", help="1 to 10 drafts.")] = 1,
    fmt: FormatOpt = Format.table,
) -> None:
    """Escribe textos desde los datos / write texts from facts (one per facts object).

    With ``SAZON_GENERATE__BACKEND=openai`` it uses the configured endpoint and falls back to
    the template backend if the endpoint fails; the output says which backend wrote each text.
    """
    state: AppState = ctx.obj
    get_kind(kind)  # an unknown kind is named before the file is read
    items = _facts(facts_file, state.settings.ingest.max_file_mb)
    requests = _requests(kind, items, lang=lang, tone=tone, seed=seed, variants=variants)
    generator = make_generator(state.settings)
    try:
        outs = generator.generate_many(requests)
    finally:
        generator.close()
    if fmt is Format.json:
        emit_json([o.model_dump(mode="json") for o in outs])
        return
    for out in outs:
        label = f"[dim]{out.kind} · {out.lang} · {out.backend}"
        console.print(label + (" (fallback)" if out.fell_back else "") + "[/dim]")
        console.print(out.text, markup=False, highlight=False)
        for warning in out.warnings:
            console.print(f"[yellow]aviso / warning:[/yellow] {warning}", highlight=False)
        console.print()


@app.command("check")
def check(
    ctx: typer.Context,
    kind: KindArg,
    facts_file: FactsOpt,
    text_file: Annotated[Path, typer.Option("--text", help="UTF-8 text file.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Revisa que un texto no invente datos / check a text against its facts (grounding).

    Exits 1 when the text names a dish, ingredient, allergen claim or price not in the facts.
    """
    state: AppState = ctx.obj
    max_mb = state.settings.ingest.max_file_mb
    items = _facts(facts_file, max_mb)
    text = read_text_file(text_file, what="text to check", max_mb=max_mb)
    if len(items) > 1:
        err_console.print(
            f"aviso / warning: se revisa contra el primero de los {len(items)} objetos de "
            f"datos / checked against the first of {len(items)} facts objects"
        )
    (request,) = _requests(kind, items[:1])
    report = check_grounding(text, request.facts)
    rows = [v.model_dump() for v in report.violations]
    if fmt is Format.json:
        emit_json({"ok": report.ok, "violations": rows})
    else:
        emit(rows, fmt, ["kind", "text", "reason"], title="Grounding", empty="Todo en regla.")
    if not report.ok:
        # An error from the tree gives exit code 1, like any other user-facing failure.
        raise InvalidInput(f"the text is not grounded: {len(rows)} violation(s)")


@app.command("kinds")
def kinds(fmt: FormatOpt = Format.table) -> None:
    """Los tipos de texto y sus partes / the kinds of text and their parts."""
    rows = []
    for name in kind_names():
        spec = get_kind(name)
        rows.append(
            {"kind": name, "facts": spec.facts.__name__, "parts": list(spec.parts),
             "items": spec.items or ""}
        )  # fmt: skip
    emit(rows, fmt, ["kind", "facts", "parts", "items"], title="Tipos de texto")
