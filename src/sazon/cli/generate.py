"""``sazon generate write|check|kinds``: text generation from a facts file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from sazon.cli.output import Format, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.generate import (
    GenerationRequest,
    Tone,
    check_grounding,
    get_kind,
    kind_names,
    make_generator,
)

app = typer.Typer(help="Generación de textos / text generation.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
KindArg = Annotated[str, typer.Argument(help="event_concept, menu_description, pairing_note…")]
FactsOpt = Annotated[
    Path,
    typer.Option("--facts", help="JSON file: one facts object, or a list of them.", dir_okay=False),
]


def _facts(path: Path, max_mb: int) -> list[Any]:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise InvalidInput(f"{path}: larger than {max_mb} MB")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path}: not valid UTF-8 JSON ({exc})") from None
    return data if isinstance(data, list) else [data]


def _requests(kind: str, items: list[Any], **options: Any) -> list[GenerationRequest]:
    get_kind(kind)
    out = []
    for i, facts in enumerate(items):
        try:
            out.append(GenerationRequest(kind=kind, facts=facts, **options))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InvalidInput(f"facts #{i + 1}: {where}: {first['msg']}") from None
    return out


@app.command("write")
def write(
    ctx: typer.Context,
    kind: KindArg,
    facts_file: FactsOpt,
    lang: Annotated[str, typer.Option("--lang", help="es or en.")] = "es",
    tone: Annotated[str, typer.Option("--tone", help="warm, elegant, casual, formal.")] = "warm",
    seed: Annotated[int, typer.Option("--seed")] = 0,
    variants: Annotated[int, typer.Option("--variants", min=1, max=10)] = 1,
    fmt: FormatOpt = Format.table,
) -> None:
    """Escribe textos desde los datos / write texts from facts (one per facts object).

    With ``SAZON_GENERATE__BACKEND=openai`` it uses the configured endpoint and falls back to
    the template backend if the endpoint fails; the output says which backend wrote each text.
    """
    state: AppState = ctx.obj
    if lang not in ("es", "en") or tone not in ("warm", "elegant", "casual", "formal"):
        raise InvalidInput("--lang must be es or en; --tone warm, elegant, casual or formal")
    items = _facts(facts_file, state.settings.ingest.max_file_mb)
    tone_: Tone = tone  # type: ignore[assignment]
    requests = _requests(kind, items, lang=lang, tone=tone_, seed=seed, variants=variants)
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
    text_file: Annotated[Path, typer.Option("--text", help="UTF-8 text file.", dir_okay=False)],
    fmt: FormatOpt = Format.table,
) -> None:
    """Revisa que un texto no invente datos / check a text against its facts (grounding).

    Exits 1 when the text names a dish, ingredient, allergen claim or price not in the facts.
    """
    state: AppState = ctx.obj
    (request,) = _requests(kind, _facts(facts_file, state.settings.ingest.max_file_mb)[:1])
    report = check_grounding(text_file.read_text("utf-8"), request.facts)
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
