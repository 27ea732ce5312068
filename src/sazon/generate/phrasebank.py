"""Phrase banks and the seeded choice of phrasings.

A bank (``data/<kind>.toml``) holds, per language, pools of sentence templates by slot::

    [es]
    open = ["El {date} abrimos {venue} para celebrar {occasion}.", ...]
    "close@casual" = [...]          # a pool used for one tone only

A placeholder is ``{name}`` or ``{name|form}``; forms inflect a :class:`~grammar.Noun`
(``{dish|el}`` → "la causa", ``{dish|adj:fresco}`` → "fresca"); ``{?name}`` prints
nothing but makes the template need that slot (``{?by_glass}Se sirve por copa.``).
A template is eligible when every placeholder has a value and every agreement it asks for is
known, so a dish whose gender is unknown only gets phrasings that avoid agreement.

:class:`Batch` remembers which phrasings were used; :meth:`Picker.say` prefers unused ones,
so no phrasing repeats in a batch until a pool runs out, and then it says so in a warning.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from sazon.generate.grammar import Lang, Noun
from sazon.generate.sentences import tidy

_PLACEHOLDER = re.compile(r"\{(\??[a-z][a-z0-9_]*)(?:\|([^{}]+))?\}")

SlotValue = str | Noun | None


@dataclass(frozen=True, slots=True)
class Phrasing:
    id: str
    text: str


@cache
def load_bank(name: str) -> dict[tuple[Lang, str], tuple[Phrasing, ...]]:
    """Pools of a bank by (language, slot); ids are ``bank/lang/slot/index``."""
    path = resources.files("sazon.generate").joinpath("data", f"{name}.toml")
    raw = tomllib.loads(path.read_text("utf-8"))
    pools: dict[tuple[Lang, str], tuple[Phrasing, ...]] = {}
    for lang in ("es", "en"):
        for slot, lines in raw.get(lang, {}).items():
            if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
                raise ValueError(f"{name}.toml [{lang}] {slot}: expected a list of strings")
            if len(set(lines)) != len(lines):
                raise ValueError(f"{name}.toml [{lang}] {slot}: a phrasing is written twice")
            pools[(lang, slot)] = tuple(
                Phrasing(f"{name}/{lang}/{slot}/{i}", line) for i, line in enumerate(lines)
            )
    return pools


def render(template: str, ctx: Mapping[str, SlotValue], lang: Lang, *, sentence: bool = True
           ) -> str | None:  # fmt: skip
    """Fill a template, or ``None`` when a slot is missing or an agreement is unknown."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1)
        value = ctx.get(name.lstrip("?"))
        form = match.group(2)
        if value is None or value == "":
            missing = True
            return ""
        if name.startswith("?"):  # a condition: the slot must be there, it prints nothing
            return ""
        if isinstance(value, Noun):
            text = value.form(form)
            if text is None:
                missing = True
                return ""
            return text
        if form:
            raise ValueError(f"{template!r}: slot {match.group(1)!r} is text, it has no forms")
        return value

    text = _PLACEHOLDER.sub(fill, template)
    if missing:
        return None
    return tidy(text, lang, capital=sentence)


@dataclass
class Batch:
    """What a batch has used so far: phrasing ids and how often."""

    uses: Counter[str] = field(default_factory=Counter)


class Picker:
    """Chooses and fills phrasings for one draft, with its own seeded RNG."""

    def __init__(self, batch: Batch, bank: str, lang: Lang, tone: str, rng: random.Random):
        self.batch = batch
        self.bank = bank
        self.lang = lang
        self.tone = tone
        self.rng = rng
        self.used: list[str] = []
        self.warnings: list[str] = []
        #: The slots the last phrasing said (composers use it to avoid saying a fact twice).
        self.last_slots: frozenset[str] = frozenset()

    def pool(self, slot: str, bank: str | None = None) -> tuple[Phrasing, ...]:
        pools = load_bank(bank or self.bank)
        toned = pools.get((self.lang, f"{slot}@{self.tone}"))
        return toned if toned else pools.get((self.lang, slot), ())

    def say(
        self,
        slot: str,
        ctx: Mapping[str, SlotValue],
        *,
        bank: str | None = None,
        sentence: bool = True,
    ) -> str | None:
        """One filled phrasing from a pool, or ``None`` when none fits the facts."""
        candidates: list[tuple[Phrasing, str]] = []
        for phrasing in self.pool(slot, bank):
            text = render(phrasing.text, ctx, self.lang, sentence=sentence)
            if text is not None:
                candidates.append((phrasing, text))
        if not candidates:
            self.last_slots = frozenset()
            return None
        uses = self.batch.uses
        fresh = [c for c in candidates if uses[c[0].id] == 0]
        if fresh:
            phrasing, text = self.rng.choice(fresh)
        else:
            least = min(uses[c[0].id] for c in candidates)
            phrasing, text = self.rng.choice([c for c in candidates if uses[c[0].id] == least])
            pool_id = phrasing.id.rsplit("/", 1)[0]
            self.warnings.append(
                f"phrase bank exhausted: {pool_id} has {len(candidates)} phrasing(s) that fit "
                f"these facts and all were used in this batch, so {phrasing.id} repeats"
            )
        uses[phrasing.id] += 1
        self.used.append(phrasing.id)
        self.last_slots = frozenset(
            m.group(1).lstrip("?") for m in _PLACEHOLDER.finditer(phrasing.text)
        )
        return text

    def say_once(
        self, slot: str, ctx: dict[str, SlotValue], once: frozenset[str], **kw: object
    ) -> str | None:
        """Like :meth:`say`, then drop from ``ctx`` the ``once`` slots it used."""
        text = self.say(slot, ctx, **kw)  # type: ignore[arg-type]
        for name in self.last_slots & once:
            ctx.pop(name, None)
        return text

    def shuffled(self, items: list[str]) -> list[str]:
        out = list(items)
        self.rng.shuffle(out)
        return out
