"""The model registry with the official client (2.17 and 3.x alike): models, versions, stages, aliases, tags, search."""
import uuid

import mlflow
import numpy as np
import pytest
from mlflow.exceptions import MlflowException

from conftest import MLFLOW_3, assert_error


class Doubler(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input * 2


def _name():
    return f"model-{uuid.uuid4().hex[:12]}"


def _log_model(experiment_id):
    """A pyfunc model logged in a new run, the way each client version spells it; returns the runs:/ URI."""
    with mlflow.start_run(experiment_id=experiment_id) as run:
        kwargs = {"name": "model"} if MLFLOW_3 else {"artifact_path": "model"}
        mlflow.pyfunc.log_model(python_model=Doubler(), **kwargs)
    return run.info.run_id, f"runs:/{run.info.run_id}/model"


def test_registered_model_lifecycle(client):
    name = _name()
    created = client.create_registered_model(name, tags={"team": "vision"}, description="first")
    assert (created.name, created.description, created.tags) == (name, "first", {"team": "vision"})
    with pytest.raises(MlflowException, match="RESOURCE_ALREADY_EXISTS"):
        client.create_registered_model(name)
    client.update_registered_model(name, description="second")
    client.set_registered_model_tag(name, "owner", "me")
    client.delete_registered_model_tag(name, "team")
    client.rename_registered_model(name, name + "-renamed")
    stored = client.get_registered_model(name + "-renamed")
    assert (stored.description, stored.tags) == ("second", {"owner": "me"})
    with pytest.raises(MlflowException, match="RESOURCE_DOES_NOT_EXIST"):
        client.get_registered_model(name)
    client.delete_registered_model(name + "-renamed")
    with pytest.raises(MlflowException, match="RESOURCE_DOES_NOT_EXIST"):
        client.get_registered_model(name + "-renamed")


def test_register_model_from_a_run_loads_by_version_and_alias(client, experiment_id):
    name = _name()
    run_id, uri = _log_model(experiment_id)
    version = mlflow.register_model(uri, name)
    assert (version.name, version.version, version.status, version.run_id) == (name, "1", "READY", run_id)
    client.set_registered_model_alias(name, "champion", "1")
    data = np.array([1.0, 4.0])
    assert mlflow.pyfunc.load_model(f"models:/{name}/1").predict(data).tolist() == [2.0, 8.0]
    assert mlflow.pyfunc.load_model(f"models:/{name}@champion").predict(data).tolist() == [2.0, 8.0]
    assert client.get_model_version_by_alias(name, "champion").version == "1"
    assert client.get_registered_model(name).aliases == {"champion": "1"}
    assert client.get_model_version_download_uri(name, "1")
    assert mlflow.register_model(uri, name).version == "2"


def test_versions_are_numbered_per_model_and_never_reused(client):
    name = _name()
    client.create_registered_model(name)
    for expected in ("1", "2", "3"):
        assert client.create_model_version(name, "s3://bucket/model", tags={"n": expected}).version == expected
    client.delete_model_version(name, "3")
    with pytest.raises(MlflowException, match="RESOURCE_DOES_NOT_EXIST"):
        client.get_model_version(name, "3")
    assert client.create_model_version(name, "s3://bucket/model").version == "4"
    updated = client.update_model_version(name, "1", description="the first")
    assert updated.description == "the first" and updated.tags == {"n": "1"}
    client.set_model_version_tag(name, "2", "checked", "yes")
    client.delete_model_version_tag(name, "2", "n")
    assert client.get_model_version(name, "2").tags == {"checked": "yes"}
    assert client.get_model_version_download_uri(name, "4") == "s3://bucket/model"


def test_stages_and_latest_versions(client):
    name = _name()
    client.create_registered_model(name)
    for _ in range(3):
        client.create_model_version(name, "s3://bucket/model")
    client.transition_model_version_stage(name, "1", "Production")
    moved = client.transition_model_version_stage(name, "2", "production", archive_existing_versions=True)
    assert moved.current_stage == "Production"
    assert client.get_model_version(name, "1").current_stage == "Archived"
    latest = {v.current_stage: v.version for v in client.get_latest_versions(name)}
    assert latest == {"None": "3", "Production": "2", "Archived": "1"}
    assert [v.version for v in client.get_latest_versions(name, stages=["Production"])] == ["2"]
    with pytest.raises(MlflowException, match="INVALID_PARAMETER_VALUE"):
        client.transition_model_version_stage(name, "3", "Deployed")


def test_aliases_move_and_reserved_names_are_refused(client, api):
    name = _name()
    client.create_registered_model(name)
    client.create_model_version(name, "s3://bucket/model")
    client.create_model_version(name, "s3://bucket/model")
    client.set_registered_model_alias(name, "prod", "1")
    client.set_registered_model_alias(name, "prod", "2")
    assert client.get_model_version(name, "2").aliases == ["prod"]
    assert client.get_model_version(name, "1").aliases == []
    for reserved in ("latest", "v3"):
        # The 2.17 client refuses these itself, 3.x asks the server: both say "reserved".
        with pytest.raises(MlflowException, match="reserved"):
            client.set_registered_model_alias(name, reserved, "1")
    for reserved in ("latest", "V3"):
        response = api.post("/registered-models/alias", {"name": name, "alias": reserved, "version": "1"})
        assert_error(response, 400, "INVALID_PARAMETER_VALUE")
    client.delete_registered_model_alias(name, "prod")
    with pytest.raises(MlflowException, match="RESOURCE_DOES_NOT_EXIST"):
        client.get_model_version_by_alias(name, "prod")


def test_registry_search_follows_mlflow_grammar(client):
    prefix = f"search-{uuid.uuid4().hex[:8]}"
    for suffix, team in [("a", "vision"), ("b", "nlp"), ("c", "vision")]:
        client.create_registered_model(f"{prefix}-{suffix}", tags={"team": team})
        client.create_model_version(f"{prefix}-{suffix}", f"s3://bucket/{suffix}", run_id=None)
    names = [m.name for m in client.search_registered_models(f"name LIKE '{prefix}-%' AND tags.team = 'vision'")]
    assert names == [f"{prefix}-a", f"{prefix}-c"]
    descending = client.search_registered_models(f"name ILIKE '{prefix.upper()}-%'", order_by=["name DESC"])
    assert [m.name for m in descending] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]
    page = client.search_registered_models(f"name LIKE '{prefix}-%'", max_results=2)
    rest = client.search_registered_models(f"name LIKE '{prefix}-%'", max_results=2, page_token=page.token)
    assert len(page) == 2 and [m.name for m in rest] == [f"{prefix}-c"]
    versions = client.search_model_versions(f"name = '{prefix}-b'")
    assert [(v.name, v.version, v.source) for v in versions] == [(f"{prefix}-b", "1", "s3://bucket/b")]
    assert [v.name for v in client.search_model_versions(f"source_path = 's3://bucket/c'")] == [f"{prefix}-c"]
    with pytest.raises(MlflowException, match="INVALID_PARAMETER_VALUE"):
        client.search_registered_models("owner = 'x'")


def test_versions_are_searched_by_run(client, experiment_id):
    name = _name()
    run_id, uri = _log_model(experiment_id)
    mlflow.register_model(uri, name)
    found = client.search_model_versions(f"run_id = '{run_id}'")
    assert [(v.name, v.version) for v in found] == [(name, "1")]
    assert client.search_model_versions(f"run_id IN ('{run_id}', 'other') AND name = '{name}'")


def test_registry_errors_use_mlflow_codes(api):
    assert_error(api.get("/registered-models/get", {"name": "no-such-model"}), 404, "RESOURCE_DOES_NOT_EXIST")
    assert_error(api.post("/registered-models/create", {"name": "a/b"}), 400, "INVALID_PARAMETER_VALUE")
    assert_error(api.post("/model-versions/create", {"name": "no-such-model", "source": "s3://x"}), 404,
                 "RESOURCE_DOES_NOT_EXIST")
    assert_error(api.get("/model-versions/get", {"name": "no-such-model", "version": "x"}), 400, "INVALID_PARAMETER_VALUE")
