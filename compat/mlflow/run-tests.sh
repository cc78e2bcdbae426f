#!/usr/bin/env bash
# Runs the MLflow compatibility suite: the official Python client (pinned in requirements.txt) against the
# real Sextant jar. Creates the virtualenv .venv-mlflow at the repository root when it is missing.
# Needs server/target/sextant.jar: build it first with ./mvnw -q package -DskipTests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv-mlflow"

if [[ ! -f "$root/server/target/sextant.jar" ]]; then
  echo "error: $root/server/target/sextant.jar is missing; build it with ./mvnw -q package -DskipTests" >&2
  exit 2
fi
"$here/setup-venv.sh"
cd "$here"
exec "$venv/bin/python" -m pytest -q "$@" tests
