"""Post files, Lima slots, the food calendar and the best-times map on small known data."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sazon.errors import InvalidInput
from sazon.social import (
    MIN_OWN_POSTS,
    Observed,
    Post,
    best_times,
    food_days,
    heatmap_svg,
    lima_slot,
    read_posts,
    text_features,
)

HEADER = "post_id,channel,posted_at,media_type,category,paid,page_followers,text,likes\n"


def test_lima_slot__reads_the_hour_in_lima_whatever_the_offset() -> None:
    # 01:30 UTC on a Tuesday is 20:30 on Monday in Lima.
    assert lima_slot(datetime(2026, 7, 28, 1, 30, tzinfo=UTC)) == (0, 20, 7)
    with pytest.raises(InvalidInput, match="offset"):
        lima_slot(datetime(2026, 7, 28, 1, 30))


def test_read_posts__reads_a_file_and_says_what_to_fix(tmp_path: Path) -> None:
    good = tmp_path / "p.csv"
    good.write_text(
        HEADER + "a1,Instagram,2026-07-28T19:30-05:00,Reel,plato,sí,12500,Lomo 🔥 #Lima,80\n",
        encoding="utf-8",
    )
    posts, y = read_posts(good, target="likes")
    assert posts[0].channel == "instagram" and posts[0].hour == 19 and posts[0].paid
    assert y == [80.0]
    cases = {
        "missing column(s) page_followers": HEADER.replace("page_followers,", ""),
        "no UTC offset": HEADER + "a1,ig,2026-07-28T19:30,photo,plato,0,10,,1\n",
        "paid 'talvez'": HEADER + "a1,ig,2026-07-28T19:30-05:00,photo,plato,talvez,10,,1\n",
        "is repeated": HEADER + "a1,ig,2026-07-28T19:30-05:00,photo,plato,0,10,,1\n" * 2,
        "likes 'x' is not a number": HEADER + "a1,ig,2026-07-28T19:30-05:00,photo,plato,0,10,,x\n",
    }
    for message, text in cases.items():
        bad = tmp_path / "bad.csv"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
            read_posts(bad, target="likes")


def test_text_features__counts_hashtags_emoji_and_dishes() -> None:
    got = text_features("Lomo saltado 🔥😋 #Lima #perufood", ("Lomo saltado", "Ceviche"))
    assert got["hashtags"] == 2 and got["emoji"] == 2 and got["dishes_named"] == 1
    assert text_features("Come try our new dinner menu")["lang_en"] == 1.0
    trending = text_features("¡Llegó el CEVICHE de mango!", (), ("cebiche", "ceviche", "man"))
    assert trending["trends_named"] == 1  # accents and case aside, whole words only


def test_food_days__follow_their_rules() -> None:
    days = {d.key: d for d in food_days(2026)}
    assert days["pisco_sour"].starts == date(2026, 2, 7)  # first Saturday of February
    assert days["semana_santa"].starts == date(2026, 4, 2)  # Maundy Thursday, Easter 5 April
    assert days["pisco"].starts == date(2026, 7, 26)  # fourth Sunday of July
    assert days["ceviche"].starts == date(2026, 6, 28)
    assert days["mistura"].approximate and all(d.source for d in days.values())


def _history(own: int) -> list[Observed]:
    found = []
    for i in range(300):  # the channel: evenings are better everywhere
        hour = 20 if i % 2 else 10
        page = ("a", "b")[i % 3 == 0]
        post = Post(str(i), "instagram", i % 7, hour, 5, "photo", "plato", False,
                    page=page, segment="s")  # fmt: skip
        found.append(Observed(post, 200.0 if hour == 20 else 100.0))
    for i in range(own):  # the page itself: Monday 13:00 only
        post = Post(f"o{i}", "instagram", 0, 13, 5, "photo", "plato", False, page="me",
                    segment="s")  # fmt: skip
        found.append(Observed(post, 150.0))
    return found


def test_best_times__shrinks_to_the_channel_and_flags_thin_history() -> None:
    thin = best_times(_history(5), venue="me", channel="instagram", page="me", segment="s",
                      today=date(2026, 6, 1))  # fmt: skip
    assert not thin.enough_data and "No hay suficientes datos" in (thin.note or "")
    assert len(thin.slots) == 168
    grid = {(s.weekday, s.hour): s for s in thin.slots}
    # Untried by the page, the evening still beats the morning: the channel's pattern.
    assert grid[(3, 20)].expected > grid[(3, 10)].expected
    # A slot with own posts is surer than one without.
    tried, untried = grid[(0, 13)], grid[(3, 13)]
    assert tried.high / tried.low < untried.high / untried.low
    assert all(s.own_posts == 0 for s in thin.explore) and thin.explore
    assert any(d.key == "ceviche" for d in thin.food_calendar)
    full = best_times(_history(MIN_OWN_POSTS), venue="me", channel="instagram", page="me",
                      segment="s", today=date(2026, 6, 1))  # fmt: skip
    assert full.enough_data and full.note is None
    assert {p.name for p in full.dayparts} == {"desayuno", "almuerzo", "lonche", "cena"}
    svg = heatmap_svg(full, title="Mapa", lang="es")
    assert svg.count("<rect") == 168 and 'role="img"' in svg
