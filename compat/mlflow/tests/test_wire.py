"""Wire facts the clients depend on (spec §1 and §7.3 item 12), checked with raw HTTP."""
import json

import pytest
from mlflow.entities import Metric
import requests

from conftest import assert_error


def test_empty_responses_are_an_empty_object(api, run_id):
    response = api.post("/runs/set-tag", {"run_id": run_id, "key": "k", "value": "v"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {}


def test_experiment_ids_are_strings_and_times_are_numbers(api, experiment_id):
    experiment = api.get("/experiments/get", {"experiment_id": experiment_id}).json()["experiment"]
    assert experiment["experiment_id"] == experiment_id
    assert isinstance(experiment["creation_time"], int)
    info = api.post("/runs/create", {"experiment_id": experiment_id}).json()["run"]["info"]
    assert info["experiment_id"] == experiment_id
    assert isinstance(info["start_time"], int)
    assert "end_time" not in info


def test_unknown_fields_are_ignored_and_camel_case_is_accepted(api, experiment_id):
    response = api.post("/runs/create", {"experimentId": experiment_id, "runName": "camel", "future_field": [1, 2]})
    assert response.status_code == 200, response.text
    assert response.json()["run"]["info"]["run_name"] == "camel"


def test_int64_as_strings_are_accepted(api, experiment_id):
    response = api.post("/runs/create", {"experiment_id": experiment_id, "start_time": "1700000000000"})
    assert response.json()["run"]["info"]["start_time"] == 1700000000000


def test_run_uuid_alone_identifies_the_run(api, run_id):
    assert api.post("/runs/log-parameter", {"run_uuid": run_id, "key": "p", "value": "1"}).json() == {}
    run = api.get("/runs/get", {"run_uuid": run_id}).json()["run"]
    assert run["data"]["params"] == [{"key": "p", "value": "1"}]


def test_missing_run_id_names_the_field(api):
    response = api.post("/runs/log-parameter", {"key": "p", "value": "1"})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")
    assert "run_id" in response.json()["message"]


def test_content_type_with_charset_or_missing_is_handled(server_url, run_id):
    url = server_url + "/api/2.0/mlflow/runs/set-tag"
    body = json.dumps({"run_id": run_id, "key": "k", "value": "v"})
    assert requests.post(url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}).json() == {}
    assert requests.post(url, data=body).json() == {}


def test_a_double_encoded_body_is_decoded(server_url, run_id):
    body = json.dumps(json.dumps({"run_id": run_id, "key": "k2", "value": "v"}))
    response = requests.post(server_url + "/api/2.0/mlflow/runs/set-tag", data=body,
                             headers={"Content-Type": "application/json"})
    assert response.json() == {}


def test_malformed_json_is_invalid_parameter_value(server_url):
    response = requests.post(server_url + "/api/2.0/mlflow/runs/create", data="{not json",
                             headers={"Content-Type": "application/json"})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


def test_the_ajax_api_prefix_is_an_alias(api, experiment_id):
    response = api.get("/experiments/get", {"experiment_id": experiment_id}, prefix="/ajax-api/2.0/mlflow")
    assert response.json()["experiment"]["experiment_id"] == experiment_id


def test_an_unknown_route_is_a_json_404(api):
    assert_error(api.get("/no/such/endpoint"), 404, "ENDPOINT_NOT_FOUND")


@pytest.mark.parametrize("path, prefix", [("/traces", "/api/2.0/mlflow"), ("/gateway/secrets/list", "/api/2.0/mlflow"),
                                          ("/traces/search", "/api/3.0/mlflow"), ("/scorers/list", "/ajax-api/3.0/mlflow"),
                                          ("/runs/create-promptlab-run", "/ajax-api/2.0/mlflow")])
def test_genai_routes_answer_not_implemented_with_a_clear_message(api, path, prefix):
    response = api.get(path, prefix=prefix)
    assert_error(response, 400, "NOT_IMPLEMENTED")
    assert "not implemented by Sextant" in response.json()["message"]


def test_the_server_info_probe_of_mlflow_3_answers(api):
    info = api.get("/server-info", prefix="/api/3.0/mlflow").json()
    assert info["multipart_uploads_enabled"] is False


def test_mlflow_ui_routes_outside_the_protos_are_served(api, server_url, client, run_id):
    client.log_batch(run_id, metrics=[Metric("ui", float(i), 10 - i, i) for i in range(3)])
    bulk = api.get("/metrics/get-history-bulk", {"run_id": run_id, "metric_key": "ui"}, prefix="/ajax-api/2.0/mlflow").json()
    assert [(m["step"], m["run_id"]) for m in bulk["metrics"]] == [(2, run_id), (1, run_id), (0, run_id)]
    upload = requests.post(f"{server_url}/ajax-api/2.0/mlflow/upload-artifact", params={"run_uuid": run_id, "path": "ui/a.txt"},
                           data=b"from the ui", timeout=30)
    assert upload.status_code == 200, upload.text
    download = requests.get(f"{server_url}/get-artifact", params={"run_uuid": run_id, "path": "ui/a.txt"}, timeout=30)
    assert download.content == b"from the ui"


def test_a_run_logged_through_mlflow_shows_in_the_native_api(server_url, client, run_id):
    client.log_param(run_id, "optimizer.lr", "0.01")
    client.log_metric(run_id, "loss", 0.25, step=3)
    native = requests.get(f"{server_url}/api/v1/runs/{run_id}", timeout=10).json()
    assert native["params"]["optimizer.lr"] == "0.01"
    assert native["config"]["optimizer"]["lr"] in (0.01, "0.01")  # nested view of the dotted key
    assert native["metrics"]["loss"]["last"] == 0.25
