"""``sazon social`` and ``/api/v1/social`` on the demo store, and the file command.

One demo store (module scope) serves the API and the CLI; posts ingested afterwards change the
next heatmap, and ``sazon social train`` saves a new model version each time.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from sazon.cli.app import run
from sazon.timeutil import LIMA
from tests.servers import Server, sazon_server

pytestmark = pytest.mark.integration
COLUMNS = ("post_id", "channel", "posted_at", "media_type", "category", "paid", "page_followers",
           "text", "engagement")  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("social-demo")
    with sazon_server(home, demo=("--guests", "40")) as srv:
        yield srv


def _get(server: Server, role: str | None = "marketing", **params: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {server.keys[role]}"} if role else {}
    url = f"{server.url}/api/v1/social/best-times"
    return httpx.get(url, headers=headers, params=params, timeout=60)  # type: ignore[arg-type]


def test_api__best_times_for_a_demo_venue(demo: Server) -> None:
    r = _get(demo, venue="mfl", channel="instagram")
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["slots"]) == 168 and body["own_posts"] > 0
    assert body["top"] and all(7 <= s["hour"] <= 23 for s in body["top"])
    assert all(s["low"] <= s["expected"] <= s["high"] for s in body["slots"])
    assert all(s["own_posts"] == 0 for s in body["explore"])
    assert {p["name"] for p in body["dayparts"]} == {"desayuno", "almuerzo", "lonche", "cena"}
    assert sum(s["own_posts"] for s in body["slots"]) == body["own_posts"]
    assert body["enough_data"] is (body["own_posts"] >= 40)


def test_api__roles_unknown_venue_and_channel_are_problems(demo: Server) -> None:
    assert _get(demo, None, venue="mfl").status_code == 401
    assert _get(demo, "staff", venue="mfl").status_code == 403
    r = _get(demo, venue="zzz")
    assert r.status_code == 404 and "mfl" in r.json()["detail"]
    r = _get(demo, venue="mfl", channel="myspace")
    assert r.status_code == 404 and "instagram" in r.json()["detail"]
    assert _get(demo, venue="mfl", lang="fr").status_code == 422


def test_api__a_calendar_asked_only_for_its_end_is_the_four_weeks_before_it(demo: Server) -> None:
    headers = {"Authorization": f"Bearer {demo.keys['marketing']}"}
    url = f"{demo.url}/api/v1/social/calendar"
    r = httpx.get(url, headers=headers, params={"end": "2000-01-01"}, timeout=60)
    assert r.status_code == 200, r.text  # was 422 "ends before it starts" (schemathesis)
    assert r.json() == []
    period = {"start": "2000-02-01", "end": "2000-01-01"}
    bad = httpx.get(url, headers=headers, params=period, timeout=60)
    assert bad.status_code == 422


def _more_posts(path: Path, n: int) -> None:
    rng = random.Random(3)
    start = datetime(2026, 11, 2, tzinfo=LIMA)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(("post_id", "platform", "type", "category", "caption", "published_at",
                         "sponsored", "likes", "comments", "shares", "venue"))  # fmt: skip
        for i in range(n):  # Saturdays at 11:00, a slot the venue had barely used, very busy
            at = start + timedelta(days=5 + 7 * (i % 4), hours=11, minutes=i)
            likes = 4000 + rng.randrange(100)
            row = (f"NEW-{i}", "instagram", "photo", "plato", "Ceviche 🔥", at.isoformat(), "no",
                   likes, 100, 50, "mfl")  # fmt: skip
            writer.writerow(row)


def test_cli__new_posts_move_the_map_and_training_versions_the_model(
    demo: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # In this process, against the demo server's store: the same commands without five
    # interpreter starts and their imports (the slowest part of this test before).
    for name in ("SAZON_HOME", "SAZON_DATABASE_URL"):
        if name in demo.env:
            monkeypatch.setenv(name, demo.env[name])

    def cli(*args: str) -> str:
        assert run(list(args)) == 0, capsys.readouterr().err
        return capsys.readouterr().out

    before = json.loads(cli("social", "best-times", "--venue", "mfl", "--format", "json"))
    saturday = next(s for s in before["slots"] if (s["weekday"], s["hour"]) == (5, 11))
    # --no-trends: the market texts' replay is not what this test is about.
    first = json.loads(cli("social", "train", "--no-trends", "--format", "json"))[0]
    assert first["model"] == "social-engagement" and first["posts"] > 100
    posts = tmp_path / "nuevas.csv"
    _more_posts(posts, 8)
    cli("ingest", "social-posts", str(posts))
    after = json.loads(cli("social", "best-times", "--venue", "mfl", "--format", "json"))
    moved = next(s for s in after["slots"] if (s["weekday"], s["hour"]) == (5, 11))
    assert moved["own_posts"] == saturday["own_posts"] + 8
    assert moved["expected"] > saturday["expected"] * 1.5
    second = json.loads(cli("social", "train", "--no-trends", "--format", "json"))[0]
    assert second["version"] > first["version"] and second["posts"] == first["posts"] + 8


def test_cli__bad_venue_is_one_line(demo: Server) -> None:
    with pytest.raises(subprocess.CalledProcessError) as info:
        demo.cli("social", "best-times", "--venue", "zzz")
    assert "mfl" in info.value.stderr and len(info.value.stderr.strip().splitlines()) == 1


def _write(path: Path, rows: list[dict[str, object]], with_target: bool) -> None:
    columns = COLUMNS if with_target else COLUMNS[:-1]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _rows(n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        hour, paid = rng.choice((9, 13, 20)), rng.random() < 0.3
        at = datetime(2026, 3, 1 + i % 28, hour, 0, tzinfo=LIMA)
        rows.append({
            "post_id": f"s{seed}-{i}", "channel": "instagram", "posted_at": at.isoformat(),
            "media_type": rng.choice(("photo", "reel")), "category": "plato",
            "paid": int(paid), "page_followers": 15000, "text": "Lomo saltado #Lima",
            "engagement": round(100 * (2 if hour == 20 else 1) * (1.8 if paid else 1)
                                * rng.uniform(0.8, 1.25)),
        })  # fmt: skip
    return rows


def test_cli__predict_from_files_gives_every_post_an_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAZON_HOME", str(tmp_path / "home"))
    train, posts = tmp_path / "historial.csv", tmp_path / "borradores.csv"
    _write(train, _rows(80, 1), with_target=True)
    new = _rows(6, 2)
    _write(posts, new, with_target=False)
    code = run(["social", "engagement", "predict", "--train", str(train), "--posts", str(posts),
                "--target", "engagement", "--format", "json"])  # fmt: skip
    assert code == 0
    got = json.loads(capsys.readouterr().out)
    assert [g["post_id"] for g in got] == [r["post_id"] for r in new]
    assert all(g["low"] <= g["predicted"] <= g["high"] for g in got)
    code = run(["social", "engagement", "predict", "--train", str(train), "--posts", str(posts),
                "--target", "likes", "--format", "json"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "missing column(s) likes" in err
    assert len(err.strip().splitlines()) == 1


def _menu_names(server: Server, venue: str) -> set[str]:
    import sqlite3

    with sqlite3.connect(server.home / "sazon.db") as db:
        rows = db.execute(
            "SELECT d.name_es, d.name_en FROM dishes d JOIN venues v ON v.id = d.venue_id "
            "WHERE v.code = ?", (venue,),
        ).fetchall()  # fmt: skip
    return {name for row in rows for name in row if name}


def test_api__drafts_name_only_the_venues_dishes(demo: Server) -> None:
    headers = {"Authorization": f"Bearer {demo.keys['marketing']}"}
    url = f"{demo.url}/api/v1/social/drafts"
    r = httpx.get(url, headers=headers, params={"venue": "mfl", "trends": "false"}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["drafts"] and {d["lang"] for d in body["drafts"]} == {"es", "en"}
    menu = _menu_names(demo, "mfl")
    assert all(d["dishes"] and set(d["dishes"]) <= menu for d in body["drafts"])
    scored = [d for d in body["drafts"] if d["predicted"] is not None]
    assert scored or "sazon social train" in body["note"]
    assert all(d["low"] <= d["predicted"] <= d["high"] for d in scored)
    staff = {"Authorization": f"Bearer {demo.keys['staff']}"}
    assert httpx.get(url, headers=staff, params={"venue": "mfl"}).status_code == 403
    r = httpx.get(url, headers=headers, params={"venue": "mfl", "channel": "myspace",
                                                "trends": "false"}, timeout=120)  # fmt: skip
    assert r.status_code == 422 and "instagram" in r.json()["detail"]
