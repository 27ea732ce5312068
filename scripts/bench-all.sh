#!/usr/bin/env bash
# `make bench`: every benchmark, one after another (they measure speed: never in parallel),
# each writing its JSON under docs/bench/; then the check that docs/benchmarks.md says only
# what those files hold. A bench that fails (missing data included) stops the run.
set -euo pipefail
PY=${PY:-.venv/bin/python}
benches=(
  "bench_startup.py --runs 5"
  "bench_api_load.py"
  "bench_healthz_layers.py --rounds 5"
  "bench_people_search.py"
  "bench_bus.py 20000"
  "bench_ingest.py"
  "bench_ingest_load.py 20000 40"
  "bench_secure_delete.py"
  "bench_demo.py"
  "bench_sentiment.py"
  # The hard set's test half is scored once per release, by hand: `--test`.
  "bench_sentiment_hard.py"
  # The candidates of issue #20, on the development sets only.
  "bench_sentiment_candidates.py"
  # Its third round's candidates, on the development sets only (plus each own training file left out).
  "bench_sentiment_round3.py --out-of-file"
  # SemEval-2016 slot 1: its test split was scored once; here only the cross-validated dev protocol.
  "bench_aspects.py --dev"
  "bench_embeddings.py"
  "bench_generate.py 400"
  "bench_pairing.py"
  "bench_restrictions.py dev test blind"
  "bench_menus.py"
  "bench_planner.py"
  "bench_recommend.py"
  "bench_recommend_api.py"
  "bench_returns.py"
  "bench_dish_mentions.py"
  # Planted trends (dev seeds for choices, test seeds once), the demo store, Google searches.
  "bench_trends.py --test"
  # Themes over all texts: NMF vs k-means on hand-labelled texts, coherence and time.
  "bench_trend_themes.py"
  # The trend detector on Kafka (Quix Streams, Tansu) beside raw consume + json.loads.
  "bench_trends_kafka.py"
  # UCI Facebook metrics: 10-fold CV, the model picks its depth by an inner CV (nested).
  "bench_social_engagement.py"
  # Guest search (API q, CLI --search) on 100,000 guests.
  # One vs two api replicas on PostgreSQL, one vs two workers in a Kafka group (issue #18).
  "bench_scale_out.py"
)
missing=$(comm -23 <(ls bench/bench_*.py | sort) \
  <(printf 'bench/%s\n' "${benches[@]%% *}" | sort) || true)
if [ -n "$missing" ]; then
  echo "benchmarks not in scripts/bench-all.sh: $missing" >&2
  exit 1
fi
for b in "${benches[@]}"; do
  echo "== bench/$b"
  # shellcheck disable=SC2086  # the arguments are meant to split
  "$PY" bench/$b
done
"$PY" -m pytest -q -p no:cacheprovider tests/unit/test_benchmarks_doc.py
