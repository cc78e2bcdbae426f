import json
import time

import pytest
from mlflow.entities import Dataset, DatasetInput, InputTag

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


def test_logged_inputs_show_in_get_run_once_each(client, run_id):
    iris = Dataset(name="iris", digest="abc123", source_type="local", source='{"uri": "/data/iris.csv"}',
                   schema='{"mlflow_colspec": []}')
    train = DatasetInput(iris, tags=[InputTag(key="mlflow.data.context", value="train")])
    client.log_inputs(run_id, [train])
    client.log_inputs(run_id, [train])  # a re-send adds nothing
    inputs = client.get_run(run_id).inputs.dataset_inputs
    assert len(inputs) == 1
    assert (inputs[0].dataset.name, inputs[0].dataset.digest, inputs[0].dataset.source) == ("iris", "abc123", iris.source)
    assert inputs[0].dataset.schema == iris.schema
    assert [(tag.key, tag.value) for tag in inputs[0].tags] == [("mlflow.data.context", "train")]


def test_runs_are_searched_by_their_datasets(client, experiment_id):
    def run_with(name, context):
        run_id = client.create_run(experiment_id).info.run_id
        dataset = Dataset(name=name, digest=name[:8], source_type="local", source="{}")
        client.log_inputs(run_id, [DatasetInput(dataset, tags=[InputTag(key="mlflow.data.context", value=context)])])
        return run_id

    trained = run_with("iris", "train")
    evaluated = run_with("wine", "eval")

    def found(filter_string):
        return {run.info.run_id for run in client.search_runs([experiment_id], filter_string)}

    assert found("datasets.context = 'train'") == {trained}
    assert found("dataset.name IN ('wine', 'other')") == {evaluated}
    assert found("datasets.digest LIKE 'ir%'") == {trained}
    assert found("datasets.name != 'iris'") == {evaluated}
