"""MLflow 3: registering logged models, loading them by alias, and the version's link back to its logged model."""
import json
import uuid

import mlflow
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression


def test_log_model_with_a_registered_name_loads_by_alias(client, api, experiment_id):
    features, target = load_iris(return_X_y=True, as_frame=True)
    model = LogisticRegression(max_iter=300).fit(features, target)
    name = f"iris-{uuid.uuid4().hex[:8]}"
    with mlflow.start_run(experiment_id=experiment_id) as run:
        info = mlflow.sklearn.log_model(model, name="tree", registered_model_name=name)
    version = client.get_model_version(name, "1")
    # The OSS client reads no model_id from a version; the wire carries it (Sextant's UI links versions to models).
    assert version.run_id == run.info.run_id
    assert api.get("/model-versions/get", {"name": name, "version": "1"}).json()["model_version"]["model_id"] == info.model_id
    assert client.get_model_version_download_uri(name, "1") == mlflow.get_logged_model(info.model_id).artifact_location
    client.set_registered_model_alias(name, "champion", "1")
    loaded = mlflow.sklearn.load_model(f"models:/{name}@champion")
    assert loaded.predict(features).tolist() == model.predict(features).tolist()
    links = json.loads(mlflow.get_logged_model(info.model_id).tags["mlflow.modelVersions"])
    # The server's entry, then the one the 3.x client's register_model appends itself: the same list MLflow's server keeps.
    assert links == [{"name": name, "version": 1}, {"name": name, "version": "1"}]


def test_a_version_made_from_a_logged_model_is_listed_in_its_model_versions_tag(client, experiment_id):
    model = client.create_logged_model(experiment_id)
    name = f"listed-{uuid.uuid4().hex[:8]}"
    client.create_registered_model(name)
    for _ in range(2):
        client.create_model_version(name, source=model.artifact_location, model_id=model.model_id)
    assert client.get_logged_model(model.model_id).tags["mlflow.modelVersions"] == \
        f'[{{"name": "{name}", "version": 1}}, {{"name": "{name}", "version": 2}}]'


def test_register_a_logged_model_by_its_id(client, experiment_id):
    mlflow.set_experiment(experiment_id=experiment_id)
    info = mlflow.pyfunc.log_model(name="identity", python_model=IdentityModel())
    name = f"identity-{uuid.uuid4().hex[:8]}"
    version = mlflow.register_model(f"models:/{info.model_id}", name)
    assert version.version == "1" and version.source == f"models:/{info.model_id}"
    found = client.search_model_versions(f"name = '{name}'")
    assert [v.version for v in found] == ["1"]
    assert mlflow.pyfunc.load_model(f"models:/{name}/1").predict(np.array([1.0, 2.0])).tolist() == [1.0, 2.0]


class IdentityModel(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input
