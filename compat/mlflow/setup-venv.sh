#!/usr/bin/env bash
# Creates .venv-mlflow at the repository root with the pinned MLflow Python client and what its sklearn autologging
# needs (requirements.txt), unless it already imports them. Used by run-tests.sh, and by the Java tests: the MLflow
# Java client forks this Python for its artifact calls (server/pom.xml passes it as MLFLOW_PYTHON_EXECUTABLE).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv-mlflow"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import mlflow, pytest, sklearn, pandas' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
fi
