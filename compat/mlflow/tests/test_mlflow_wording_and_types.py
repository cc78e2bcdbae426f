"""Differences MLflow's own test suite found (issue #23): path '.' segments, strict types, MLflow's error wording."""
import posixpath

import mlflow
import pytest

from conftest import assert_error


def test_dot_segments_in_artifact_paths_are_normalised_as_mlflow_does(client, run_id, tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("hello")
    client.log_artifact(run_id, str(source), "dir")
    # The client joins the path it asked for with each name, so normalise as MLflow's own tests do.
    def listed(path):
        return [posixpath.normpath(f.path) for f in client.list_artifacts(run_id, path)]

    assert listed(".") == ["dir"]
    assert listed("./dir") == ["dir/notes.txt"]
    assert listed("dir/.") == ["dir/notes.txt"]
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=".", dst_path=str(tmp_path / "all"))
    assert (tmp_path / "all" / "dir" / "notes.txt").read_text() == "hello" and local


def test_parent_segments_are_still_refused(api, run_id):
    response = api.get("/artifacts/list", {"run_id": run_id, "path": "dir/../.."})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


@pytest.mark.parametrize("path, body", [
    ("/experiments/create", {"name": 123}),
    ("/experiments/create", {"name": "typed", "artifact_location": 9.0}),
    ("/runs/log-parameter", {"run_id": "0" * 32, "key": 1, "value": "v"}),
    ("/runs/log-parameter", {"run_id": "0" * 32, "key": "k", "value": 2}),
    ("/runs/set-tag", {"run_id": 12345, "key": "k", "value": "v"}),
])
def test_values_of_the_wrong_type_are_refused_as_mlflow_does(api, path, body):
    response = api.post(path, body)
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")
    assert "Invalid value" in response.json()["message"]


def test_errors_use_mlflow_wording(api, client, run_id, experiment_id):
    missing = "f" * 32
    assert api.get("/runs/get", {"run_id": missing}).json()["message"] == f"Run with id={missing} not found"
    assert api.get("/experiments/get", {"experiment_id": "987654"}).json()["message"] == \
        "No Experiment with id=987654 exists"
    assert api.get("/experiments/get-by-name", {"experiment_name": "nope"}).json()["message"] == \
        "Could not find experiment with name 'nope'"
    client.log_param(run_id, "lr", "0.1")
    changed = api.post("/runs/log-parameter", {"run_id": run_id, "key": "lr", "value": "0.2"}).json()["message"]
    assert changed == (f"Changing param values is not allowed. Param with key='lr' was already logged with value='0.1' "
                       f"for run ID='{run_id}'. Attempted logging new value '0.2'.")
    assert api.post("/runs/delete-tag", {"run_id": run_id, "key": "nope"}).json()["message"] == \
        f"No tag with name: nope in run with id {run_id}"
    client.delete_run(run_id)
    assert api.post("/runs/set-tag", {"run_id": run_id, "key": "k", "value": "v"}).json()["message"] == \
        f"The run {run_id} must be in the 'active' state. Current state is deleted."


def test_nan_differs_from_every_number_and_doubled_quotes_stay_as_written(client, experiment_id):
    nan_run = client.create_run(experiment_id).info.run_id
    half_run = client.create_run(experiment_id).info.run_id
    client.log_metric(nan_run, "loss", float("nan"))
    client.log_metric(half_run, "loss", 0.5)
    client.log_param(half_run, "note", "it's")

    def found(filter_string):
        return {run.info.run_id for run in client.search_runs([experiment_id], filter_string)}

    assert found("metrics.loss != 0.5") == {nan_run}
    assert found("params.note = 'it''s'") == set()
