"""Posts as the engagement model reads them: one row per post, known before it is published.

A post file (CSV, UTF-8) has ``post_id, channel, posted_at, media_type, category, paid,
page_followers`` and optionally ``text``, ``page`` (the account: a venue's Instagram, say) and
``segment`` (the kind of venue). ``posted_at`` carries its UTC offset, so the hour and weekday
the model sees are the ones in Lima whatever zone the file was written in.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sazon.errors import InvalidInput
from sazon.knowledge import fold
from sazon.textfiles import read_text_file
from sazon.timeutil import LIMA

REQUIRED = ("post_id", "channel", "posted_at", "media_type", "category", "paid", "page_followers")
OPTIONAL = ("text", "page", "segment")
_TRUE = {"1", "true", "yes", "si", "sí", "y", "s"}
_FALSE = {"0", "false", "no", "n", ""}
_HASHTAG = re.compile(r"#\w+")
# Emoji and pictographs: the symbol blocks people use in captions (🔥😋🍷✨).
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f1e6-\U0001f1ff]")
_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "our",
        "your",
        "for",
        "this",
        "come",
        "try",
        "new",
        "now",
        "today",
        "dinner",
    ]
)
_ES_WORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "con",
        "para",
        "que",
        "te",
        "de",
        "del",
        "en",
        "nuestro",
        "hoy",
        "ven",
        "y",
        "un",
        "una",
    ]
)


@dataclass(frozen=True)
class Post:
    """One post's inputs: what is known before it goes out."""

    post_id: str
    channel: str
    weekday: int  # 0 = Monday, in Lima
    hour: int  # 0-23, in Lima
    month: int
    media_type: str
    category: str
    paid: bool
    page_followers: float | None = None
    text: str = ""
    page: str = ""
    segment: str = ""

    @property
    def page_key(self) -> str:
        return self.page or self.channel


def lima_slot(at: datetime) -> tuple[int, int, int]:
    """(weekday, hour, month) of ``at`` in Lima; ``at`` must carry its offset."""
    if at.tzinfo is None:
        raise InvalidInput(
            f"{at.isoformat()} has no UTC offset: write it like 2026-07-28T19:30-05:00"
        )
    local = at.astimezone(LIMA)
    return local.weekday(), local.hour, local.month


def text_features(
    text: str, dishes: tuple[str, ...] = (), trends: tuple[str, ...] = ()
) -> dict[str, float]:
    """Length, hashtags, emoji, dishes named, trending terms named and language cues of a
    caption (trend terms are matched without accents or case: «cebiche» is «Cebiche»)."""
    lowered = text.lower()
    folded = f" {fold(text)} " if trends else ""
    words = re.findall(r"[a-záéíóúñü]+", lowered)
    es = sum(w in _ES_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return {
        "text_chars": float(len(text)),
        "hashtags": float(len(_HASHTAG.findall(text))),
        "emoji": float(len(_EMOJI.findall(text))),
        "dishes_named": float(sum(d.lower() in lowered for d in dishes if d)),
        "trends_named": float(sum(f" {fold(t)} " in folded for t in trends if fold(t))),
        "lang_en": 1.0 if en > es else 0.0,
    }


def _paid(value: str, line: int) -> bool:
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise InvalidInput(f"line {line}: paid {value!r} is not yes/no: write 1 or 0")


def _count(value: str, column: str, where: str) -> float:
    """A count ≥ 0 written as a number (thousands may carry commas)."""
    try:
        number = float(value.replace(",", "").strip())
    except ValueError:
        raise InvalidInput(
            f"{where}: {column} {value!r} is not a number: write it like 12500"
        ) from None
    if not math.isfinite(number) or number < 0:
        raise InvalidInput(f"{where}: {column} must be a count ≥ 0")
    return number


def _row_post(row: dict[str, str], line: int) -> Post:
    try:
        at = datetime.fromisoformat(row["posted_at"].strip())
    except ValueError:
        raise InvalidInput(
            f"line {line}: posted_at {row['posted_at']!r} is not an ISO date-time: "
            "write it like 2026-07-28T19:30-05:00"
        ) from None
    try:
        weekday, hour, month = lima_slot(at)
    except InvalidInput as exc:
        raise InvalidInput(f"line {line}: {exc}") from None
    post_id = row["post_id"].strip()
    channel = row["channel"].strip().lower()
    if not post_id or not channel:
        raise InvalidInput(f"line {line}: post_id and channel cannot be empty")
    return Post(
        post_id=post_id,
        channel=channel,
        weekday=weekday,
        hour=hour,
        month=month,
        media_type=row["media_type"].strip().lower() or "unknown",
        category=row["category"].strip().lower() or "unknown",
        paid=_paid(row["paid"], line),
        page_followers=(
            _count(row["page_followers"], "page_followers", f"line {line}")
            if row["page_followers"].strip()
            else None
        ),
        text=(row.get("text") or "").strip(),
        page=(row.get("page") or "").strip(),
        segment=(row.get("segment") or "").strip(),
    )


def read_posts(
    path: Path, *, target: str | None = None, max_mb: float = 50.0
) -> tuple[list[Post], list[float]]:
    """The posts of a CSV file and, with ``target``, each post's value of that column.

    Raises :class:`InvalidInput` naming the file, the line and what to write instead.
    """
    text = read_text_file(
        path, what="posts CSV file", max_mb=max_mb, empty_hint=", ".join(REQUIRED)
    )
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    needed = (*REQUIRED, target) if target else REQUIRED
    missing = [c for c in needed if c not in header]
    if missing:
        raise InvalidInput(
            f"{path.name}: missing column(s) {', '.join(missing)}; the header needs "
            f"{', '.join(needed)} (optional: {', '.join(OPTIONAL)})"
        )
    posts: list[Post] = []
    values: list[float] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        post = _row_post({k: v or "" for k, v in row.items() if k is not None}, line)
        if post.post_id in seen:
            raise InvalidInput(f"{path.name} line {line}: post_id {post.post_id} is repeated")
        seen.add(post.post_id)
        posts.append(post)
        if target:
            where = f"{path.name} line {line}"
            values.append(_count(row.get(target) or "", target, where))
    if not posts:
        raise InvalidInput(f"{path.name} has a header but no posts")
    return posts, values
