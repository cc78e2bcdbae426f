import time
import uuid

import mlflow
import pytest
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException, RestException

from conftest import assert_error


def unique(prefix="exp"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def test_create_returns_a_string_id_and_get_and_get_by_name_find_it(client):
    name = unique()
    experiment_id = client.create_experiment(name, tags={"team": "vision"})
    assert isinstance(experiment_id, str) and experiment_id.isdigit()
    assert client.get_experiment(experiment_id).name == name
    by_name = client.get_experiment_by_name(name)
    assert by_name.experiment_id == experiment_id
    assert by_name.tags == {"team": "vision"}
    assert by_name.artifact_location == f"mlflow-artifacts:/{experiment_id}"


def test_get_by_name_of_an_unknown_name_is_none(client):
    assert client.get_experiment_by_name(unique("missing")) is None


def test_a_duplicate_name_is_resource_already_exists(client, api):
    name = unique()
    client.create_experiment(name)
    with pytest.raises(RestException) as error:
        client.create_experiment(name)
    assert error.value.error_code == "RESOURCE_ALREADY_EXISTS"
    assert_error(api.post("/experiments/create", {"name": name}), 400, "RESOURCE_ALREADY_EXISTS")


def test_rename_updates_name_and_last_update_time(client):
    experiment_id = client.create_experiment(unique())
    before = client.get_experiment(experiment_id).last_update_time
    time.sleep(0.01)
    client.rename_experiment(experiment_id, unique("renamed"))
    after = client.get_experiment(experiment_id)
    assert after.name.startswith("renamed-")
    assert after.last_update_time > before


def test_set_experiment_tag_shows_in_tags(client):
    experiment_id = client.create_experiment(unique())
    client.set_experiment_tag(experiment_id, "mlflow.note.content", "notes")
    client.set_experiment_tag(experiment_id, "empty", "")
    assert client.get_experiment(experiment_id).tags == {"mlflow.note.content": "notes", "empty": ""}


def test_delete_hides_it_from_active_search_and_restore_brings_it_back(client):
    experiment_id = client.create_experiment(unique())
    client.delete_experiment(experiment_id)
    assert client.get_experiment(experiment_id).lifecycle_stage == "deleted"
    active = [e.experiment_id for e in client.search_experiments(view_type=ViewType.ACTIVE_ONLY)]
    deleted = [e.experiment_id for e in client.search_experiments(view_type=ViewType.DELETED_ONLY)]
    everything = [e.experiment_id for e in client.search_experiments(view_type=ViewType.ALL)]
    assert experiment_id not in active
    assert experiment_id in deleted and experiment_id in everything
    with pytest.raises(MlflowException) as error:
        client.create_run(experiment_id)
    assert error.value.error_code == "INVALID_PARAMETER_VALUE"
    client.restore_experiment(experiment_id)
    assert client.get_experiment(experiment_id).lifecycle_stage == "active"


def test_deleting_an_experiment_deletes_its_runs_and_restore_brings_them_back(client):
    experiment_id = client.create_experiment(unique())
    kept = client.create_run(experiment_id).info.run_id
    deleted_alone = client.create_run(experiment_id).info.run_id
    client.delete_run(deleted_alone)

    client.delete_experiment(experiment_id)
    assert client.search_runs([experiment_id], run_view_type=ViewType.ACTIVE_ONLY) == []
    assert client.get_run(kept).info.lifecycle_stage == "deleted"
    with pytest.raises(MlflowException) as error:
        client.log_metric(kept, "loss", 1.0)
    assert error.value.error_code == "INVALID_PARAMETER_VALUE"

    client.restore_experiment(experiment_id)
    active = client.search_runs([experiment_id], run_view_type=ViewType.ACTIVE_ONLY)
    assert [run.info.run_id for run in active] == [kept]
    # MLflow would reactivate this one too; Sextant's restore undoes only what the delete did.
    assert client.get_run(deleted_alone).info.lifecycle_stage == "deleted"


def test_delete_and_restore_only_find_experiments_in_the_opposite_stage(client, api):
    experiment_id = client.create_experiment(unique())
    assert_error(api.post("/experiments/restore", {"experiment_id": experiment_id}), 404, "RESOURCE_DOES_NOT_EXIST")
    client.delete_experiment(experiment_id)
    assert_error(api.post("/experiments/delete", {"experiment_id": experiment_id}), 404, "RESOURCE_DOES_NOT_EXIST")


def test_set_experiment_refuses_a_deleted_experiment(client):
    name = unique()
    experiment_id = client.create_experiment(name)
    client.delete_experiment(experiment_id)
    with pytest.raises(MlflowException, match="deleted"):
        mlflow.set_experiment(name)


def test_set_experiment_creates_a_missing_experiment(client):
    name = unique()
    experiment = mlflow.set_experiment(name)
    assert client.get_experiment(experiment.experiment_id).name == name


def test_an_unknown_id_is_a_404_json_error(api):
    assert_error(api.get("/experiments/get", {"experiment_id": "99999999"}), 404, "RESOURCE_DOES_NOT_EXIST")


def test_a_missing_name_is_invalid(api):
    assert_error(api.post("/experiments/create", {}), 400, "INVALID_PARAMETER_VALUE")


def test_search_by_name_like_tag_and_creation_time(client):
    prefix = unique("search")
    ids = [client.create_experiment(f"{prefix}-{i}", tags={"parity": str(i % 2)}) for i in range(4)]
    found = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'")
    assert sorted(e.experiment_id for e in found) == sorted(ids)
    odd = client.search_experiments(filter_string=f"name LIKE '{prefix}%' AND tags.parity = '1'")
    assert sorted(e.experiment_id for e in odd) == sorted(ids[1::2])
    created = client.get_experiment(ids[0]).creation_time
    recent = client.search_experiments(
        filter_string=f"name ILIKE '{prefix.upper()}%' AND creation_time >= {created}")
    assert sorted(e.experiment_id for e in recent) == sorted(ids)


def test_search_orders_by_name_and_by_id_and_pages(client):
    prefix = unique("order")
    ids = [client.create_experiment(f"{prefix}-{i}") for i in range(5)]
    by_name_desc = client.search_experiments(filter_string=f"name LIKE '{prefix}%'", order_by=["name DESC"])
    assert [e.name for e in by_name_desc] == [f"{prefix}-{i}" for i in reversed(range(5))]
    by_id = client.search_experiments(filter_string=f"name LIKE '{prefix}%'", order_by=["experiment_id ASC"])
    assert [e.experiment_id for e in by_id] == sorted(ids, key=int)

    seen, token = [], None
    while True:
        page = client.search_experiments(filter_string=f"name LIKE '{prefix}%'", max_results=2, page_token=token,
                                         order_by=["name ASC"])
        seen += [e.name for e in page]
        token = page.token
        if not token:
            break
    assert seen == [f"{prefix}-{i}" for i in range(5)]


def test_search_rejects_bad_filters_and_limits(api):
    assert_error(api.post("/experiments/search", {"filter": "metrics.x > 1", "max_results": 10}), 400,
                 "INVALID_PARAMETER_VALUE")
    assert_error(api.post("/experiments/search", {"max_results": 50001}), 400, "INVALID_PARAMETER_VALUE")
    assert_error(api.post("/experiments/search", {"max_results": 10, "page_token": "garbage!"}), 400,
                 "INVALID_PARAMETER_VALUE")
