#!/usr/bin/env bash
# Sextant beside MLflow's own server, same workloads through MLflow's REST API, one run, ratios printed.
# Installs mlflow 3.17.2 (compat/mlflow/requirements-mlflow3.txt, every package pinned) into its own venv,
# starts `mlflow server` on SQLite and Sextant (SQLite, -Xmx256m) on free 127.0.0.1 ports, runs
# bench/vs-mlflow/workloads.py against each, prints each figure and the ratio, and stops both servers.
# Usage: bench/vs-mlflow/run.sh [repeats=3]
#   VS_MLFLOW_VENV=DIR  the venv to use or create (default bench/vs-mlflow/.venv, git-ignored)
#   VS_MLFLOW_WORK=DIR  where both servers keep their data (default a fresh temp folder, deleted at the end)
# A benchmark, not a test: not part of ./test-all.
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats="${1:-3}"
venv="${VS_MLFLOW_VENV:-bench/vs-mlflow/.venv}"
if [[ ! -x "$venv/bin/mlflow" ]] || ! "$venv/bin/python" -c "import mlflow; assert mlflow.__version__ == '3.17.2'" 2>/dev/null; then
  echo "installing mlflow 3.17.2 into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r compat/mlflow/requirements-mlflow3.txt >&2
fi
[[ -f server/target/sextant.jar ]] || ./mvnw -q -B -ntp -pl server -am package -DskipTests
work="${VS_MLFLOW_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/sextant-vs-mlflow.XXXXXX")}"
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [[ -n "${VS_MLFLOW_WORK:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { # url path seconds
  for _ in $(seq 1 "$3"); do curl -fsS -o /dev/null "$1$2" 2>/dev/null && return 0; sleep 1; done
  echo "server at $1 did not come up" >&2; return 1
}

mlflow_port=$(free_port)
# One worker process, like Sextant's one process; the server's own SQLite store and a local artifact folder.
"$venv/bin/mlflow" server --backend-store-uri "sqlite:///$work/mlflow.db" --default-artifact-root "$work/mlflow-artifacts" \
  --host 127.0.0.1 --port "$mlflow_port" --workers 1 > "$work/mlflow.log" 2>&1 &
pids+=($!)
sextant_port=$(free_port)
java -Xmx256m -jar server/target/sextant.jar --host 127.0.0.1 --port "$sextant_port" --data-dir "$work/sextant" \
  > "$work/sextant.log" 2>&1 &
pids+=($!)
wait_up "http://127.0.0.1:$mlflow_port" /health 180
wait_up "http://127.0.0.1:$sextant_port" /health/live 120
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
"$venv/bin/python" bench/vs-mlflow/workloads.py "$repeats" \
  "mlflow=http://127.0.0.1:$mlflow_port" "sextant=http://127.0.0.1:$sextant_port"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
