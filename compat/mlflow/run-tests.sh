#!/usr/bin/env bash
# Runs the MLflow compatibility suite with one official Python client against the real Sextant jar:
#   run-tests.sh [--client 3|2] [pytest arguments]
# --client 3 (the default) is the full mlflow 3.17.2, the main target; --client 2 is mlflow-skinny 2.17.2.
# Creates the client's virtualenv at the repository root when it is missing (setup-venv.sh).
# Needs server/target/sextant.jar: build it first with ./mvnw -q package -DskipTests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
client=3
if [[ "${1:-}" == "--client" ]]; then
  client="${2:?--client needs 2 or 3}"
  shift 2
fi

if [[ ! -f "$root/server/target/sextant.jar" ]]; then
  echo "error: $root/server/target/sextant.jar is missing; build it with ./mvnw -q package -DskipTests" >&2
  exit 2
fi
venv="$("$here/setup-venv.sh" "$client")"
cd "$here"
echo "MLflow compatibility suite, Python client $("$venv/bin/python" -c 'import mlflow; print(mlflow.__version__)')"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" tests
