"""Differences MLflow's own tests/tracking/test_rest_tracking.py (run by hand against Sextant, issue #23) found."""
import requests

from conftest import assert_error


def test_an_experiment_tag_can_be_deleted_once(api, experiment_id):
    assert api.post("/experiments/set-experiment-tag", {"experiment_id": experiment_id, "key": "k", "value": "v"}).json() == {}
    assert api.post("/experiments/delete-experiment-tag", {"experiment_id": experiment_id, "key": "k"}).json() == {}
    experiment = api.get("/experiments/get", {"experiment_id": experiment_id}).json()["experiment"]
    assert "k" not in {tag["key"] for tag in experiment.get("tags", [])}
    again = api.post("/experiments/delete-experiment-tag", {"experiment_id": experiment_id, "key": "k"})
    assert_error(again, 404, "RESOURCE_DOES_NOT_EXIST")


def test_a_log_parameter_request_wrong_in_every_field_names_the_run_id_first(api):
    response = api.post("/runs/log-parameter", {"run_id": 31, "key": "param", "value": 41})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")
    assert "Invalid value 31 for parameter 'run_id' supplied" in response.json()["message"]


def test_get_history_bulk_refuses_bad_requests_in_mlflow_words(api):
    def message(params):
        response = api.get("/metrics/get-history-bulk", params, prefix="/ajax-api/2.0/mlflow")
        assert_error(response, 400, "INVALID_PARAMETER_VALUE")
        return response.json()["message"]

    assert message({"metric_key": "k"}) == "GetMetricHistoryBulk request must specify at least one run_id."
    assert message({"run_id": [f"{i:032x}" for i in range(101)], "metric_key": "k"}) == \
        "GetMetricHistoryBulk request cannot specify more than 100 run_ids. Received 101 run_ids."
    assert message({"run_id": ["0" * 32]}) == "GetMetricHistoryBulk request must specify a metric_key."


def test_upload_artifact_refuses_bad_requests_in_mlflow_words(server_url, run_id):
    def message(params, data=None):
        response = requests.post(f"{server_url}/ajax-api/2.0/mlflow/upload-artifact", params=params, data=data, timeout=30)
        assert_error(response, 400, "INVALID_PARAMETER_VALUE")
        return response.json()["message"]

    assert message({}) == "Request must specify run_uuid."
    assert message({"run_uuid": run_id}) == "Request must specify path."
    assert message({"run_uuid": run_id, "path": ""}) == "Request must specify path."
    assert message({"run_uuid": run_id, "path": "../a.txt"}) == "Invalid path"
    assert message({"run_uuid": run_id, "path": "a.txt"}) == "Request must specify data."
