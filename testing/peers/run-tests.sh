#!/usr/bin/env bash
# Import and export against the real peer tools: MLflow (a file store and a server), TensorBoard event files and
# W&B offline runs written by their own Python packages, exports read back by pandas and DuckDB. Creates the
# virtualenv .venv-peers (setup-venv.sh) when missing. Needs server/target/sextant.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${SEXTANT_PEERS_VENV:-$root/.venv-peers}"
if [[ ! -f "$root/server/target/sextant.jar" ]]; then
  echo "error: $root/server/target/sextant.jar is missing; build it with ./mvnw -q package -DskipTests" >&2
  exit 2
fi
"$here/setup-venv.sh"
cd "$here"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" tests
