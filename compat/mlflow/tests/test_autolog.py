"""MLflow's sklearn autologging, unmodified, against Sextant: what most MLflow users actually run."""
import mlflow
import pytest
from mlflow.entities import ViewType
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


@pytest.fixture
def autolog():
    mlflow.sklearn.autolog(log_datasets=True, silent=True)
    yield
    mlflow.sklearn.autolog(disable=True)


def test_sklearn_autolog_records_params_metrics_datasets_and_a_loadable_model(client, experiment_id, autolog):
    features, target = load_iris(return_X_y=True, as_frame=True)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        model = LogisticRegression(max_iter=300, C=0.5).fit(features, target)
    run_id = run.info.run_id

    stored = client.get_run(run_id)
    assert stored.info.status == "FINISHED"
    assert stored.data.params["C"] == "0.5" and stored.data.params["max_iter"] == "300"
    assert stored.data.metrics["training_score"] == pytest.approx(model.score(features, target))
    assert stored.data.tags["estimator_class"] == "sklearn.linear_model._logistic.LogisticRegression"
    [training_input] = stored.inputs.dataset_inputs
    assert [(tag.key, tag.value) for tag in training_input.tags] == [("mlflow.data.context", "train")]
    assert training_input.dataset.schema  # the column spec autolog inferred
    # MLflow 3 keeps the model in a logged model and lists it under the run by name, 2.x among the run's files.
    assert "model/MLmodel" in {artifact.path for artifact in client.list_artifacts(run_id, "model")}

    reloaded = mlflow.sklearn.load_model(f"runs:/{run_id}/model")
    assert reloaded.predict(features).tolist() == model.predict(features).tolist()
    found = client.search_runs([experiment_id], "datasets.context = 'train'", run_view_type=ViewType.ACTIVE_ONLY)
    assert [r.info.run_id for r in found] == [run_id]
