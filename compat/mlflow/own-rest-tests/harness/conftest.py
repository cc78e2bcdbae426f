"""Harness for running MLflow's own test_rest_tracking.py against Sextant (not MLflow's conftest)."""
import os

# A 5xx must fail fast, not be retried for minutes; the same settings as compat/mlflow/tests.
os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
os.environ["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "60"

import mlflow  # noqa: E402
import mlflow.utils.providers  # noqa: E402
import pytest  # noqa: E402

# The file is newer than 3.17.2 by this one name: whether litellm (the AI gateway's provider backend) is installed.
# It is not, so the three gateway-provider tests skip, as they would in MLflow's CI without litellm.
if not hasattr(mlflow.utils.providers, "_PROVIDER_BACKEND_AVAILABLE"):
    mlflow.utils.providers._PROVIDER_BACKEND_AVAILABLE = False


def pytest_configure(config):
    config.addinivalue_line("markers", "allow_infer_pip_requirements_fallback: MLflow's own marker")


@pytest.fixture(autouse=True)
def reset_fluent_state():
    yield
    while mlflow.active_run():
        mlflow.end_run()
    mlflow.tracking.fluent._active_experiment_id = None
    os.environ.pop("MLFLOW_EXPERIMENT_ID", None)
    mlflow.set_tracking_uri(None)
