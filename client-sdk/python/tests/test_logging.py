import math
import time

import pytest

import sextant


class FakeNumpyFloat:
    """Stands in for numpy.float32: only __float__, no numpy import needed."""

    def __init__(self, value):
        self.value = value

    def __float__(self):
        return float(self.value)


def test_metrics_config_and_tags_round_trip_through_the_rest_api(server, client):
    with sextant.start_run("sdk-basic", url=server.url, config={"lr": 0.01, "model": {"layers": 4}},
                           tags={"team": "vision"}, name="basic") as run:
        for step in range(5):
            run.log({"train/loss": 1.0 / (step + 1), "train/acc": step * 0.1}, step=step)
        run.log_metric("eval/loss", 0.5, step=4)
        run.set_tags({"stage": "done"})
        run.log_config({"batch_size": 32})
        run.log_input("mnist", "/data/mnist", digest="v2", context="train")
        run.log_input("mnist-test", "/data/mnist-test", context="eval")

    stored = client.get_run(run.run_id)
    assert [(i["dataset"]["name"], i["tags"]["mlflow.data.context"]) for i in stored["inputs"]] == [
        ("mnist", "train"), ("mnist-test", "eval")]
    assert stored["inputs"][0]["dataset"]["digest"] == "v2"
    assert len(stored["inputs"][1]["dataset"]["digest"]) == 16  # derived from the source
    assert stored["status"] == "FINISHED"
    assert stored["name"] == "basic"
    assert stored["end_time_ms"] is not None
    assert stored["config"] == {"lr": 0.01, "model": {"layers": 4}, "batch_size": 32}
    assert stored["tags"]["team"] == "vision" and stored["tags"]["stage"] == "done"
    points = client.metric_points(run.run_id, "train/loss")
    assert [(p["step"], p["value"]) for p in points] == [(s, 1.0 / (s + 1)) for s in range(5)]
    assert [p["value"] for p in client.metric_points(run.run_id, "eval/loss")] == [0.5]


def test_nan_and_infinities_round_trip(server, client):
    with sextant.start_run("sdk-basic", url=server.url) as run:
        run.log({"x": math.nan}, step=0)
        run.log({"x": math.inf}, step=1)
        run.log({"x": -math.inf}, step=2)
        run.log({"x": FakeNumpyFloat(2.5)}, step=3)
        run.log({"x": 7}, step=4)
    values = [p["value"] for p in client.metric_points(run.run_id, "x")]
    assert math.isnan(values[0])
    assert values[1:] == [math.inf, -math.inf, 2.5, 7.0]


def test_booleans_and_non_numbers_are_refused_at_the_call(server):
    with sextant.start_run("sdk-basic", url=server.url) as run:
        with pytest.raises(TypeError, match="booleans"):
            run.log({"flag": True})
        with pytest.raises(TypeError, match="must be a number"):
            run.log({"name": "abc"})
        with pytest.raises(ValueError, match="relative path"):
            run.log({"a//b": 1.0})


def test_steps_default_to_a_counter(server, client):
    with sextant.start_run("sdk-basic", url=server.url) as run:
        run.log({"m": 1.0})
        run.log({"m": 2.0})
        run.log({"m": 3.0}, step=10)
        run.log({"m": 4.0})
    assert [p["step"] for p in client.metric_points(run.run_id, "m")] == [0, 1, 10, 11]


def test_hundred_thousand_points_from_a_tight_loop_arrive_exactly_once(server, client):
    started = time.perf_counter()
    with sextant.start_run("sdk-volume", url=server.url) as run:
        for step in range(100_000):
            run.log({"loss": step * 0.5}, step=step)
        log_seconds = time.perf_counter() - started
    points = client.metric_points(run.run_id, "loss")
    assert len(points) == 100_000
    assert [p["step"] for p in points] == list(range(100_000))
    assert all(p["value"] == p["step"] * 0.5 for p in points)
    assert log_seconds < 30, f"logging 100k points took {log_seconds:.1f}s"


def test_a_with_block_that_raises_marks_the_run_failed(server, client):
    with pytest.raises(ZeroDivisionError):
        with sextant.start_run("sdk-lifecycle", url=server.url) as run:
            run.log({"loss": 1.0}, step=0)
            1 / 0
    stored = client.get_run(run.run_id)
    assert stored["status"] == "FAILED"
    assert stored["metrics"]["loss"]["count"] == 1  # what was logged before the error still arrives


def test_keyboard_interrupt_marks_the_run_killed(server, client):
    with pytest.raises(KeyboardInterrupt):
        with sextant.start_run("sdk-lifecycle", url=server.url) as run:
            raise KeyboardInterrupt
    assert client.get_run(run.run_id)["status"] == "KILLED"


def test_a_run_resumed_by_id_continues_after_its_last_step(server, client):
    with sextant.start_run("sdk-resume", url=server.url, config={"lr": 0.1}) as first:
        for step in range(3):
            first.log({"loss": float(step)})
    with sextant.start_run(run_id=first.run_id, url=server.url, tags={"resumed": "yes"}) as second:
        assert client.get_run(first.run_id)["status"] == "RUNNING"
        second.log({"loss": 3.0})
    stored = client.get_run(first.run_id)
    assert stored["status"] == "FINISHED"
    assert stored["config"] == {"lr": 0.1}
    assert stored["tags"]["resumed"] == "yes"
    assert [p["step"] for p in client.metric_points(first.run_id, "loss")] == [0, 1, 2, 3]


def test_a_refused_request_is_reported_and_dead_lettered_not_retried(server, client, tmp_path, caplog):
    with sextant.start_run("sdk-refused", url=server.url, config={"lr": 0.1}) as run:
        run.log_config({"lr": 0.2})  # a config value cannot change: the server refuses it
        run.log({"loss": 1.0}, step=0)
    assert "refused" in caplog.text and "lr" in caplog.text
    rejected = tmp_path / "spool" / f"{run.run_id}.rejected.jsonl"
    assert '"op": "config"' in rejected.read_text()
    stored = client.get_run(run.run_id)
    assert stored["config"] == {"lr": 0.1} and stored["status"] == "FINISHED"


def sampled(client, run_id):
    return client.get_run(run_id)["metrics"].get("system/process_rss_mb", {}).get("count", 0)


def test_system_metrics_are_sampled_as_system_series(server, client):
    with sextant.start_run("sdk-system", url=server.url, system_metrics_interval_s=0.2) as run:
        # The samples come from the SDK's own thread: wait until two reached the server, not for a fixed time that a
        # loaded machine can spend without the sampler getting the CPU twice.
        deadline = time.monotonic() + 60
        while sampled(client, run.run_id) < 2 and time.monotonic() < deadline:
            run.flush()
            time.sleep(0.05)  # the poll's pace
    metrics = client.get_run(run.run_id)["metrics"]
    assert metrics["system/process_rss_mb"]["count"] >= 2
    assert "system/cpu_percent" in metrics and "system/memory_percent" in metrics


def test_logging_after_finish_raises(server):
    run = sextant.start_run("sdk-basic", url=server.url)
    run.finish()
    with pytest.raises(RuntimeError, match="finished"):
        run.log({"loss": 1.0})
