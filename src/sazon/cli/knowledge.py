"""Look things up in the packaged knowledge base."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sazon.cli.output import Format, emit, emit_json
from sazon.cli.state import AppState
from sazon.knowledge import DishInfo, IngredientInfo, WineInfo, classify

app = typer.Typer(help="Base de conocimiento / knowledge base.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or csv.")]
Query = Annotated[str | None, typer.Argument(help="Text to search (accents optional).")]
Limit = Annotated[int, typer.Option(min=1, max=1000)]


def _ingredient(i: IngredientInfo) -> dict[str, Any]:
    return {
        "id": i.id,
        "name_es": i.name_es,
        "name_en": i.name_en,
        "category": i.category,
        "allergens": list(i.allergens),
        "diet": list(i.diet),
        **i.flavour,
        "aromas": list(i.aromas),
        "synonyms": list(i.synonyms),
    }


def _dish(d: DishInfo) -> dict[str, Any]:
    return {
        "id": d.id,
        "name_es": d.name_es,
        "name_en": d.name_en,
        "cuisine": d.cuisine,
        "course": d.course,
        "cooking": list(d.cooking),
        "price_pen": d.price_pen,
        "ingredients": list(d.ingredients),
        "description_es": d.description_es,
    }


def _wine(w: WineInfo) -> dict[str, Any]:
    return {
        "id": w.id,
        "name": w.name,
        "producer": w.producer,
        "country": w.country,
        "region": w.region,
        "grapes": list(w.grapes),
        "color": w.color,
        "style": w.style,
        "sweetness": w.sweetness,
        "body": w.body,
        "acidity": w.acidity,
        "tannin": w.tannin,
        "oak": w.oak,
        "alcohol": w.alcohol,
        "price_pen": w.price_pen,
    }


@app.command("ingredients")
def ingredients(
    ctx: typer.Context, query: Query = None, limit: Limit = 50, fmt: FormatOpt = Format.table
) -> None:
    """Ingredientes con alérgenos, clases de dieta y sabor."""
    state: AppState = ctx.obj
    rows = [_ingredient(i) for i in state.kb.search("ingredients", query, limit)]  # type: ignore[arg-type]
    cols = ["id", "name_es", "name_en", "allergens", "diet", "acidity", "heat", "umami"]
    emit(
        rows,
        fmt,
        cols if fmt is Format.table else None,
        title="Ingredientes",
        empty=f"Ningún ingrediente coincide con '{query}'.",
    )


@app.command("dishes")
def dishes(
    ctx: typer.Context, query: Query = None, limit: Limit = 50, fmt: FormatOpt = Format.table
) -> None:
    """Platos peruanos."""
    state: AppState = ctx.obj
    rows = [_dish(d) for d in state.kb.search("dishes", query, limit)]  # type: ignore[arg-type]
    cols = ["id", "name_es", "name_en", "cuisine", "course", "cooking", "price_pen"]
    emit(
        rows,
        fmt,
        cols if fmt is Format.table else None,
        title="Platos",
        empty=f"Ningún plato coincide con '{query}'.",
    )


@app.command("wines")
def wines(
    ctx: typer.Context, query: Query = None, limit: Limit = 50, fmt: FormatOpt = Format.table
) -> None:
    """Vinos, piscos y destilados."""
    state: AppState = ctx.obj
    rows = [_wine(w) for w in state.kb.search("wines", query, limit)]  # type: ignore[arg-type]
    cols = ["id", "name", "country", "region", "color", "style", "body", "acidity", "price_pen"]
    emit(
        rows,
        fmt,
        cols if fmt is Format.table else None,
        title="Vinos y destilados",
        empty=f"Ningún vino coincide con '{query}'.",
    )


@app.command("classify")
def classify_cmd(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help='Ingredients or dishes, e.g. "langostinos; sillao".')],
    fmt: FormatOpt = Format.table,
) -> None:
    """Alérgenos y clases de dieta de ingredientes o platos, con el motivo de cada uno."""
    state: AppState = ctx.obj
    result = classify(state.kb, text)
    if fmt is Format.json:
        emit_json(result.model_dump())
        return
    rows = [
        {
            "escrito": i.written,
            "es": i.name_es or "—",
            "alérgenos": i.allergens,
            "dieta": i.diet,
            "motivo": "; ".join(i.reasons) or i.matched_by,
        }
        for i in result.items
    ]
    emit(rows, fmt, title="Clasificación")
    if result.unknown and fmt is Format.table:
        emit([], fmt, empty="Desconocidos (trátalos como no seguros): " + ", ".join(result.unknown))
        for i in result.items:
            if i.suggestions:
                shown = " o ".join(f"'{c}'" for c in i.suggestions)
                emit([], fmt, empty=f"'{i.written}': ¿quisiste decir {shown}? confírmalo")
