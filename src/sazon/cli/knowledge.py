"""Look things up in the knowledge base, and classify what it does not know."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError

from sazon.cli.output import Format, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.knowledge import (
    AdditionPublic,
    DishInfo,
    IngredientCreate,
    IngredientInfo,
    PreparationCreate,
    SynonymCreate,
    WineInfo,
    add_ingredient,
    add_preparation,
    add_synonym,
    classify,
    list_additions,
    unknown_words,
)
from sazon.store import transaction, upgrade

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


def _listing(
    ctx: typer.Context, table: str, query: str | None, limit: int, fmt: Format,
    row: Callable[[Any], dict[str, Any]], cols: list[str], title: str, none: str,
) -> None:  # fmt: skip
    """One table of the knowledge base searched, as rows (``none``: what to say of no match)."""
    state: AppState = ctx.obj
    rows = [row(x) for x in state.kb.search(table, query, limit)]
    emit(
        rows,
        fmt,
        cols if fmt is Format.table else None,
        title=title,
        empty=f"{none} coincide con '{query}'.",
    )


@app.command("ingredients")
def ingredients(
    ctx: typer.Context, query: Query = None, limit: Limit = 50, fmt: FormatOpt = Format.table
) -> None:
    """Ingredientes con alérgenos, clases de dieta y sabor."""
    cols = ["id", "name_es", "name_en", "allergens", "diet", "acidity", "heat", "umami"]
    _listing(
        ctx, "ingredients", query, limit, fmt, _ingredient, cols, "Ingredientes",
        "Ningún ingrediente",
    )  # fmt: skip


@app.command("dishes")
def dishes(
    ctx: typer.Context, query: Query = None, limit: Limit = 50, fmt: FormatOpt = Format.table
) -> None:
    """Platos peruanos."""
    cols = ["id", "name_es", "name_en", "cuisine", "course", "cooking", "price_pen"]
    _listing(ctx, "dishes", query, limit, fmt, _dish, cols, "Platos", "Ningún plato")


@app.command("wines")
def wines(
    ctx: typer.Context, query: Query = None, limit: Limit = 50, fmt: FormatOpt = Format.table
) -> None:
    """Vinos, piscos y destilados."""
    cols = ["id", "name", "country", "region", "color", "style", "body", "acidity", "price_pen"]
    _listing(ctx, "wines", query, limit, fmt, _wine, cols, "Vinos y destilados", "Ningún vino")


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


# -- house additions: classify what the knowledge base does not know ------------------------

M = TypeVar("M", bound=BaseModel)


def _csv(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]


def _flavour(value: str | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in _csv(value):
        name, sep, number = part.partition("=")
        if not sep or not number.strip().lstrip("-").isdigit():
            raise InvalidInput(f"--flavour takes pairs like heat=5,acidity=2, not '{part}'")
        out[name.strip()] = int(number)
    return out


def _spec(model: type[M], **values: Any) -> M:
    try:
        return model(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "input"
        raise InvalidInput(f"{field}: {err['msg']}") from exc


def _added(state: AppState, fmt: Format, add: Any, spec: BaseModel) -> None:
    upgrade(state.engine)
    with transaction(state.factory) as session:
        out: AdditionPublic = add(session, spec, actor="cli", via="cli")
    if fmt is Format.json:
        emit_json(out.model_dump(mode="json"))
        return
    if fmt is Format.csv:
        emit([_addition(out)], fmt)
        return
    classes = ", ".join([*out.allergens, *out.diet]) or "ninguno / none"
    console.print(
        f"Añadido ({out.kind}) [bold]{out.name_es}[/bold] → {out.ingredient_id}; "
        f"alérgenos y dieta: {classes}; líneas de carta resueltas: {out.dish_lines_resolved}"
    )


def _addition(a: AdditionPublic) -> dict[str, Any]:
    # A row for a table or CSV: the flavour scales and aromas do not fit in one cell.
    return a.model_dump(exclude={"flavour", "aromas"})


@app.command("add-ingredient")
def add_ingredient_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Its Spanish name, as the menus write it.")],
    allergens: Annotated[str, typer.Option(help="EU-14 allergens, comma-separated, or 'none'.")],
    diet: Annotated[str, typer.Option(help="Diet classes, comma-separated, or 'none'.")],
    category: Annotated[str, typer.Option(help="vegetable, chili, sauce, … (docs/knowledge.md)")],
    en: Annotated[str | None, typer.Option("--en", help="Its English name.")] = None,
    flavour: Annotated[str | None, typer.Option(help="0–5 scales: heat=5,acidity=2")] = None,
    aromas: Annotated[str | None, typer.Option(help="Aromas, comma-separated.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Añade un ingrediente que la base no conoce, con sus alérgenos y dieta."""
    spec = _spec(
        IngredientCreate, name_es=name, name_en=en, category=category, allergens=_csv(allergens),
        diet=_csv(diet), flavour=_flavour(flavour), aromas=_csv(aromas),
    )  # fmt: skip
    _added(ctx.obj, fmt, add_ingredient, spec)


@app.command("add-synonym")
def add_synonym_cmd(
    ctx: typer.Context,
    word: Annotated[str, typer.Argument(help="The word as written on a menu.")],
    to: Annotated[str, typer.Option("--to", help="The ingredient it names (id or exact name).")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Enseña otra palabra para un ingrediente que la base ya conoce."""
    _added(ctx.obj, fmt, add_synonym, _spec(SynonymCreate, word=word, to=to))


@app.command("add-preparation")
def add_preparation_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Its Spanish name, as the menus write it.")],
    components: Annotated[
        str | None, typer.Option(help="Its ingredients (ids or exact names), comma-separated.")
    ] = None,
    allergens: Annotated[str | None, typer.Option(help="Allergens beyond its components'.")] = None,
    diet: Annotated[str | None, typer.Option(help="Diet classes beyond its components'.")] = None,
    category: Annotated[str, typer.Option(help="sauce, condiment… (docs/knowledge.md)")] = "sauce",
    en: Annotated[str | None, typer.Option("--en", help="Its English name.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Añade una preparación de la casa: alérgenos y dieta de sus componentes y los dados."""
    spec = _spec(
        PreparationCreate, name_es=name, name_en=en, category=category,
        components=_csv(components), allergens=_csv(allergens), diet=_csv(diet),
    )  # fmt: skip
    _added(ctx.obj, fmt, add_preparation, spec)


@app.command("additions")
def additions_cmd(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="ingredient, synonym or preparation.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Lo que la casa añadió a la base de conocimiento, y quién."""
    state: AppState = ctx.obj
    upgrade(state.engine)
    with transaction(state.factory) as session:
        rows = list_additions(session, kind)
    if fmt is Format.json:
        emit_json([r.model_dump(mode="json") for r in rows])
        return
    cols = ["id", "kind", "ingredient_id", "name_es", "allergens", "diet", "added_by", "added_at"]
    emit([_addition(r) for r in rows], fmt, cols if fmt is Format.table else None,
         title="Añadidos de la casa", empty="La casa no ha añadido nada todavía.")  # fmt: skip


@app.command("unknown")
def unknown_cmd(
    ctx: typer.Context,
    venue_id: Annotated[int | None, typer.Option(help="Only this venue's dishes.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Ingredientes de las cartas que la base no conoce: lo que falta clasificar."""
    state: AppState = ctx.obj
    upgrade(state.engine)
    with transaction(state.factory) as session:
        rows = unknown_words(session, venue_id=venue_id)
    emit(
        [{"written": u.written, "dishes": u.dishes} for u in rows],
        fmt,
        title="Por clasificar (sazon knowledge add-ingredient / add-synonym / add-preparation)",
        empty="Las cartas no tienen ingredientes desconocidos.",
    )
