import math
import re
import time

import mlflow
import pytest
from mlflow.entities import Metric, Param, RunTag, ViewType
from mlflow.exceptions import MlflowException

from conftest import assert_error


# --- run create -------------------------------------------------------------------------------------------

def test_run_name_is_honoured_and_recorded_as_the_run_name_tag(client, experiment_id):
    run = client.create_run(experiment_id, run_name="baseline", tags={"team": "vision"})
    assert run.info.run_name == "baseline"
    assert run.data.tags["mlflow.runName"] == "baseline"
    assert run.data.tags["team"] == "vision"
    assert run.info.status == "RUNNING"
    assert run.data.metrics == {} and run.data.params == {}


def test_a_run_without_a_name_gets_a_random_one(client, experiment_id):
    run = client.create_run(experiment_id)
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d{1,3}", run.info.run_name)
    assert client.get_run(run.info.run_id).data.tags["mlflow.runName"] == run.info.run_name


def test_the_name_tag_alone_names_the_run(client, experiment_id):
    run = client.create_run(experiment_id, tags={"mlflow.runName": "from-tag"})
    assert run.info.run_name == "from-tag"


def test_a_conflicting_name_and_tag_are_refused(api, experiment_id):
    response = api.post("/runs/create", {"experiment_id": experiment_id, "run_name": "a",
                                         "tags": [{"key": "mlflow.runName", "value": "b"}]})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


def test_ids_and_artifact_uri_follow_mlflow(client, api, experiment_id):
    info = client.create_run(experiment_id).info
    assert re.fullmatch(r"[0-9a-f]{32}", info.run_id)
    # MLflow 3's RunInfo dropped run_uuid; the wire still carries it for older clients.
    wire = api.get("/runs/get", {"run_id": info.run_id}).json()["run"]["info"]
    assert wire["run_uuid"] == info.run_id
    assert info.artifact_uri == f"mlflow-artifacts:/{experiment_id}/{info.run_id}/artifacts"
    assert info.lifecycle_stage == "active"


def test_a_run_without_experiment_goes_to_default(api):
    response = api.post("/runs/create", {"start_time": 1700000000000})
    assert response.status_code == 200
    assert response.json()["run"]["info"]["experiment_id"] == "0"
    assert response.json()["run"]["info"]["start_time"] == 1700000000000


def test_fluent_start_run_sets_source_tags_and_user(experiment_id):
    with mlflow.start_run(experiment_id=experiment_id, run_name="fluent") as run:
        pass
    finished = mlflow.get_run(run.info.run_id)
    assert finished.info.status == "FINISHED"
    assert finished.info.end_time >= finished.info.start_time
    assert "mlflow.user" in finished.data.tags and "mlflow.source.name" in finished.data.tags
    assert finished.info.user_id == finished.data.tags["mlflow.user"]


# --- logging ----------------------------------------------------------------------------------------------

def test_a_param_may_be_logged_again_with_the_same_value_only(client, run_id):
    client.log_param(run_id, "lr", 0.001)
    client.log_param(run_id, "lr", 0.001)
    with pytest.raises(MlflowException) as error:
        client.log_param(run_id, "lr", 0.1)
    assert error.value.error_code == "INVALID_PARAMETER_VALUE"
    assert client.get_run(run_id).data.params == {"lr": "0.001"}


def test_latest_metric_is_the_point_with_the_greatest_step(client, run_id):
    for step, value in enumerate([0.9, 0.5, 0.3, 0.4]):
        client.log_metric(run_id, "loss", value, timestamp=1000 + step, step=step)
    client.log_metric(run_id, "loss", 7.0, timestamp=5000, step=-1)
    assert client.get_run(run_id).data.metrics["loss"] == 0.4
    history = client.get_metric_history(run_id, "loss")
    assert [m.step for m in history] == [0, 1, 2, 3, -1]  # MLflow's order: by timestamp, then step


def test_nan_comes_back_as_nan_and_infinity_is_clamped(client, api, run_id):
    client.log_metric(run_id, "nan", float("nan"))
    client.log_metric(run_id, "inf", float("inf"))
    client.log_metric(run_id, "ninf", float("-inf"))
    metrics = client.get_run(run_id).data.metrics
    assert math.isnan(metrics["nan"])
    assert metrics["inf"] == 1.7976931348623157e308
    assert metrics["ninf"] == -1.7976931348623157e308
    raw = api.get("/runs/get", {"run_id": run_id}).json()
    values = {m["key"]: m["value"] for m in raw["run"]["data"]["metrics"]}
    assert values["nan"] == "NaN"


@pytest.mark.parametrize("key", ["a/../b", "x#y", "/abs", "a//b"])
def test_invalid_metric_keys_are_refused(api, run_id, key):
    response = api.post("/runs/log-metric", {"run_id": run_id, "key": key, "value": 1, "timestamp": 1})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


def test_keys_with_colons_are_logged_as_mlflow_allows(client, run_id):
    client.log_batch(run_id, metrics=[Metric("eval:loss", 0.5, 1, 0)], params=[Param("opt:lr", "0.1")],
                     tags=[RunTag("team:owner", "me")])
    data = client.get_run(run_id).data
    assert (data.metrics["eval:loss"], data.params["opt:lr"], data.tags["team:owner"]) == (0.5, "0.1", "me")


def test_a_negative_timestamp_is_refused(api, run_id):
    response = api.post("/runs/log-metric", {"run_id": run_id, "key": "k", "value": 1, "timestamp": -1})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


def test_the_same_point_twice_is_stored_once(client, api, run_id):
    body = {"run_id": run_id, "key": "dup", "value": 1.5, "timestamp": 42, "step": 3}
    assert api.post("/runs/log-metric", body).json() == {}
    assert api.post("/runs/log-metric", body).json() == {}
    assert len(client.get_metric_history(run_id, "dup")) == 1


def test_set_tag_overwrites_and_the_run_name_tag_renames(client, run_id):
    client.set_tag(run_id, "stage", "one")
    client.set_tag(run_id, "stage", "two")
    client.set_tag(run_id, "mlflow.runName", "renamed")
    run = client.get_run(run_id)
    assert run.data.tags["stage"] == "two"
    assert run.info.run_name == "renamed"


def test_update_with_run_name_renames_and_sets_the_tag(client, run_id):
    client.update_run(run_id, name="via-update")
    run = client.get_run(run_id)
    assert run.info.run_name == "via-update"
    assert run.data.tags["mlflow.runName"] == "via-update"


def test_deleting_a_missing_tag_is_a_404(client, api, run_id):
    client.set_tag(run_id, "present", "x")
    client.delete_tag(run_id, "present")
    assert "present" not in client.get_run(run_id).data.tags
    assert_error(api.post("/runs/delete-tag", {"run_id": run_id, "key": "absent"}), 404, "RESOURCE_DOES_NOT_EXIST")


# --- log-batch --------------------------------------------------------------------------------------------

def test_log_batch_mixes_metrics_params_and_tags(client, run_id):
    now = int(time.time() * 1000)
    client.log_batch(run_id, metrics=[Metric("acc", 0.8, now, 0), Metric("acc", 0.9, now, 1)],
                     params=[Param("layers", "4")], tags=[RunTag("note", "batch")])
    run = client.get_run(run_id)
    assert run.data.metrics == {"acc": 0.9}
    assert run.data.params == {"layers": "4"}
    assert run.data.tags["note"] == "batch"


def test_python_chunks_large_batches_transparently(client, run_id):
    metrics = [Metric("big", float(i), 1, i) for i in range(2500)]
    params = [Param(f"p{i}", str(i)) for i in range(150)]
    client.log_batch(run_id, metrics=metrics, params=params)
    assert len(client.get_metric_history(run_id, "big")) == 2500
    assert len(client.get_run(run_id).data.params) == 150


def _metrics(n):
    return [{"key": "m", "value": i, "timestamp": 1, "step": i} for i in range(n)]


def _params(n):
    return [{"key": f"p{i}", "value": "v"} for i in range(n)]


def _tags(n):
    return [{"key": f"t{i}", "value": "v"} for i in range(n)]


@pytest.mark.parametrize("metrics,params,tags,status", [
    (1001, 0, 0, 400),
    (0, 101, 0, 400),
    (0, 0, 101, 400),
    (901, 100, 0, 400),
    (600, 100, 100, 200),
])
def test_log_batch_limits(api, run_id, metrics, params, tags, status):
    response = api.post("/runs/log-batch", {"run_id": run_id, "metrics": _metrics(metrics), "params": _params(params),
                                            "tags": _tags(tags)})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    else:
        assert response.json() == {}


def test_log_batch_refuses_duplicate_param_keys(api, run_id):
    response = api.post("/runs/log-batch", {"run_id": run_id, "params": [{"key": "a", "value": "1"},
                                                                         {"key": "a", "value": "1"}]})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


def test_log_batch_names_a_missing_timestamp(api, run_id):
    response = api.post("/runs/log-batch", {"run_id": run_id, "metrics": [{"key": "a", "value": 1, "timestamp": 1},
                                                                          {"key": "a", "value": 1}]})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")
    assert "metrics[1].timestamp" in response.json()["message"]


def test_log_batch_is_atomic(client, api, run_id):
    client.log_param(run_id, "fixed", "1")
    response = api.post("/runs/log-batch", {"run_id": run_id, "metrics": [{"key": "lost", "value": 1, "timestamp": 1}],
                                            "params": [{"key": "fixed", "value": "2"}]})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")
    assert "lost" not in client.get_run(run_id).data.metrics


def test_log_batch_accepts_java_style_strings(client, api, run_id):
    body = {"run_id": run_id, "metrics": [
        {"key": "j", "value": "NaN", "timestamp": "1700000000000", "step": "0"},
        {"key": "j", "value": "Infinity", "timestamp": "1700000000001", "step": "1"},
        {"key": "j", "value": "-Infinity", "timestamp": "1700000000002", "step": "2"},
        {"key": "j", "value": 2.5, "timestamp": "1700000000003", "step": "3"}]}
    assert api.post("/runs/log-batch", body).json() == {}
    history = client.get_metric_history(run_id, "j")
    assert math.isnan(history[0].value)
    assert [m.value for m in history[1:]] == [1.7976931348623157e308, -1.7976931348623157e308, 2.5]
    assert history[0].timestamp == 1700000000000


# --- lifecycle --------------------------------------------------------------------------------------------

def test_terminate_delete_and_restore(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.set_terminated(run_id, status="FINISHED", end_time=1234567)
    info = client.get_run(run_id).info
    assert (info.status, info.end_time) == ("FINISHED", 1234567)

    client.delete_run(run_id)
    client.delete_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "deleted"
    with pytest.raises(MlflowException) as error:
        client.log_metric(run_id, "late", 1.0)
    assert error.value.error_code == "INVALID_PARAMETER_VALUE"
    ids = lambda view: [r.info.run_id for r in client.search_runs([experiment_id], run_view_type=view)]  # noqa: E731
    assert ids(ViewType.ACTIVE_ONLY) == []
    assert ids(ViewType.DELETED_ONLY) == [run_id]
    assert ids(ViewType.ALL) == [run_id]

    client.restore_run(run_id)
    client.restore_run(run_id)
    assert ids(ViewType.ACTIVE_ONLY) == [run_id]


def test_a_failing_with_block_marks_the_run_failed(experiment_id):
    with pytest.raises(RuntimeError):
        with mlflow.start_run(experiment_id=experiment_id) as run:
            raise RuntimeError("boom")
    assert mlflow.get_run(run.info.run_id).info.status == "FAILED"


def test_resuming_a_run_sets_it_running_again(client, experiment_id):
    mlflow.set_experiment(experiment_id=experiment_id)
    with mlflow.start_run() as run:
        pass
    with mlflow.start_run(run_id=run.info.run_id):
        assert client.get_run(run.info.run_id).info.status == "RUNNING"
    assert client.get_run(run.info.run_id).info.status == "FINISHED"


def test_an_unknown_run_is_a_404(api):
    assert_error(api.get("/runs/get", {"run_id": "0" * 32}), 404, "RESOURCE_DOES_NOT_EXIST")
