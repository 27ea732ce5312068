"""The data-quality report of an ingest run: JSON for machines, HTML with charts for people."""

from __future__ import annotations

import io
import re
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from sazon.ingest import standardise as s
from sazon.ingest.parse import ColumnMap
from sazon.ingest.schemas import KIND_FIELDS

if TYPE_CHECKING:
    from sazon.ingest.pipeline import RowResult

T = TypeVar("T")

_NUMERIC = {s.integer, s.number, s.money_pen}
# Identity and free-text fields never become charts: a bar per email would put personal data
# on the page, and a bar per note says nothing.
_NO_CHART = {
    "external_id",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "notes",
    "text",
    "description",
    "guest_ref",
    "guest_email",
    "guest_phone",
    "visit_ref",
    "items",
    "name",
    "name_en",
    "ingredients",
    "grapes",
}
_TIME = {s.parse_datetime, s.birth_date, s.parse_date}


_QUOTED = re.compile(r"'[^']*'")
_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def without_values(error: str) -> str:
    """An error message without the value it quotes ("'ana@x' is not an email address"):
    reports are kept and shown to people who may not read personal data, and an erasure
    cannot reach a copy that was downloaded."""
    return _DATE.sub("…", _QUOTED.sub("'…'", error))


def _robust_outliers(values: pd.Series) -> list[int]:
    """Indexes whose modified z-score (median/MAD) exceeds 3.5 (Iglewicz & Hoaglin)."""
    if len(values) < 8:
        return []
    median = values.median()
    mad = (values - median).abs().median()
    if mad == 0:
        return []
    z = 0.6745 * (values - median) / mad
    return [int(i) for i in values.index[z.abs() > 3.5]]


def _memo(read: Callable[[str], T]) -> Callable[[str], T]:
    """``read`` remembering its answers, for one report (files repeat their cells)."""
    seen: dict[str, T] = {}

    def remembered(value: str) -> T:
        try:
            return seen[value]
        except KeyError:
            seen[value] = out = read(value)
            return out

    return remembered


def _as_number(parse: Callable[[str], Any], value: str) -> float | None:
    """A numeric cell as a float for the chart (0.0 for a value that is not a number),
    or None when it cannot be read."""
    try:
        number = parse(value)
    except ValueError:
        return None
    return float(number) if isinstance(number, Decimal | int | float) else 0.0


def quality_report(
    kind: str, rows: list[dict[str, str]], columns: ColumnMap, results: list[RowResult]
) -> dict[str, Any]:
    specs, _ = KIND_FIELDS[kind]
    parsers = {sp.name: sp.parse for sp in specs}
    errors = Counter(r["field"] for res in results for r in res.reasons)
    warns = Counter(w["field"] for res in results for w in res.warnings)
    fields: dict[str, Any] = {}
    distributions: dict[str, Any] = {}
    outliers: list[dict[str, Any]] = []
    by_field: dict[str, list[str]] = {}
    blank = _memo(s.blank)  # cells repeat down a column: each distinct one checked once
    for col, name in columns.fields.items():
        by_field.setdefault(name, []).append(col)
    for name, cols in by_field.items():
        # Several columns may fill one field ("dieta" and "restricciones"): a row counts
        # once, with the first of its columns that holds something.
        if len(cols) == 1:
            raw = ["" if blank(v) else v for v in (r.get(cols[0], "") for r in rows)]
        else:
            raw = [next((r[c] for c in cols if not blank(r.get(c, ""))), "") for r in rows]
        present = [v for v in raw if v]  # a blank cell is "" by now
        fields[name] = {
            "column": ", ".join(cols),
            "completeness": round(len(present) / len(rows), 4) if rows else 0.0,
            "errors": errors.get(name, 0),
            "warnings": warns.get(name, 0),
            "distinct": len(set(present)),
        }
        parse = parsers[name]
        if name in _NO_CHART:
            continue
        if parse in _NUMERIC:
            number = _memo(partial(_as_number, parse))
            nums: dict[int, float] = {}
            for i, v in enumerate(raw, start=1):
                if v and (value := number(v)) is not None:
                    nums[i] = value
            series = pd.Series(nums, dtype="float64")
            if not series.empty:
                distributions[name] = {
                    "type": "numeric",
                    "values": series.tolist(),
                    "min": float(series.min()),
                    "median": float(series.median()),
                    "max": float(series.max()),
                }
                outliers += [
                    {"row": i, "field": name, "value": nums[i], "flag": "outlier"}
                    for i in _robust_outliers(series)
                ]
        elif parse in _TIME:
            years: Counter[str] = Counter()
            for v, times in Counter(present).items():  # each distinct date read once
                try:
                    t = parse(v)
                except ValueError:
                    continue
                years[str(t.year)] += times
            distributions[name] = {"type": "time", "counts": dict(sorted(years.items()))}
        elif fields[name]["distinct"] <= 30 and present:
            top = Counter(v.strip().lower() for v in present).most_common(12)
            distributions[name] = {"type": "categorical", "counts": dict(top)}
    reasons = Counter(
        f"{r['field']}: {without_values(r['error']).split(':')[0][:80]}"
        for res in results
        for r in res.reasons
    )
    return {
        "kind": kind,
        "rows": len(rows),
        "outcomes": dict(Counter(r.outcome for r in results)),
        "fields": fields,
        "top_reasons": dict(reasons.most_common(15)),
        "outliers": outliers,
        "distributions": distributions,
        "ignored_columns": list(columns.ignored),
    }


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    with warnings.catch_warnings():
        # Values people typed may hold emoji the chart font lacks; a blank glyph is fine.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="svg", bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    text = buf.getvalue()
    return text[text.find("<svg") :]


def charts(report: dict[str, Any], words: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """SVG charts: outcomes, completeness per field, and each distribution.

    ``words`` labels them in the reader's language (keys ``outcomes``, ``completeness``,
    ``accepted``, ``merged``, ``quarantined``, and a field's name); without it, both."""
    said = dict(_CHART_WORDS) | dict(words or {})
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    out: list[tuple[str, str]] = []
    colors = {"accepted": "#2e7d32", "merged": "#1565c0", "quarantined": "#c62828"}
    fig, ax = plt.subplots(figsize=(5, 2.2))
    names = ["accepted", "merged", "quarantined"]
    values = [report["outcomes"].get(n, 0) for n in names]
    ax.barh([said[n] for n in names], values, color=[colors[n] for n in names])
    ax.set_title(said["outcomes"])
    out.append(("outcomes", _svg(fig)))
    if report["fields"]:
        fig, ax = plt.subplots(figsize=(5, 0.3 * len(report["fields"]) + 1))
        fnames = list(report["fields"])
        ax.barh(
            [said.get(f, f) for f in fnames],
            [report["fields"][f]["completeness"] * 100 for f in fnames],
            color="#6d4c41",
        )
        ax.set_xlim(0, 100)
        ax.set_title(said["completeness"])
        out.append(("completeness", _svg(fig)))
    for name, dist in report["distributions"].items():
        fig, ax = plt.subplots(figsize=(5, 2.4))
        if dist["type"] == "numeric":
            ax.hist(dist["values"], bins=20, color="#ef6c00")
        else:
            ax.bar(list(dist["counts"]), list(dist["counts"].values()), color="#00838f")
            ax.tick_params(axis="x", rotation=45)
        ax.set_title(said.get(name, name))
        out.append((name, _svg(fig)))
    return out


_CHART_WORDS = {
    "outcomes": "Filas por resultado / rows by outcome",
    "completeness": "Completitud por campo (%) / completeness",
    "accepted": "accepted",
    "merged": "merged",
    "quarantined": "quarantined",
}


_env = Environment(
    loader=PackageLoader("sazon.ingest", "templates"), autoescape=select_autoescape(["html"])
)


def render_html(report: dict[str, Any], title: str) -> str:
    return _env.get_template("report.html").render(
        report=report, title=title, charts=charts(report)
    )


def report_paths(folder: Path, run_id: int) -> tuple[Path, Path]:
    """Where a run's reports are (JSON, HTML): the CLI and the upload jobs write them there,
    the web's run page links the HTML one."""
    return folder / f"ingest-{run_id}.json", folder / f"ingest-{run_id}.html"


def write_report(report: dict[str, Any], folder: Path, run_id: int) -> tuple[Path, Path]:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = report_paths(folder, run_id)
    slim = {
        **report,
        "distributions": {
            k: {kk: vv for kk, vv in v.items() if kk != "values"}
            for k, v in report["distributions"].items()
        },
    }
    json_path.write_text(json.dumps(slim, ensure_ascii=False, indent=2), encoding="utf-8")
    html_path.write_text(render_html(report, f"Ingesta #{run_id}"), encoding="utf-8")
    return json_path, html_path
