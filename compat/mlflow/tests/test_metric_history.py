import math

from mlflow.entities import Metric

from conftest import assert_error


def test_thirty_thousand_points_come_back_complete_and_ordered(client, run_id):
    points = [Metric("long", i * 0.5, 1_700_000_000_000 + i, i) for i in range(30_000)]
    client.log_batch(run_id, metrics=points)
    history = client.get_metric_history(run_id, "long")
    assert len(history) == 30_000
    assert [m.step for m in history] == list(range(30_000))
    assert history[-1].value == 14_999.5


def test_the_python_shaped_get_answers_every_point(api, client, run_id):
    client.log_batch(run_id, metrics=[Metric("k", float(i), 1, i) for i in range(100)])
    body = api.get("/metrics/get-history", {"run_uuid": run_id, "run_id": run_id, "metric_key": "k",
                                            "max_results": 25000}).json()
    assert len(body["metrics"]) == 100
    assert body["metrics"][0] == {"key": "k", "value": 0.0, "timestamp": 1, "step": 0}


def test_an_unknown_key_is_empty(api, client, run_id):
    assert client.get_metric_history(run_id, "never-logged") == []
    assert api.get("/metrics/get-history", {"run_id": run_id, "metric_key": "never-logged"}).json() == {}


def test_bulk_interval_samples_each_run_keeping_first_and_last_steps(api, client, experiment_id):
    run_ids = []
    for _ in range(2):
        run_id = client.create_run(experiment_id).info.run_id
        client.log_batch(run_id, metrics=[Metric("curve", math.sin(i), 10 + i, i) for i in range(5000)])
        run_ids.append(run_id)
    body = api.get("/metrics/get-history-bulk-interval",
                   {"run_ids": run_ids, "metric_key": "curve", "max_results": 50}).json()
    for run_id in run_ids:
        steps = [m["step"] for m in body["metrics"] if m["run_id"] == run_id]
        assert 2 < len(steps) <= 50
        assert steps[0] == 0 and steps[-1] == 4999
        assert steps == sorted(steps)


def test_bulk_interval_of_a_short_series_is_the_whole_series(api, client, run_id):
    client.log_batch(run_id, metrics=[Metric("short", float(i), 1, i) for i in range(10)])
    body = api.get("/metrics/get-history-bulk-interval",
                   {"run_ids": run_id, "metric_key": "short", "start_step": 2, "end_step": 5}).json()
    assert [m["step"] for m in body["metrics"]] == [2, 3, 4, 5]


def test_bulk_interval_validates_its_arguments(api, run_id):
    assert_error(api.get("/metrics/get-history-bulk-interval", {"run_ids": run_id, "metric_key": "k", "start_step": 1}),
                 400, "INVALID_PARAMETER_VALUE")
    assert_error(api.get("/metrics/get-history-bulk-interval", {"run_ids": run_id, "metric_key": "k",
                                                                "max_results": 2501}), 400, "INVALID_PARAMETER_VALUE")
    assert_error(api.get("/metrics/get-history-bulk-interval", {"metric_key": "k"}), 400, "INVALID_PARAMETER_VALUE")


def test_history_is_ordered_by_timestamp_then_step_as_mlflow_does(client, run_id):
    client.log_batch(run_id, metrics=[Metric("late", 1.0, 300, 0), Metric("late", 2.0, 100, 5), Metric("late", 3.0, 100, 2)])
    assert [(m.timestamp, m.step) for m in client.get_metric_history(run_id, "late")] == [(100, 2), (100, 5), (300, 0)]


def test_bulk_interval_returns_a_window_of_max_results_points_whole(api, client, run_id):
    client.log_batch(run_id, metrics=[Metric("five", float(i), 1, i) for i in range(5)])
    body = api.get("/metrics/get-history-bulk-interval",
                   {"run_ids": run_id, "metric_key": "five", "max_results": 5}).json()
    assert [m["step"] for m in body["metrics"]] == [0, 1, 2, 3, 4]
