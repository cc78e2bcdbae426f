import pytest
from mlflow.entities import Metric, Param, RunTag

from conftest import assert_error


def search(client, experiment_ids, filter_string="", **kwargs):
    return client.search_runs(experiment_ids, filter_string, **kwargs)


@pytest.fixture
def runs(client, experiment_id):
    """Three runs: lr (rmse 0.5), rf (rmse 2.0), and one without metrics or params."""
    created = {}
    for name, rmse, model in [("exp-lr", 0.5, "lr"), ("exp-rf", 2.0, "rf"), ("other", None, None)]:
        run = client.create_run(experiment_id, run_name=name)
        metrics = [Metric("rmse", rmse, 1, 0)] if rmse is not None else []
        params = [Param("model", model), Param("lr", "1E-3" if model == "lr" else "0.1")] if model else []
        client.log_batch(run.info.run_id, metrics=metrics, params=params, tags=[RunTag("kind", name.split("-")[0])])
        created[name] = run.info.run_id
    client.set_terminated(created["exp-rf"], status="FAILED")
    return created


def ids(found):
    return sorted(r.info.run_id for r in found)


@pytest.mark.parametrize("filter_string,expected", [
    ("metrics.rmse < 1 and params.model = 'lr'", ["exp-lr"]),
    ("metrics.rmse >= 0.5", ["exp-lr", "exp-rf"]),
    ("metrics.rmse != 0.5", ["exp-rf"]),
    ("tags.`mlflow.runName` = \"other\"", ["other"]),
    ("attributes.status != 'FAILED'", ["exp-lr", "other"]),
    ("attribute.start_time >= 0", ["exp-lr", "exp-rf", "other"]),
    ("run_name LIKE 'exp-%'", ["exp-lr", "exp-rf"]),
    ("run_name LIKE 'EXP-%'", []),
    ("run_name ILIKE 'EXP-%'", ["exp-lr", "exp-rf"]),
    ("params.lr ILIKE '%e-3'", ["exp-lr"]),
    ("params.model != 'lr'", ["exp-rf"]),
])
def test_filters(client, experiment_id, runs, filter_string, expected):
    assert ids(search(client, [experiment_id], filter_string)) == sorted(runs[name] for name in expected)


def test_run_id_in(client, experiment_id, runs):
    found = search(client, [experiment_id], f"attributes.run_id IN ('{runs['exp-lr']}', '{runs['other']}')")
    assert ids(found) == sorted([runs["exp-lr"], runs["other"]])


@pytest.mark.parametrize("filter_string", [
    "metrics.rmse < 1 OR params.model = 'lr'",
    "metrics.rmse = 'a'",
    "params.model > 1",
    "attributes.no_such_attribute = 'x'",
])
def test_invalid_filters_are_refused(api, experiment_id, filter_string):
    response = api.post("/runs/search", {"experiment_ids": [experiment_id], "filter": filter_string})
    assert_error(response, 400, "INVALID_PARAMETER_VALUE")


@pytest.mark.parametrize("order_by,expected", [
    (["metrics.rmse ASC"], ["exp-lr", "exp-rf", "other"]),
    (["metrics.rmse DESC"], ["exp-rf", "exp-lr", "other"]),
    (["params.model DESC"], ["exp-rf", "exp-lr", "other"]),
    (["tags.`mlflow.runName` ASC"], ["exp-lr", "exp-rf", "other"]),
    (["attributes.start_time ASC"], ["exp-lr", "exp-rf", "other"]),
])
def test_order_by(client, experiment_id, runs, order_by, expected):
    found = search(client, [experiment_id], order_by=order_by)
    assert [r.info.run_id for r in found] == [runs[name] for name in expected]


def test_default_order_is_newest_first(client, experiment_id, runs):
    found = search(client, [experiment_id])
    assert [r.info.run_id for r in found] == [runs[n] for n in ["other", "exp-rf", "exp-lr"]] or \
        len({r.info.start_time for r in found}) < 3


def test_paging_returns_each_run_exactly_once(client, experiment_id):
    created = {client.create_run(experiment_id).info.run_id for _ in range(5)}
    seen, token = [], None
    while True:
        page = client.search_runs([experiment_id], max_results=2, page_token=token)
        seen += [r.info.run_id for r in page]
        token = page.token
        if not token:
            break
    assert sorted(seen) == sorted(created)


def test_bad_page_token_and_max_results_are_refused(api, experiment_id):
    assert_error(api.post("/runs/search", {"experiment_ids": [experiment_id], "page_token": "nonsense!"}), 400,
                 "INVALID_PARAMETER_VALUE")
    assert_error(api.post("/runs/search", {"experiment_ids": [experiment_id], "max_results": 50001}), 400,
                 "INVALID_PARAMETER_VALUE")


def test_no_experiments_means_no_runs(api):
    assert api.post("/runs/search", {"experiment_ids": []}).json().get("runs", []) == []


def test_fluent_search_runs_returns_a_data_frame_free_list(experiment_id, runs):
    import mlflow
    found = mlflow.search_runs([experiment_id], output_format="list")
    assert sorted(r.info.run_id for r in found) == sorted(runs.values())
