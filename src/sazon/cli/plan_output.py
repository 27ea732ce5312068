"""How ``sazon events plan`` prints a plan: a table per course, the allergen matrix, the drinks
(or the whole plan as JSON or CSV). Kept apart from the commands, which only read options."""

from __future__ import annotations

from typing import Any

from sazon.cli.output import Format, console, emit, emit_json
from sazon.events import Plan, name_guests

#: The solver's status as the table says it (JSON keeps the code).
#: A plan's status in words (the CLI writes Spanish, as the tables' titles).
PLAN_STATUS = {"optimal": "óptimo", "feasible": "válido", "infeasible": "sin solución"}


def show_plan(plan: Plan, fmt: Format, extra: dict[str, Any] | None = None) -> None:
    if fmt is Format.json:
        emit_json({**plan.model_dump(mode="json"), **(extra or {})})
        return
    if fmt is Format.csv:
        rows: list[dict[str, Any]] = [
            {"guest_id": a.guest_id, "course": a.course, "dish_id": a.dish_id, "reason": a.reason}
            for a in plan.assignments
        ]
        rows += [
            {
                "guest_id": u.guest_id, "course": u.course, "dish_id": "", "reason": u.reason,
                "way_out": u.way_out.text if u.way_out else "",
            }
            for u in plan.unserved
        ]  # fmt: skip
        emit(rows, fmt, ["guest_id", "course", "dish_id", "reason", "way_out"])
        return
    names = {a.dish_id: a.dish_name for a in plan.assignments}
    # Guests by name for people; the JSON and CSV above keep the ids programs join on.
    who = {g.guest_id: g.name for g in plan.guests if g.name}
    proven = "óptimo demostrado" if plan.proven_optimal else "no demostrado óptimo"
    if plan.status == "feasible" and plan.gap is not None:
        proven += f", brecha {100 * plan.gap:.1f} %"
    status = PLAN_STATUS.get(plan.status, plan.status)
    console.print(f"[bold]Plan {status}[/bold] ({proven}, {plan.solve_seconds:.2f} s)")
    for cause in plan.causes:
        console.print(f"[red]![/red] {name_guests(cause.text, who)}")
    emit(
        [
            {
                "tiempo": course,
                "mesa": names.get(dish or "", dish or "—"),
                "cocina": ", ".join(f"{names.get(d, d)} ×{n}" for d, n in counts.items()),
            }
            for course, dish in plan.table_menu.items()
            for counts in [plan.kitchen_counts.get(course, {})]
        ],
        Format.table,
        title="Menú",
    )
    subs = [a for a in plan.assignments if a.substitution]
    if subs:
        emit(
            [
                {
                    "invitado": who.get(a.guest_id, a.guest_id),
                    "tiempo": a.course,
                    "plato": a.dish_name,
                    "motivo": name_guests(a.reason, who),
                }
                for a in subs
            ],
            Format.table,
            title="Sustituciones",
        )
    if plan.unserved:
        emit(
            [
                {
                    "invitado": who.get(u.guest_id, u.guest_id),
                    "tiempo": u.course,
                    "motivo": name_guests(u.reason, who),
                    "salida": u.way_out.text if u.way_out else "—",
                }
                for u in plan.unserved
            ],
            Format.table,
            title="Sin plato",
        )
    _show_matrix(plan)
    _show_drinks(plan)
    if plan.concept is not None:
        console.print(f"\n[bold]{plan.concept.title}[/bold]")
        console.print(plan.concept.text.split("\n\n", 1)[-1])
    for w in plan.warnings:
        console.print(f"[yellow]•[/yellow] {name_guests(w, who)}")


def _show_matrix(plan: Plan) -> None:
    """The kitchen's allergen matrix: plates without each allergen per course, then who."""
    matrix = plan.allergen_matrix
    if matrix is None or not matrix.columns:
        return
    emit(
        [
            {
                "tiempo": c.course,
                "platos": c.served,
                **{matrix.labels[k]: c.plates_without.get(k, 0) for k in matrix.columns},
            }
            for c in matrix.courses
        ],
        Format.table,
        title="Alérgenos: platos que salen sin…",
    )
    emit(
        [
            {
                "invitado": g.name or g.guest_id,
                "restricciones": ", ".join(g.restrictions),
                **{c: g.plates.get(c) or "—" for c in plan.courses},
            }
            for g in matrix.guests
        ],
        Format.table,
        title=f"Invitados con restricciones ({matrix.unrestricted} sin restricciones)",
    )


def _show_drinks(plan: Plan) -> None:
    flight = plan.wine_flight
    if flight is None:
        return
    who = {g.guest_id: g.name for g in plan.guests if g.name}

    def named(ids: list[str]) -> str:
        return ", ".join(who.get(i, i) for i in ids)

    title = "Recorrido de vinos" if flight.mode == "flight" else "Un vino por tiempo"
    emit(
        [
            {
                "tiempo": c.course,
                "plato": c.dish_name,
                "vino": (c.wine.name + (" (vegano)" if c.wine.vegan else "")) if c.wine else "—",
                "por qué": c.wine.why if c.wine else "",
                "sin alcohol": c.non_alcoholic.name if c.non_alcoholic else "—",
                "botellas": c.bottles,
            }
            for c in flight.courses
        ],
        Format.table,
        title=f"{title} ({flight.mode_reason})",
    )
    for p in flight.plates:
        wine = f" → {p.wine.name}" if p.wine and p.table_wine_fits is False else ""
        console.print(f"• {p.course}, {p.dish_name} ({named(p.guest_ids)}): {p.note}{wine}")
    for sw in flight.swaps:
        console.print(f"• {sw.course}, {sw.dish_name} ({named(sw.guest_ids)}): {sw.note}")
    if flight.non_alcoholic_guests:
        ids = named([n.guest_id for n in flight.non_alcoholic_guests])
        console.print(f"Maridaje sin alcohol para: {ids}")
    console.print(
        f"Costo por persona que bebe: S/ {flight.cost_per_guest_pen:,.2f} · botellas: "
        f"S/ {flight.bottles_total_pen:,.2f}"
    )
    if flight.source_note:
        console.print(f"[yellow]•[/yellow] {flight.source_note}")
    for w in flight.warnings:
        console.print(f"[yellow]•[/yellow] {w}")
