import json
import time

import pytest

from conftest import assert_error


def _model(run_id):
    return {"artifact_path": "model", "flavors": {"python_function": {}}, "utc_time_created": "2024-01-01 00:00:00",
            "run_id": run_id}


def test_log_model_appends_to_the_model_history_tag(api, client, run_id):
    for _ in range(2):
        response = api.post("/runs/log-model", {"run_id": run_id, "model_json": json.dumps(_model(run_id))})
        assert response.json() == {}
    history = json.loads(client.get_run(run_id).data.tags["mlflow.log-model.history"])
    assert [m["artifact_path"] for m in history] == ["model", "model"]


def test_log_model_needs_the_mandatory_fields(api, run_id):
    response = api.post("/runs/log-model", {"run_id": run_id, "model_json": json.dumps({"artifact_path": "m"})})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


def _dataset_input():
    return {"tags": [{"key": "mlflow.data.context", "value": "train"}],
            "dataset": {"name": "iris", "digest": "abc123", "source_type": "local", "source": "{}"}}


def test_log_inputs_is_accepted(api, run_id):
    assert api.post("/runs/log-inputs", {"run_id": run_id, "datasets": [_dataset_input()]}).json() == {}


def test_log_inputs_validates_datasets(api, run_id):
    broken = _dataset_input()
    del broken["dataset"]["digest"]
    assert_error(api.post("/runs/log-inputs", {"run_id": run_id, "datasets": [broken]}), 400, "INVALID_PARAMETER_VALUE")


@pytest.mark.xfail(reason="datasets are accepted but not stored yet (see the compat notes)", strict=True)
def test_logged_inputs_show_in_get_run(api, client, run_id):
    api.post("/runs/log-inputs", {"run_id": run_id, "datasets": [_dataset_input()]})
    assert client.get_run(run_id).inputs.dataset_inputs
