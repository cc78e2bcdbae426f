#!/usr/bin/env bash
# Creates .venv-peers at the repository root with the pinned peer tools of requirements.txt (MLflow, TensorBoard,
# W&B, pandas, pyarrow, DuckDB), unless it already imports them. Used by run-tests.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${SEXTANT_PEERS_VENV:-$root/.venv-peers}"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] \
    && "$venv/bin/python" -c 'import mlflow, tensorboardX, tensorboard, wandb, pandas, pyarrow, duckdb, pytest' 2>/dev/null; then
  exit 0
fi
echo "peers: installing the pinned peer tools into $venv (requirements.txt)"
rm -rf "$venv"
python3 -m venv "$venv"
# --no-compile: the wheels are large and the tests import only part of them; Python compiles what they import.
"$venv/bin/pip" install -q --disable-pip-version-check --no-compile -r "$here/requirements.txt"
echo "$want" > "$stamp"
