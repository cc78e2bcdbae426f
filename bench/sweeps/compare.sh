#!/usr/bin/env bash
# Sweep methods vs Optuna: bench/sweeps/compare.sh [trials=50] [seeds=20]
# Makes a venv with optuna under bench/sweeps/.venv (git-ignored) on first use, then runs both benchmarks.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=bench/sweeps/.venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q optuna
fi
"$venv/bin/python" bench/sweeps/optuna_bench.py "$@"
bench/run sweeps "$@"
