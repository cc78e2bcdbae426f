#!/usr/bin/env bash
# Import benchmark: `sextant import mlflow --from mlruns` of RUNS runs × KEYS metrics × STEPS steps (default
# 1,000 × 10 × 10,000 = 100 million points, ~3.5 GB of mlruns text), into a fresh SQLite data folder; prints points/s.
# Usage: bench/import-mlflow.sh [RUNS KEYS STEPS [WORKDIR]]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-1000}"; keys="${2:-10}"; steps="${3:-10000}"; work="${4:-${TMPDIR:-/tmp}/sextant-import-bench}"
[[ -f server/target/sextant.jar ]] || ./mvnw -q -pl server -am package -DskipTests
store="$work/mlruns-$runs-$keys-$steps"
if [[ ! -f "$store/.complete" ]]; then
  rm -rf "$store"
  echo "writing $store ($runs runs × $keys metrics × $steps steps)"
  python3 bench/mlruns_gen.py "$store" "$runs" "$keys" "$steps"
  touch "$store/.complete"
fi
data="$work/sextant-data"
rm -rf "$data"
points=$((runs * keys * steps))
start=$(date +%s.%N)
java -Xmx2g -jar server/target/sextant.jar import mlflow --from "$store" --data-dir "$data" | tail -4
end=$(date +%s.%N)
python3 - "$start" "$end" "$points" "$runs" <<'PY'
import sys
start, end, points, runs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
seconds = end - start
print(f"import: {points:,} points of {runs:,} runs in {seconds:.1f} s = {points / seconds:,.0f} points/s")
PY
du -sh "$data/sextant.db" | sed 's/^/database: /'
