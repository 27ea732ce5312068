"""``sazon pairing``: suggest wines for dishes, pair a whole menu, train the ranker."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from sazon.cli.output import Format, console, emit, emit_json
from sazon.cli.state import AppState
from sazon.errors import InvalidInput
from sazon.pairing import (
    RULES,
    DishPairing,
    MenuPairing,
    PairingFilters,
    load_model,
    menu_courses,
    pair_menu,
    read_inputs,
    store_menu,
    store_wines,
    suggest,
    suggest_from_store,
    venue_id_of,
)

app = typer.Typer(help="Maridaje / wine pairing.", no_args_is_help=True)


class LangOpt(StrEnum):
    es = "es"
    en = "en"


class ModeOpt(StrEnum):
    per_course = "per_course"
    flight = "flight"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
Dishes = Annotated[
    Path | None,
    typer.Option(help="CSV: dish_id,name,course,price_pen,ingredients (';' between ingredients)."),
]
Wines = Annotated[
    Path | None,
    typer.Option(
        help="CSV: wine_id,name,producer,country,region,grapes,color,sweetness,body,acidity,"
        "tannin,oak,alcohol,price_pen (';' between grapes; any attribute may be empty)."
    ),
]
Lang = Annotated[LangOpt, typer.Option("--lang", help="Language of the explanations.")]
Venue = Annotated[str | None, typer.Option(help="Venue code or id in the store (e.g. mfl).")]
MaxPrice = Annotated[
    float | None, typer.Option("--max-price", min=0, help="Most a bottle may cost, in S/.")
]
Glass = Annotated[bool, typer.Option("--by-the-glass", help="Only wines served by the glass.")]
NonAlcoholic = Annotated[
    bool, typer.Option("--non-alcoholic", help="Drinks without alcohol instead of wine.")
]
Ranker = Annotated[
    bool | None,
    typer.Option(
        "--ranker/--rules",
        help="Rank with rules + learned ranker, or rules alone (default: the shipped choice).",
    ),
]


def _state(ctx: typer.Context) -> AppState:
    state: AppState = ctx.obj
    return state


def suggestion_json(pairings: list[DishPairing]) -> list[dict[str, Any]]:
    """The output format of ``sazon pairing suggest --format json``."""
    return [
        {
            "dish_id": p.dish_id,
            "dish": p.dish,
            "profile": p.profile.model_dump(exclude={"sources"}),
            "suggestions": [
                {
                    "wine_id": s.wine_id,
                    "name": s.name,
                    "score": s.score,
                    "confidence": s.confidence,
                    "why": s.why,
                }
                for s in p.suggestions
            ],
        }
        for p in pairings
    ]


def _table(pairings: list[DishPairing], lang: str) -> None:
    es = lang == "es"
    for p in pairings:
        table = Table(title=p.dish, show_lines=True, title_justify="left")
        for col in ("#", "vino" if es else "wine", "S/", "conf.", "por qué" if es else "why"):
            table.add_column(col, overflow="fold")
        for i, s in enumerate(p.suggestions, 1):
            price = f"{s.price_pen:.2f}" if s.price_pen is not None else ""
            table.add_row(str(i), s.name, price, f"{s.confidence:.0%}", s.why)
        console.print(table)
        if p.note:
            console.print(f"[yellow]{p.note}[/yellow]")


@app.command("suggest")
def suggest_cmd(
    ctx: typer.Context,
    dishes: Dishes = None,
    wines: Wines = None,
    venue: Venue = None,
    dish: Annotated[
        list[str] | None, typer.Option(help="Store dish code or words of its name (repeatable).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=20, help="Wines per dish.")] = 3,
    lang: Lang = LangOpt.es,
    max_price: MaxPrice = None,
    by_the_glass: Glass = False,
    color: Annotated[
        list[str] | None, typer.Option(help="red, white, rose, orange, amber, sparkling.")
    ] = None,
    non_alcoholic: NonAlcoholic = False,
    ranker: Ranker = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Sugiere vinos de la carta para cada plato, con el porqué. Sin archivos usa el almacén."""
    state = _state(ctx)
    dish_list, wine_list = read_inputs(dishes, wines, state.settings.pairing)
    filters = PairingFilters(max_price_pen=max_price, by_the_glass=by_the_glass, colors=color or [])
    model = load_model(state.settings.home / "models", use_ranker=ranker)
    options: dict[str, Any] = {
        "top": top,
        "lang": lang.value,
        "filters": filters,
        "non_alcoholic": non_alcoholic,
        "use_ranker": ranker,
        "kb": state.kb,
        "model": model,
    }
    if dish_list is not None and (wine_list is not None or non_alcoholic):
        pairings = suggest(dish_list, wine_list or [], **options)
    else:
        with state.factory() as session:
            pairings = suggest_from_store(
                session, venue=venue, match=dish, dishes=dish_list, wines=wine_list, **options
            )
    if fmt is Format.json:
        emit_json(suggestion_json(pairings))
    elif fmt is Format.csv:
        raise InvalidInput("pairing suggest prints table or json: use --format json")
    else:
        _table(pairings, lang.value)


def menu_json(menu: MenuPairing) -> dict[str, Any]:
    def short(s: Any) -> dict[str, Any] | None:
        if s is None:
            return None
        return {
            "wine_id": s.wine_id,
            "name": s.name,
            "price_pen": s.price_pen,
            "score": s.score,
            "confidence": s.confidence,
            "why": s.why,
        }

    return {
        "mode": menu.mode,
        "lang": menu.lang,
        "total_price_pen": menu.total_price_pen,
        "non_alcoholic_only": menu.non_alcoholic_only,
        "warnings": menu.warnings,
        "courses": [
            {
                "course": c.course,
                "dish_id": c.dish_id,
                "dish": c.dish,
                "wine": short(c.wine),
                "non_alcoholic": short(c.non_alcoholic),
            }
            for c in menu.courses
        ],
    }


@app.command("menu")
def menu_cmd(
    ctx: typer.Context,
    menu: Annotated[
        Path | None,
        typer.Option(help="Dishes CSV in course order (dish_id,name,course,…,ingredients)."),
    ] = None,
    wines: Wines = None,
    venue: Venue = None,
    dish: Annotated[
        list[str] | None, typer.Option(help="Store dish codes, in course order (repeatable).")
    ] = None,
    mode: Annotated[ModeOpt, typer.Option(help="per_course or flight.")] = ModeOpt.per_course,
    lang: Lang = LangOpt.es,
    max_price: MaxPrice = None,
    budget: Annotated[
        float | None, typer.Option(min=0, help="Most all the bottles together may cost, S/.")
    ] = None,
    by_the_glass: Glass = False,
    allow_repeats: Annotated[bool, typer.Option(help="A bottle may serve two courses.")] = False,
    non_alcoholic: NonAlcoholic = False,
    ranker: Ranker = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Marida un menú completo: un vino por tiempo o una secuencia de ligero a intenso."""
    state = _state(ctx)
    dish_list, wine_list = read_inputs(menu, wines, state.settings.pairing)
    if dish_list is None and not dish:
        raise InvalidInput("give the menu: --menu FILE or --dish CODE for each course")
    with state.factory() as session:
        if dish_list is None:
            courses = store_menu(session, dish or [], venue=venue)
        else:
            courses = menu_courses(dish_list)
        if wine_list is None:
            wine_list = store_wines(session, venue_id=venue_id_of(session, venue))
    result = pair_menu(
        courses,
        wine_list,
        mode=mode.value,
        lang=lang.value,
        non_alcoholic=non_alcoholic,
        max_price_pen=max_price,
        budget_pen=budget,
        by_the_glass=by_the_glass,
        allow_repeats=allow_repeats,
        use_ranker=ranker,
        kb=state.kb,
    )
    if fmt is Format.json:
        emit_json(menu_json(result))
        return
    rows = [
        {
            "tiempo" if lang == "es" else "course": c.course,
            "plato" if lang == "es" else "dish": c.dish,
            "vino" if lang == "es" else "wine": c.wine.name if c.wine else "—",
            "sin alcohol" if lang == "es" else "non-alcoholic": c.non_alcoholic.name
            if c.non_alcoholic
            else "—",
            "por qué" if lang == "es" else "why": c.wine.why if c.wine else "",
        }
        for c in result.courses
    ]
    emit(rows, Format.table, title=f"{mode.value} · S/ {result.total_price_pen:.2f}")
    for warning in result.warnings:
        console.print(f"[yellow]{warning}[/yellow]")


def default_xwines() -> Path:
    """X-Wines next to the repository (``../shared/data/xwines_slim``), from here or the cwd."""
    import sazon

    for root in (Path.cwd(), Path(sazon.__file__).resolve().parents[2]):
        candidate = root.parent / "shared" / "data" / "xwines_slim"
        if candidate.exists():
            return candidate
    return Path.cwd().parent / "shared" / "data" / "xwines_slim"


@app.command("train")
def train_cmd(
    ctx: typer.Context,
    xwines: Annotated[
        Path | None,
        typer.Option(help="X-Wines Slim folder (CC0); default ../shared/data/xwines_slim."),
    ] = None,
    no_xwines: Annotated[bool, typer.Option("--no-xwines", help="Our examples only.")] = False,
    alpha: Annotated[float | None, typer.Option(min=0, help="Pull towards the rules.")] = None,
    activate: Annotated[bool, typer.Option(help="Serve the new version at once.")] = True,
    seed: Annotated[int, typer.Option(help="random_state: same seed, same model.")] = 0,
    export: Annotated[
        Path | None,
        typer.Option(help="Also write the model as the packaged JSON (data/pairing_model.json)."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Entrena el ranker con nuestros ejemplos (y X-Wines) y lo guarda en el registro."""
    import json

    from sazon.ml import ModelRegistry, fingerprint
    from sazon.pairing import (
        example_rows,
        own_examples,
        packaged_json,
        train,
        xwines_examples,
    )

    state = _state(ctx)
    path = None
    if not no_xwines:
        path = xwines or default_xwines()
        if not path.exists():
            raise InvalidInput(
                f"X-Wines not found at {path}: pass --xwines DIR, or --no-xwines to train on "
                "our own examples only"
            )
    model, report = train(state.kb, xwines=path, alpha=alpha, random_state=seed)
    rows = example_rows(own_examples(state.kb) + (xwines_examples(path) if path else []))
    metrics = {f"cv_ranker_{k}": v for k, v in report["cv_ranker"].items() if k != "groups"}
    metrics |= {f"cv_rules_{k}": v for k, v in report["cv_rules"].items() if k != "groups"}
    registry = ModelRegistry(state.settings.home / "models")
    version = registry.save(
        model,
        "pairing",
        metrics=metrics,
        data_fingerprint=fingerprint(rows),
        params=model.get_params(),
        activate=activate,
    )
    if export is not None:
        sources = ["own sommelier examples (data/examples.csv)"]
        if path is not None:
            sources.append("X-Wines Slim, CC0 1.0 (train fold: WineID not divisible by 5)")
        data = packaged_json(model, report, fingerprint(rows), sources)
        export.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    result = {
        "name": "pairing",
        "version": version,
        "active": activate,
        "alpha": report["alpha"],
        "examples_own": report["examples_own"],
        "examples_xwines": report["examples_xwines"],
        **metrics,
    }
    if fmt is Format.json:
        emit_json(result)
    else:
        emit([{"campo": k, "valor": v} for k, v in result.items()], Format.table, title="pairing")


@app.command("rules")
def rules_cmd(lang: Lang = LangOpt.es, fmt: FormatOpt = Format.table) -> None:
    """Las reglas del sumiller, con su peso."""
    rows = [
        {"id": r.id, "kind": r.kind, "weight": r.weight, "text": r.es if lang == "es" else r.en}
        for r in RULES
    ]
    emit(rows, fmt, title="Reglas de maridaje" if lang == "es" else "Pairing rules")
