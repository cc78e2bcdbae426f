#!/usr/bin/env bash
# Creates the virtualenv of one MLflow Python client at the repository root, unless it already imports what the
# compat suite needs:
#   setup-venv.sh      (or 2) .venv-mlflow  with mlflow-skinny 2.17.2 (requirements.txt); the MLflow Java client
#                             forks this Python for its artifact calls (server/pom.xml passes MLFLOW_PYTHON_EXECUTABLE)
#   setup-venv.sh 3           .venv-mlflow3 with the full mlflow 3.17.2 (requirements-mlflow3.txt), the main target
# Prints the venv's folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "${1:-2}" in
  2) venv="$root/.venv-mlflow"; requirements="$here/requirements.txt"; version="2.17.2" ;;
  3) venv="$root/.venv-mlflow3"; requirements="$here/requirements-mlflow3.txt"; version="3.17.2" ;;
  *) echo "usage: $0 [2|3]" >&2; exit 2 ;;
esac
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "
import mlflow, pytest, sklearn, pandas
assert mlflow.__version__ == '$version', mlflow.__version__" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >&2
fi
echo "$venv"
