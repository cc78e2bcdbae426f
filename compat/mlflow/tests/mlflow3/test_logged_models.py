"""MLflow 3's logged models against Sextant: log_model(name=...), models:/<model_id>, runs:/, search and the model API."""
import mlflow
import numpy as np
import pytest
from mlflow.entities import LoggedModelStatus, Metric
from mlflow.exceptions import MlflowException
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from conftest import assert_error


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True, as_frame=True)


class AddN(mlflow.pyfunc.PythonModel):
    def __init__(self, n):
        self.n = n

    def predict(self, context, model_input, params=None):
        return model_input + self.n


def test_sklearn_log_model_by_name_loads_through_models_and_runs_uris(client, experiment_id, iris):
    features, target = iris
    model = LogisticRegression(max_iter=300).fit(features, target)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        info = mlflow.sklearn.log_model(model, name="model", input_example=features.head(3))
    expected = model.predict(features).tolist()

    assert info.model_id.startswith("m-")
    assert mlflow.sklearn.load_model(f"models:/{info.model_id}").predict(features).tolist() == expected
    assert mlflow.sklearn.load_model(f"runs:/{run.info.run_id}/model").predict(features).tolist() == expected
    assert mlflow.pyfunc.load_model(info.model_uri).predict(features).tolist() == expected

    logged = mlflow.get_logged_model(info.model_id)
    assert (logged.name, logged.source_run_id, logged.experiment_id) == ("model", run.info.run_id, experiment_id)
    assert logged.status == LoggedModelStatus.READY
    assert logged.artifact_location == f"mlflow-artifacts:/{experiment_id}/models/{info.model_id}/artifacts"
    outputs = client.get_run(run.info.run_id).outputs.model_outputs
    assert [output.model_id for output in outputs] == [info.model_id]
    # MLflow 3 lists a run's model files under its name (they are the logged model's files, not the run's).
    assert "model/MLmodel" in {artifact.path for artifact in client.list_artifacts(run.info.run_id, "model")}


def test_a_pyfunc_model_logged_without_a_run_round_trips(experiment_id):
    mlflow.set_experiment(experiment_id=experiment_id)
    info = mlflow.pyfunc.log_model(name="add-two", python_model=AddN(2))
    loaded = mlflow.pyfunc.load_model(f"models:/{info.model_id}")
    assert loaded.predict(np.array([1.0, 5.0])).tolist() == [3.0, 7.0]
    assert not mlflow.get_logged_model(info.model_id).source_run_id


def test_models_are_searched_with_mlflow_filters_and_metric_order(client, experiment_id):
    with mlflow.start_run(experiment_id=experiment_id) as run:
        ids = {}
        for name, accuracy in [("small", 0.7), ("large", 0.9), ("medium", 0.8)]:
            model = client.create_logged_model(experiment_id, name=name, source_run_id=run.info.run_id,
                                               params={"size": name}, tags={"team": "vision"})
            client.finalize_logged_model(model.model_id, LoggedModelStatus.READY)
            mlflow.log_metric("accuracy", accuracy, model_id=model.model_id)
            ids[name] = model.model_id

    def names(**kwargs):
        return [m.name for m in mlflow.search_logged_models(experiment_ids=[experiment_id], output_format="list", **kwargs)]

    assert names(filter_string="metrics.accuracy > 0.75", order_by=[{"field_name": "metrics.accuracy", "ascending": False}]) \
        == ["large", "medium"]
    assert names(filter_string="params.size = 'small'") == ["small"]
    assert names(filter_string="tags.team = 'vision' AND name LIKE 'm%'") == ["medium"]
    assert sorted(names(order_by=[{"field_name": "name"}])) == names(order_by=[{"field_name": "name"}])
    assert names(filter_string=f"source_run_id = '{run.info.run_id}'", order_by=[{"field_name": "creation_timestamp"}]) \
        == ["small", "large", "medium"]
    page = client.search_logged_models([experiment_id], max_results=2)
    rest = client.search_logged_models([experiment_id], max_results=2, page_token=page.token)
    assert len(page) == 2 and len(rest) == 1 and not rest.token
    with pytest.raises(MlflowException, match="INVALID_PARAMETER_VALUE"):
        client.search_logged_models([experiment_id], filter_string="metrics.accuracy > 'high'")


def test_metrics_are_linked_to_the_model_and_dataset(client, experiment_id):
    dataset = mlflow.data.from_numpy(np.array([[1.0, 2.0]]), name="holdout")
    with mlflow.start_run(experiment_id=experiment_id) as run:
        info = mlflow.pyfunc.log_model(name="scorer", python_model=AddN(1))
        mlflow.log_metric("rmse", 0.25, model_id=info.model_id, dataset=dataset)
    [metric] = [m for m in mlflow.get_logged_model(info.model_id).metrics if m.key == "rmse"]
    assert (metric.value, metric.dataset_name, metric.dataset_digest, metric.run_id) == \
        (0.25, "holdout", dataset.digest, run.info.run_id)
    assert client.get_run(run.info.run_id).data.metrics["rmse"] == 0.25
    found = client.search_logged_models([experiment_id], filter_string="metrics.rmse < 1",
                                        datasets=[{"dataset_name": "holdout"}])
    assert [m.model_id for m in found] == [info.model_id]
    assert not client.search_logged_models([experiment_id], filter_string="metrics.rmse < 1",
                                           datasets=[{"dataset_name": "other"}])


def test_model_tags_params_status_and_deletion(client, experiment_id):
    model = client.create_logged_model(experiment_id, name="tagged", params={"lr": "0.1"}, model_type="agent")
    assert model.status == LoggedModelStatus.PENDING
    client.set_logged_model_tags(model.model_id, {"stage": "dev", "owner": "me"})
    client.delete_logged_model_tag(model.model_id, "owner")
    client.log_model_params(model.model_id, {"depth": "3"})
    finalized = client.finalize_logged_model(model.model_id, LoggedModelStatus.FAILED)
    assert finalized.status == LoggedModelStatus.FAILED
    stored = client.get_logged_model(model.model_id)
    assert stored.tags == {"stage": "dev"} and stored.params == {"lr": "0.1", "depth": "3"}
    assert stored.model_type == "agent"
    with pytest.raises(MlflowException, match="RESOURCE_DOES_NOT_EXIST"):
        client.delete_logged_model_tag(model.model_id, "missing")
    client.delete_logged_model(model.model_id)
    with pytest.raises(MlflowException, match="RESOURCE_DOES_NOT_EXIST"):
        client.get_logged_model(model.model_id)
    assert not client.search_logged_models([experiment_id])


def test_a_model_input_shows_in_the_run(client, experiment_id):
    model = client.create_logged_model(experiment_id, name="base")
    with mlflow.start_run(experiment_id=experiment_id) as run:
        mlflow.log_metric("score", 1.0, model_id=model.model_id)
    inputs = client.get_run(run.info.run_id).inputs.model_inputs
    assert [i.model_id for i in inputs] == [model.model_id]


def test_logged_model_routes_answer_mlflow_errors(api, experiment_id):
    assert_error(api.get("/logged-models/m-0123456789abcdef0123456789abcdef"), 404, "RESOURCE_DOES_NOT_EXIST")
    assert_error(api.post("/logged-models", {"name": "x"}), 400, "INVALID_PARAMETER_VALUE")
    assert_error(api.post("/logged-models", {"experiment_id": experiment_id, "name": "a/b"}), 400, "INVALID_PARAMETER_VALUE")
