"""Wines for a guest when the orders say nothing about wine: the pairing tool's best for the
dish they order most (or the dish we recommend them), already filtered by their restrictions.

Many stores (the demo's among them) record dishes on the order lines but not the bottles, so
"quienes piden X también piden Y" has nothing to count for wines; the sommelier's rules do.
"""

from __future__ import annotations

from typing import Any

from sazon.experience.reasons import say
from sazon.experience.schemas import Suggestion
from sazon.experience.store_history import MenuItem
from sazon.knowledge import KnowledgeBase
from sazon.pairing import DishInput, WineInput, suggest


def paired_wines(
    anchor: MenuItem,
    usual: bool,
    wines: list[MenuItem],
    inputs: dict[str, WineInput],
    *,
    top: int,
    lang: str,
    kb: KnowledgeBase,
    memo: dict[tuple[Any, ...], list[Suggestion]] | None = None,
) -> list[Suggestion]:
    """The ``top`` wines of ``wines`` (already safe for the guest) that pair best with
    ``anchor``; ``usual`` says the guest orders it (the reason says so). ``memo`` keeps the
    answers between calls (they depend only on the dish, the list and the language)."""
    key: tuple[Any, ...] = (anchor.code, usual, tuple(w.code for w in wines), top, lang, id(kb))
    if memo is not None and key in memo:
        return memo[key]
    listed = [inputs[w.code] for w in wines if w.code in inputs]
    dish = anchor.dish
    if not listed or dish is None:
        return []
    written = [str(x) for x in (dish.ingredients_raw or [])] or [
        i.written_as for i in dish.ingredients
    ]
    [pairing] = suggest(
        [DishInput(dish_id=dish.code, name=dish.name_es[:200], course=dish.course,
                   ingredients=written[:60], cooking=[str(c) for c in dish.cooking or []][:10])],
        listed, top=min(top, 20), lang="en" if lang == "en" else "es", kb=kb,
    )  # fmt: skip
    by_code = {w.code: w for w in wines}
    phrase = "pairs_usual" if usual else "pairs_with"
    found = [
        Suggestion(
            kind="wine",
            code=s.wine_id,
            name=by_code[s.wine_id].name,
            venue=by_code[s.wine_id].venue,
            price_pen=by_code[s.wine_id].price_pen,
            score=round(float(s.score), 4),
            source="taste" if usual else "popular",
            reason=say(lang, phrase, dish=anchor.name),
        )
        for s in pairing.suggestions
        if s.wine_id in by_code
    ]
    if memo is not None:
        memo[key] = found
    return found
