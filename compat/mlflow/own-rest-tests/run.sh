#!/usr/bin/env bash
# Runs MLflow's own tests/tracking/test_rest_tracking.py against Sextant, by hand; not a test-all stage:
#   run.sh /path/to/mlflow/tests/tracking/test_rest_tracking.py [pytest arguments]
# MLflow's test file is not in this repository (it may not be copied in, and nothing may fetch it at test time).
# harness/make_test_file.py copies it into harness/tests/tracking/ (git-ignored) with only its server fixtures
# replaced: each test gets its own Sextant (server/target/sextant.jar) on a free port with a fresh data folder.
# Python: $OWN_TESTS_PYTHON (default .venv-mlflow3/bin/python), with pytest-asyncio installed (the file has one
# async test). The four deselected tests run MLflow's own server code, not a REST server (see ../README.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
upstream="$(cd "$(dirname "${1:?usage: run.sh PATH/TO/test_rest_tracking.py [pytest args]}")" && pwd)/$(basename "$1")"
shift
python="${OWN_TESTS_PYTHON:-$root/.venv-mlflow3/bin/python}"
export SEXTANT_JAR="${SEXTANT_JAR:-$root/server/target/sextant.jar}"
cd "$here/harness"
"$python" make_test_file.py "$upstream"
test_file=tests/tracking/test_rest_tracking.py
exec nice -n 19 "$python" -m pytest -p no:cacheprovider -q -rfEsxX \
  --deselect "$test_file::test_get_metric_history_bulk_calls_optimized_impl_when_expected" \
  --deselect "$test_file::test_create_model_version_with_validation_regex" \
  --deselect "$test_file::test_gateway_proxy_handler_rejects_invalid_requests" \
  --deselect "$test_file::test_get_secrets_config_with_default_passphrase" \
  "$test_file" "$@"
