#!/usr/bin/env bash
# Validates deploy/: the Kubernetes manifests against Kubernetes' JSON schemas (kubernetes-validate, strict) and
# against each other and the server (selectors, probes, secrets, flags, memory), and the Grafana dashboard's shape.
# Creates the virtualenv .venv-deploy at the repository root when it lacks the pinned packages. No cluster needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${SEXTANT_DEPLOY_VENV:-$root/.venv-deploy}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c "
import kubernetes_validate, yaml, pytest
from importlib.metadata import version
assert version('kubernetes-validate') == '1.37.0'" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
fi
cd "$here"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" test_manifests.py test_dashboard.py
